/**
 * The benchmark's reference: the agreement's query written by hand in DuckDB.
 *
 * Per service and local month in Europe/Berlin:
 *   rows     – all rows of the service whose local time falls in the month;
 *   excluded – rows whose local time is Sunday 02:00–04:00 (the maintenance window). The exclusion
 *              belongs to the service, so it removes these rows from EVERY objective: they are
 *              neither counted for availability nor part of the latency percentile;
 *   counted  – rows − excluded; up – counted rows with up = 1;
 *   p95      – quantile_cont(latency_ms, 0.95) over the counted rows (linear interpolation
 *              between closest ranks, the interpreter's default method).
 * Local time is wall-clock time: on the night clocks go forward 02:00–03:00 does not exist (the
 * window is one hour of real time), on the night they go back 02:00–03:00 happens twice (three hours).
 *
 * Usage (as the measured child process): node bench/duckdb-query.mjs FILE.csv [--threads 2]
 * prints the result rows as JSON on stdout.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

export const TIME_ZONE = 'Europe/Berlin';

function sqlString(text) {
    return `'${text.replaceAll("'", "''")}'`;
}

export function referenceSql(csvPath) {
    return `
WITH probes AS (
    SELECT service, up, latency_ms, "timestamp" AT TIME ZONE ${sqlString(TIME_ZONE)} AS local_time
    FROM read_csv(${sqlString(csvPath)}, header = true, auto_detect = false,
        columns = {'timestamp': 'TIMESTAMPTZ', 'service': 'VARCHAR', 'up': 'INTEGER', 'latency_ms': 'DOUBLE'})
), marked AS (
    SELECT *, (dayofweek(local_time) = 0 AND local_time::TIME >= TIME '02:00' AND local_time::TIME < TIME '04:00') AS excluded
    FROM probes
)
SELECT service,
       strftime(date_trunc('month', local_time), '%Y-%m') AS month,
       count(*)::INTEGER AS rows,
       (count(*) FILTER (WHERE excluded))::INTEGER AS excluded,
       (count(*) FILTER (WHERE NOT excluded))::INTEGER AS counted,
       (sum(up) FILTER (WHERE NOT excluded))::INTEGER AS up,
       quantile_cont(latency_ms, 0.95) FILTER (WHERE NOT excluded) AS p95
FROM marked
GROUP BY ALL
ORDER BY service, month`;
}

/**
 * Runs the reference query; returns one row per service and month:
 * `{ service, month: 'YYYY-MM', rows, excluded, counted, up, p95 }` (p95 a double).
 */
export async function runReferenceQuery(csvPath, { threads = 2 } = {}) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        await connection.run(`SET threads = ${Number(threads)}`);
        const reader = await connection.runAndReadAll(referenceSql(path.resolve(csvPath)));
        return reader.getRowObjectsJS();
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

async function main() {
    const { values, positionals } = parseArgs({
        allowPositionals: true,
        options: { threads: { type: 'string', default: '2' } },
    });
    if (positionals.length !== 1) throw new Error('usage: node bench/duckdb-query.mjs FILE.csv [--threads N]');
    const rows = await runReferenceQuery(positionals[0], { threads: Number(values.threads) });
    process.stdout.write(`${JSON.stringify(rows)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
