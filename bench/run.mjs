/**
 * `npm run bench`: the interpreter against DuckDB and the read+newline floor on generated probe
 * data, the language server over stdio, and the CLI's cold start. See bench/README.md.
 *
 *   node bench/run.mjs [--rows N]... [--runs 3] [--parts interpreter,lsp,cli] [--json]
 *
 * Progress goes to stderr; the table (or with --json one JSON object) to stdout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareWithReference } from './compare.mjs';
import { DATA_DIR, ensureBenchmarkInputs } from './generate.mjs';
import { benchmarkLanguageServer } from './lsp.mjs';
import { bestOf, rssSource } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SLA_BIN = path.join(ROOT, 'packages/cli/bin/sla.js');
const SERVER_BUNDLE = path.join(ROOT, 'packages/vscode/dist/server.cjs');
const DUCKDB_QUERY = fileURLToPath(new URL('./duckdb-query.mjs', import.meta.url));
const FLOOR = fileURLToPath(new URL('./floor.mjs', import.meta.url));
const DEFAULT_ROWS = [1_000_000, 10_000_000];
const PARTS = ['interpreter', 'lsp', 'cli'];
const CLI_START_RUNS = 10;
/** `sla check` exits 1 when an objective is breached, which this data is built to do. */
const SLA_CHECK_STATUSES = [0, 1];

const log = (message) => process.stderr.write(`${message}\n`);
const round = (value, digits = 3) => (value === undefined || value === null ? null : Number(value.toFixed(digits)));

function parseOptions() {
    const { values } = parseArgs({
        options: {
            rows: { type: 'string', multiple: true },
            runs: { type: 'string', default: '3' },
            parts: { type: 'string', default: PARTS.join(',') },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean', short: 'h', default: false },
        },
    });
    const rows = (values.rows ?? DEFAULT_ROWS.map(String)).map((text) => {
        const n = Number(text.replaceAll('_', ''));
        if (!Number.isInteger(n) || n <= 0) throw new Error(`--rows must be a positive whole number, not '${text}'`);
        return n;
    });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs <= 0)
        throw new Error(`--runs must be a positive whole number, not '${values.runs}'`);
    const parts = values.parts.split(',').map((p) => p.trim());
    const unknown = parts.find((p) => !PARTS.includes(p));
    if (unknown) throw new Error(`--parts: unknown part '${unknown}'; choose from ${PARTS.join(', ')}`);
    return { rows, runs, parts, json: values.json, help: values.help };
}

function benchmarkInterpreter(rows, runs) {
    const startedAt = performance.now();
    const inputs = ensureBenchmarkInputs({ rows });
    log(
        `${rows} rows: ${inputs.generated ? `generated in ${((performance.now() - startedAt) / 1000).toFixed(1)} s` : 'data cached'} (${inputs.csv})`,
    );
    const fileMB = fs.statSync(inputs.csv).size / 1e6;

    log('  floor: read in 1 MiB chunks, count newlines');
    const floor = bestOf(runs, [FLOOR, inputs.csv]);
    log('  DuckDB reference query (2 threads)');
    const duckdb = bestOf(runs, [DUCKDB_QUERY, inputs.csv, '--threads', '2']);
    const reference = JSON.parse(duckdb.stdout);

    log(`  sla check ${path.relative(ROOT, inputs.agreement)} --format json`);
    let sla;
    let comparison;
    try {
        const run = bestOf(runs, [SLA_BIN, 'check', inputs.agreement, '--format', 'json'], {
            okStatuses: SLA_CHECK_STATUSES,
        });
        comparison = compareWithReference(parseReport(run), reference);
        sla = run;
    } catch (error) {
        comparison = {
            match: false,
            compared: 0,
            mismatches: [`sla check failed: ${error.message}`],
            mismatchCount: 1,
        };
    }
    for (const problem of comparison.mismatches) log(`  mismatch: ${problem}`);
    if (comparison.mismatchCount > comparison.mismatches.length)
        log(`  … ${comparison.mismatchCount - comparison.mismatches.length} more mismatches`);

    return {
        rows,
        sla_s: round(sla?.seconds),
        duckdb_s: round(duckdb.seconds),
        floor_s: round(floor.seconds),
        sla_peak_rss_mib: round(sla?.peakRssMiB, 1),
        duckdb_peak_rss_mib: round(duckdb.peakRssMiB, 1),
        floor_peak_rss_mib: round(floor.peakRssMiB, 1),
        ratio_duckdb: sla ? round(sla.seconds / duckdb.seconds) : null,
        ratio_floor: sla ? round(sla.seconds / floor.seconds) : null,
        results_match: comparison.match,
        file_mb: round(fileMB, 1),
        runs,
        sla_runs_s: sla?.runs.map((s) => round(s)) ?? [],
        duckdb_runs_s: duckdb.runs.map((s) => round(s)),
        floor_runs_s: floor.runs.map((s) => round(s)),
        service_months_compared: comparison.compared,
        mismatches: comparison.mismatches,
    };
}

function parseReport(run) {
    try {
        return JSON.parse(run.stdout);
    } catch (error) {
        const stderr = run.stderr.trim().split('\n').slice(-5).join('\n');
        throw new Error(
            `exit status ${run.status}, its output is not a JSON report (${error.message})${stderr ? `:\n${stderr}` : ''}`,
            { cause: error },
        );
    }
}

function cliStartMs() {
    log(`sla --version, best of ${CLI_START_RUNS}`);
    const result = bestOf(CLI_START_RUNS, [SLA_BIN, '--version']);
    return round(result.seconds * 1000, 1);
}

async function benchmarkLsp() {
    log('language server: first diagnostics, re-validation, completion');
    try {
        return await benchmarkLanguageServer(SERVER_BUNDLE, path.join(DATA_DIR, 'lsp'));
    } catch (error) {
        log(`  language server benchmark failed: ${error.message}`);
        return { error: error.message };
    }
}

function formatTable(results) {
    const lines = [];
    const cell = (value, width) => String(value ?? '—').padStart(width);
    if (results.interpreter) {
        lines.push(
            `${'rows'.padStart(11)} ${'tool'.padEnd(7)}${cell('seconds', 9)}${cell('M rows/s', 10)}${cell('MB/s', 8)}${cell('peak RSS MiB', 14)}`,
        );
        for (const r of results.interpreter) {
            for (const [tool, seconds, rss] of [
                ['sla', r.sla_s, r.sla_peak_rss_mib],
                ['duckdb', r.duckdb_s, r.duckdb_peak_rss_mib],
                ['floor', r.floor_s, r.floor_peak_rss_mib],
            ]) {
                const rowsPerSecond = seconds ? (r.rows / 1e6 / seconds).toFixed(2) : null;
                const mbPerSecond = seconds ? (r.file_mb / seconds).toFixed(0) : null;
                lines.push(
                    `${cell(r.rows, 11)} ${tool.padEnd(7)}${cell(seconds?.toFixed(3), 9)}${cell(rowsPerSecond, 10)}${cell(mbPerSecond, 8)}${cell(rss?.toFixed(1), 14)}`,
                );
            }
            lines.push(
                `${''.padStart(12)}sla/DuckDB ${r.ratio_duckdb ?? '—'}, sla/floor ${r.ratio_floor ?? '—'}, results match: ${r.results_match ? 'yes' : 'NO'} (${r.service_months_compared} service-months; ${r.file_mb} MB)`,
            );
        }
        lines.push(
            `(best of ${results.interpreter[0]?.runs} runs, whole process; peak RSS: highest of the runs, from ${rssSource})`,
        );
    }
    if (results.lsp) {
        const l = results.lsp;
        lines.push(
            l.error
                ? `language server: failed: ${l.error}`
                : [
                      `language server: ${l.large_agreement_lines}-line agreement: first diagnostics ${l.first_diagnostics_ms} ms, re-validation ${l.revalidate_ms} ms`,
                      `                 (without its data file, no inline compliance: ${l.first_diagnostics_without_data_ms} ms, ${l.revalidate_without_data_ms} ms)`,
                      `                 completion in ${l.workspace_agreements} agreements: p50 ${l.completion_p50_ms} ms, p95 ${l.completion_p95_ms} ms (${l.completion_requests} requests)`,
                  ].join('\n'),
        );
    }
    const m = results.machine;
    lines.push(
        `machine: Node ${m.node}, ${m.cpus} × ${m.cpu}, ${m.memory_gib} GiB; load average at start ${m.load_average_1m_at_start}`,
    );
    if (results.cli_start_ms !== undefined)
        lines.push(`CLI cold start (sla --version, best of ${CLI_START_RUNS}): ${results.cli_start_ms ?? '—'} ms`);
    return lines.join('\n');
}

async function main() {
    const options = parseOptions();
    if (options.help) {
        process.stdout.write(`${fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]}*/\n`);
        return;
    }
    const results = {};
    results.machine = {
        node: process.version,
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memory_gib: round(os.totalmem() / 2 ** 30, 1),
        load_average_1m_at_start: round(os.loadavg()[0], 2),
    };
    if (options.parts.includes('interpreter'))
        results.interpreter = options.rows.map((rows) => benchmarkInterpreter(rows, options.runs));
    if (options.parts.includes('lsp')) results.lsp = await benchmarkLsp();
    if (options.parts.includes('cli')) {
        try {
            results.cli_start_ms = cliStartMs();
        } catch (error) {
            log(`  CLI start failed: ${error.message}`);
            results.cli_start_ms = null;
        }
    }
    process.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatTable(results)}\n`);
    const failed =
        results.interpreter?.some((r) => !r.results_match) || results.lsp?.error || results.cli_start_ms === null;
    if (failed) process.exitCode = 1;
}

let finished = false;
// A promise left waiting on a child that ended lets Node exit quietly: say so, and fail.
process.on('exit', () => {
    if (finished) return;
    process.stderr.write('bench: stopped before finishing: a child process ended without answering\n');
    process.exitCode = 2;
});

main().then(
    () => {
        finished = true;
    },
    (error) => {
        finished = true;
        process.stderr.write(`bench: ${error.message}\n`);
        process.exitCode = 2;
    },
);
