// The DuckDB client on a database file and a Parquet file made from the generated CSV files
// (DuckDB runs in process: no server). Expected rows come from the CSV files, read back
// independently (Date.parse, Number, "1" → true).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSettings } from '../../packages/interpreter/src/engines/connections.js';
import { DuckDbClient } from '../../packages/interpreter/src/engines/duckdb.js';
import { openEngineClient } from '../../packages/interpreter/src/engines/index.js';
import type { ExpectedColumn } from '../../packages/interpreter/src/engines/types.js';
import { SERVER_TESTS, collect, expectEngineError } from './harness/assertions.js';
import { generateData, readCsv, writeCsv } from './harness/data.js';
import { loadDuckDb } from './harness/loaders.js';
import { makeTempDir, removeTempDir } from './harness/processes.js';

const PROBE_COLUMNS: ExpectedColumn[] = [
    { name: 'ts', kind: 'time' },
    { name: 'service', kind: 'text' },
    { name: 'up', kind: 'boolean' },
    { name: 'latency_ms', kind: 'number' },
];

/** Whether a shared object of DuckDB's is mapped into this process (the native binding is loaded). */
function duckDbLoaded(): boolean {
    return readFileSync('/proc/self/maps', 'utf8').includes('duckdb');
}

describe('DuckDB client', SERVER_TESTS, () => {
    let dir: string;
    let csv: { probes: string; requests: string; tickets: string };
    let files: { database: string; parquet: string };
    let loadedBeforeOpen: boolean;
    let client: DuckDbClient;
    const settings = (url: string): ConnectionSettings => ({ name: 'local', engine: 'duckdb', url, origin: 'test' });

    beforeAll(async () => {
        // Importing the client module (done above) must not load the binding: only opening does.
        loadedBeforeOpen = duckDbLoaded();
        dir = makeTempDir('duckdb');
        csv = writeCsv(dir, generateData());
        files = await loadDuckDb(dir, csv);
        client = await DuckDbClient.open(settings(files.database));
    }, 60_000);

    afterAll(async () => {
        await client?.close();
        if (dir) removeTempDir(dir);
    });

    const expectedProbes = () =>
        readCsv(readFileSync(csv.probes, 'utf8')).rows.map(([ts, service, up, latency]) => [
            Date.parse(ts),
            service,
            up === '1',
            Number(latency),
        ]);

    it('loads the native binding only when a client is opened', () => {
        expect(loadedBeforeOpen).toBe(false);
        expect(duckDbLoaded()).toBe(true);
    });

    it('returns the rows of a database file exactly as the CSV they were loaded from', async () => {
        const stream = await client.query('SELECT * FROM probes ORDER BY ts, service', { expect: PROBE_COLUMNS });
        expect(stream.columns.map((c) => [c.name, c.engineType, c.kind])).toEqual([
            ['ts', 'TIMESTAMP WITH TIME ZONE', 'time'],
            ['service', 'VARCHAR', 'text'],
            ['up', 'BOOLEAN', 'boolean'],
            ['latency_ms', 'DOUBLE', 'number'],
        ]);
        expect((await collect(stream)).rows).toEqual(expectedProbes());
        const tickets = await collect(await client.query('SELECT * FROM tickets ORDER BY id'));
        expect(tickets.rows).toEqual(
            readCsv(readFileSync(csv.tickets, 'utf8')).rows.map(([id, opened, resolved, p]) => [
                Number(id),
                Date.parse(opened),
                resolved === '' ? null : Date.parse(resolved),
                p,
            ]),
        );
        const requests = await collect(await client.query('SELECT ts, ok, total FROM requests ORDER BY ts'));
        expect(requests.rows).toEqual(
            readCsv(readFileSync(csv.requests, 'utf8')).rows.map(([ts, ok, total]) => [
                Date.parse(ts),
                Number(ok),
                Number(total),
            ]),
        );
    });

    it('reads Parquet files by relative name from an in-memory database', async () => {
        const opened = await openEngineClient(settings(':memory:'), { duckdb: { baseDir: dir } });
        expect(opened).toBeInstanceOf(DuckDbClient);
        const memory = opened as DuckDbClient;
        const sql = "SELECT ts, service, up, latency_ms FROM read_parquet('probes.parquet') ORDER BY ts, service";
        const { rows, batches } = await collect(await memory.query(sql, { expect: PROBE_COLUMNS, batchSize: 5000 }));
        expect(rows).toEqual(expectedProbes());
        // DuckDB's chunks of 2 048 rows are regrouped into batches of 5 000: 34 560 rows in 7.
        expect(batches).toBe(7);
        await memory.close();
    });

    it('reads a 0/1 integer as a declared boolean, a decimal exactly, and a local TIMESTAMP in the declared zone', async () => {
        const sql =
            "SELECT up::INTEGER AS up, 87.3::DECIMAL(6, 1) AS d, timezone('Europe/Berlin', ts) AS local_ts, ts FROM probes ORDER BY ts LIMIT 3000";
        const { rows } = await collect(
            await client.query(sql, {
                expect: [
                    { name: 'up', kind: 'boolean' },
                    { name: 'local_ts', kind: 'time' },
                ],
                timeZone: 'Europe/Berlin',
            }),
        );
        expect(rows.every((r) => typeof r[0] === 'boolean' && r[1] === 87.3)).toBe(true);
        expect(rows.map((r) => r[2])).toEqual(rows.map((r) => r[3]));
        await expectEngineError(client.query(sql), 'sla/engine-column-type', /TIMESTAMP without time zone/);
    });

    it('runs only SELECT: INSERT, COPY TO and ATTACH are refused before they run', async () => {
        await expectEngineError(
            client.query("INSERT INTO probes VALUES ('2025-02-01 00:00:00+00', 'api', true, 1)", { source: 'probes' }),
            'sla/engine-read-only',
            /source probes \(DuckDB connection "local", .*measurements\.duckdb\): the query is a INSERT statement/,
        );
        const target = join(dir, 'copied.csv');
        await expectEngineError(client.query(`COPY probes TO '${target}'`), 'sla/engine-read-only', /COPY statement/);
        expect(existsSync(target)).toBe(false);
        await expectEngineError(
            client.query(`ATTACH '${join(dir, 'other.duckdb')}' AS other`),
            'sla/engine-read-only',
            /ATTACH/,
        );
        expect((await collect(await client.query('SELECT count(*) AS n FROM probes'))).rows).toEqual([[34_560]]);
    });

    it("names the source and carries DuckDB's message for each failure", async () => {
        await expectEngineError(
            client.query('SELEC 1', { source: 'probes' }),
            'sla/engine-query-syntax',
            /source probes .*syntax error at or near "SELEC"/,
        );
        await expectEngineError(client.query('SELECT 1; SELECT 2'), 'sla/engine-query-syntax', /2 statements/);
        await expectEngineError(
            client.query('SELECT * FROM nosuch'),
            'sla/engine-query-failed',
            /Table with name nosuch does not exist/,
        );
        await expectEngineError(
            client.query('SELECT service AS latency_ms FROM probes', {
                expect: [{ name: 'latency_ms', kind: 'number' }],
            }),
            'sla/engine-column-type',
            /column "latency_ms" is VARCHAR \(read as text\), but the source declares it number/,
        );
        await expectEngineError(
            client.query('SELECT sum(i * i) AS s FROM range(100000000000) t(i)', { timeoutMs: 300 }),
            'sla/engine-timeout',
            /within 300 ms/,
        );
        await expectEngineError(
            DuckDbClient.open(settings(join(dir, 'missing.duckdb'))),
            'sla/engine-connection-config',
            /the database cannot be opened/,
        );
    });

    it('reads no file outside the allowed directories when they are given', async () => {
        const confined = await DuckDbClient.open(settings(':memory:'), { allowedDirectories: [join(dir, 'inside')] });
        await expectEngineError(
            confined.query(`SELECT * FROM read_parquet('${files.parquet}')`),
            'sla/engine-query-failed',
            /Permission Error: Cannot access file/,
        );
        await confined.close();
    });
});
