import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as path from 'node:path';
import { requireWithCodeCache } from './code-cache.js';
import { ExitCode, FORMATS, type CheckOptions, type Format } from './options.js';

declare const SLA_VERSION: string;

const USAGE = `sla — check service level agreements against measurement data

Usage:
  sla check FILE.sla [options]     evaluate the agreement against its data and print a compliance report
  sla validate FILE.sla [options]  parse and validate the agreement only

Options:
  --format FORMAT      report format on standard output: text (default), json, junit, sarif,
                       markdown, html
  --from DATE          evaluate windows from this local date or ISO instant on
  --to DATE            evaluate windows up to this local date or ISO instant (exclusive)
  --as-of DATE         evaluate as the data stood at this local date or ISO instant (default:
                       now, capped by the term): later rows are not read, windows that end
                       later are in progress
  --output FILE        also write the report to FILE, in the --format format
  --json FILE          also write a JSON report to FILE
  --junit FILE         also write a JUnit XML report to FILE (one test case per objective and window)
  --sarif FILE         also write a SARIF 2.1.0 report to FILE (breaches placed on the objectives)
  --markdown FILE      also write a Markdown report to FILE (for job summaries and PR comments)
  --html FILE          also write a self-contained HTML report to FILE
  --skip-bad-rows      skip malformed data rows (they are counted and reported) instead of failing
  --max-windows N      evaluate at most N windows (objective × window × group) per agreement;
                       default 50000, which keeps an evaluation within seconds and a GiB
  --allow-read DIR     also read data files in DIR, outside the project (repeatable); the project
                       is the nearest folder above the .sla file with a .git, a package.json or
                       an sla.config.* file
  --strict             treat a window whose verdict is not determined, or a run that
                       evaluated no window at all, as a failure
  --quiet              do not print warnings and hints
  -h, --help           show this help
  -v, --version        show the version

Exit codes:
  0  every objective met (or not determined, or nothing to evaluate, unless --strict)
  1  at least one objective breached
  2  invalid input: usage, syntax or validation errors, unreadable or malformed data
  3  internal error (a bug: please report it)
`;

const OPTIONS = {
    format: { type: 'string', default: 'text' },
    from: { type: 'string' },
    to: { type: 'string' },
    'as-of': { type: 'string' },
    output: { type: 'string' },
    json: { type: 'string' },
    junit: { type: 'string' },
    sarif: { type: 'string' },
    markdown: { type: 'string' },
    html: { type: 'string' },
    'skip-bad-rows': { type: 'boolean', default: false },
    'max-windows': { type: 'string' },
    'allow-read': { type: 'string', multiple: true, default: [] },
    strict: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    version: { type: 'boolean', short: 'v', default: false },
} satisfies ParseArgsConfig['options'];

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function isFormat(value: string): value is Format {
    return (FORMATS as readonly string[]).includes(value);
}

/** True for dates that exist: 2024-02-29 but not 2025-02-30. */
function isCalendarDate(text: string): boolean {
    const [year, month, day] = text.split('-').map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function usageError(message: string): number {
    process.stderr.write(`sla: ${message}\nRun 'sla --help' for usage.\n`);
    return ExitCode.Invalid;
}

async function main(argv: string[]): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
        return usageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.version) {
        process.stdout.write(`${SLA_VERSION}\n`);
        return ExitCode.Ok;
    }
    if (values.help || positionals[0] === 'help') {
        process.stdout.write(USAGE);
        return ExitCode.Ok;
    }
    const [command, file, ...extra] = positionals;
    if (command !== 'check' && command !== 'validate') {
        return usageError(
            command
                ? `unknown command '${command}': expected 'check' or 'validate'`
                : "missing command: expected 'check' or 'validate'",
        );
    }
    if (!file) return usageError(`'${command}' needs an agreement file, e.g. sla ${command} contract.sla`);
    if (extra.length > 0) return usageError(`unexpected argument '${extra[0]}': give one agreement file`);
    if (!isFormat(values.format))
        return usageError(`--format must be one of ${FORMATS.join(', ')}, not '${values.format}'`);
    if (command === 'validate' && values.format !== 'text' && values.format !== 'json') {
        return usageError(`'validate' prints diagnostics as text or json, not ${values.format}`);
    }
    for (const bound of ['from', 'to', 'as-of'] as const) {
        const value = values[bound];
        if (value !== undefined && !(DATE_OR_INSTANT.test(value) && isCalendarDate(value.slice(0, 10)))) {
            return usageError(
                `--${bound} '${value}' is not a date (YYYY-MM-DD) or an ISO instant (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])`,
            );
        }
    }
    if (values.from !== undefined && values.to !== undefined && values.to.slice(0, 10) < values.from.slice(0, 10)) {
        return usageError(`--to ${values.to} is before --from ${values.from}`);
    }
    const maxWindows = values['max-windows'];
    if (maxWindows !== undefined && !/^[1-9]\d{0,11}$/.test(maxWindows)) {
        return usageError(`--max-windows '${maxWindows}' is not a whole number of at least 1`);
    }
    const reports = (['json', 'junit', 'sarif', 'markdown', 'html'] as const)
        .filter((format) => values[format] !== undefined)
        .map((format) => ({ format, file: values[format]! }));
    const options: CheckOptions = {
        format: values.format,
        reports,
        from: values.from,
        to: values.to,
        asOf: values['as-of'],
        output: values.output,
        skipBadRows: values['skip-bad-rows'],
        maxWindows: maxWindows === undefined ? undefined : Number(maxWindows),
        allowRead: values['allow-read'].map((folder) => path.resolve(folder)),
        strict: values.strict,
        quiet: values.quiet,
    };
    // Not import(): that makes Node scan the 1.5 MB CommonJS engine bundle for exports first.
    const engine = requireWithCodeCache(
        path.join(__dirname, 'engine.cjs'),
        SLA_VERSION,
    ) as typeof import('./engine.js');
    return command === 'check' ? engine.check(file, options) : engine.validate(file, options);
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`sla: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exitCode = ExitCode.Internal;
    },
);
