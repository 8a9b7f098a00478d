import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import {
    DataError,
    ReaderThread,
    evaluate,
    formatHtmlReport,
    formatJUnitReport,
    formatMarkdownReport,
    formatSarifReport,
    formatTextReport,
    toJsonReport,
    type Report,
} from '@sla/interpreter';
import { NodeFileSystem } from 'langium/node';
import {
    createSlaServices,
    formatDiagnostic,
    loadAgreements,
    type LoadedAgreements,
    type SlaDiagnostic,
} from '@sla/language';
import { ExitCode, type CheckOptions, type Format } from './options.js';

declare const SLA_VERSION: string;

/** The reader thread's script, built next to this bundle by esbuild.mjs. */
const SCAN_WORKER = path.join(__dirname, 'scan-worker.cjs');

export async function validate(file: string, options: CheckOptions): Promise<number> {
    const loaded = await load(file, options);
    if (typeof loaded === 'number') return loaded;
    if (options.format === 'json') {
        process.stdout.write(
            `${JSON.stringify({ file: loaded.file, valid: !loaded.hasErrors, diagnostics: loaded.diagnostics }, null, 2)}\n`,
        );
    } else {
        printDiagnostics(loaded.diagnostics, options, process.stdout);
        process.stdout.write(`${summarise(loaded.diagnostics)}\n`);
    }
    return loaded.hasErrors ? ExitCode.Invalid : ExitCode.Ok;
}

export async function check(file: string, options: CheckOptions): Promise<number> {
    // Started before the agreement is parsed, so that it is ready when a large data file is read.
    const readerThread = new ReaderThread(SCAN_WORKER);
    try {
        return await checkAgreement(file, options, readerThread);
    } finally {
        await readerThread.close();
    }
}

async function checkAgreement(file: string, options: CheckOptions, readerThread: ReaderThread): Promise<number> {
    const loaded = await load(file, options);
    if (typeof loaded === 'number') return loaded;
    printDiagnostics(loaded.diagnostics, options, process.stderr);
    if (loaded.hasErrors) {
        process.stderr.write(`sla: ${summarise(loaded.diagnostics)}; fix the errors above, then run again\n`);
        return ExitCode.Invalid;
    }
    const reports: Report[] = [];
    for (const contract of loaded.contracts) {
        try {
            reports.push(
                await evaluate(contract, {
                    from: options.from,
                    to: options.to,
                    asOf: options.asOf,
                    skipBadRows: options.skipBadRows,
                    maxWindows: options.maxWindows,
                    allowRead: options.allowRead,
                    readerThread,
                }),
            );
        } catch (error) {
            if (error instanceof DataError) {
                process.stderr.write(`${formatDataError(error)}\n`);
                return ExitCode.Invalid;
            }
            if (error instanceof RangeError) {
                // The evaluator's word for input it cannot use, such as a --from date that does not exist.
                process.stderr.write(`sla: ${error.message}\n`);
                return ExitCode.Invalid;
            }
            throw error;
        }
    }
    const output = render(options.format, loaded.file, reports);
    process.stdout.write(output);
    if (options.output) await fs.writeFile(options.output, output);
    for (const extra of options.reports) await fs.writeFile(extra.file, render(extra.format, loaded.file, reports));
    const unreadable = reports.flatMap((r) => r.dataSources).filter((source) => source.error);
    for (const source of unreadable) {
        process.stderr.write(`${path.relative(process.cwd(), source.path) || source.path}: error: ${source.error}\n`);
    }
    if (unreadable.length > 0) return ExitCode.Invalid;
    const evaluatedWindows = reports.reduce(
        (sum, r) => sum + r.summary.met + r.summary.breached + r.summary.notDetermined + r.summary.inProgress,
        0,
    );
    if (evaluatedWindows === 0) {
        process.stderr.write(
            'sla: warning: no window was evaluated: the data has no rows in the term or the --from/--to range\n',
        );
        if (options.strict) return ExitCode.Breach;
    }
    if (reports.some((r) => r.breached)) return ExitCode.Breach;
    if (options.strict && reports.some((r) => r.summary.notDetermined > 0)) return ExitCode.Breach;
    return ExitCode.Ok;
}

function render(format: Format, file: string, reports: readonly Report[]): string {
    switch (format) {
        case 'json':
            return `${JSON.stringify({ file, agreements: reports.map(toJsonReport) }, null, 2)}\n`;
        case 'junit':
            return formatJUnitReport(reports, process.cwd());
        case 'sarif':
            return formatSarifReport(reports, { toolVersion: SLA_VERSION, baseDirectory: process.cwd() });
        case 'markdown':
            return formatMarkdownReport(reports);
        case 'html':
            return formatHtmlReport(reports);
        case 'text':
            return reports.map(formatTextReport).join('\n');
    }
}

async function load(file: string, options: CheckOptions): Promise<LoadedAgreements | number> {
    if (path.extname(file) !== '.sla') {
        process.stderr.write(`sla: ${file}: expected an agreement file ending in .sla\n`);
        return ExitCode.Invalid;
    }
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
        process.stderr.write(`sla: ${file}: no such file\n`);
        return ExitCode.Invalid;
    }
    const { Sla } = createSlaServices(NodeFileSystem);
    Sla.data.DataAccess.allowReading(options.allowRead);
    return loadAgreements(file, Sla);
}

function formatDataError(error: DataError): string {
    const file = path.relative(process.cwd(), error.file) || error.file;
    const where = error.line > 0 ? `${file}:${error.line}:${error.column}` : file;
    return `${where}: error: expected ${error.expected}, found ${error.found}. ${error.hint}`;
}

function printDiagnostics(
    diagnostics: readonly SlaDiagnostic[],
    options: CheckOptions,
    stream: NodeJS.WritableStream,
): void {
    for (const d of diagnostics) {
        if (options.quiet && d.severity !== 'error') continue;
        stream.write(`${formatDiagnostic(d)}\n`);
    }
}

function summarise(diagnostics: readonly SlaDiagnostic[]): string {
    const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}`;
}
