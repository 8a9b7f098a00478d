// The PostgreSQL client against a real PostgreSQL server started for this file (see harness/).
// Expected rows come from the CSV files the tables were loaded from, read back independently
// (Date.parse, Number, "1" → true), never from the client under test.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnection, type ConnectionSettings } from '../../packages/interpreter/src/engines/connections.js';
import { PostgresClient } from '../../packages/interpreter/src/engines/postgres.js';
import type { ExpectedColumn } from '../../packages/interpreter/src/engines/types.js';
import { serverAvailability, suiteTitle } from './harness/availability.js';
import { generateData, readCsv, writeCsv } from './harness/data.js';
import { loadPostgres } from './harness/loaders.js';
import {
    ADMIN_PASSWORD,
    ADMIN_USER,
    READER_PASSWORD,
    READER_USER,
    startPostgres,
    type PostgresServer,
} from './harness/postgres-server.js';
import { freePort, makeTempDir, removeTempDir } from './harness/processes.js';
import { SERVER_TESTS, collect, expectEngineError } from './harness/assertions.js';

const availability = serverAvailability('postgres');

const PROBE_COLUMNS: ExpectedColumn[] = [
    { name: 'timestamp', kind: 'time' },
    { name: 'service', kind: 'text' },
    { name: 'up', kind: 'boolean' },
    { name: 'latency_ms', kind: 'number' },
];
const PROBES_SQL = 'SELECT ts AS timestamp, service, up, latency_ms FROM probes ORDER BY ts, service';

describe.skipIf(!availability.available)(suiteTitle('PostgreSQL client', availability), SERVER_TESTS, () => {
    let server: PostgresServer;
    let csvDir: string;
    let csv: { probes: string; requests: string; tickets: string };
    let admin: PostgresClient;

    const settings = (user: string, password: string, port = server.port): ConnectionSettings => ({
        name: 'warehouse',
        engine: 'postgres',
        url: `postgres://127.0.0.1:${port}/sla`,
        user,
        password,
        database: 'sla',
        origin: 'test',
    });

    beforeAll(async () => {
        server = await startPostgres(availability);
        csvDir = makeTempDir('postgres-csv');
        csv = writeCsv(csvDir, generateData());
        await loadPostgres(server, csv);
        admin = new PostgresClient(settings(ADMIN_USER, ADMIN_PASSWORD));
    }, 120_000);

    afterAll(async () => {
        await admin?.close();
        await server?.stop();
        if (csvDir) removeTempDir(csvDir);
    });

    it('returns the probe rows exactly as the CSV they were loaded from', async () => {
        const stream = await admin.query(PROBES_SQL, { expect: PROBE_COLUMNS, source: 'probes', batchSize: 5000 });
        expect(stream.columns.map((c) => [c.name, c.engineType, c.kind])).toEqual([
            ['timestamp', 'timestamp with time zone', 'time'],
            ['service', 'text', 'text'],
            ['up', 'boolean', 'boolean'],
            ['latency_ms', 'double precision', 'number'],
        ]);
        const { rows, batches } = await collect(stream);
        const expected = readCsv(readFileSync(csv.probes, 'utf8')).rows.map(([ts, service, up, latency]) => [
            Date.parse(ts),
            service,
            up === '1',
            Number(latency),
        ]);
        expect(rows.length).toBe(34_560);
        expect(rows).toEqual(expected);
        // 34 560 rows in batches of at most 5 000: 7 batches.
        expect(batches).toBe(7);
    });

    it('returns NULL as null and bigint counts as exact numbers', async () => {
        const tickets = await collect(
            await admin.query('SELECT id, opened, resolved, priority FROM tickets ORDER BY id'),
        );
        const expectedTickets = readCsv(readFileSync(csv.tickets, 'utf8')).rows.map(([id, opened, resolved, p]) => [
            Number(id),
            Date.parse(opened),
            resolved === '' ? null : Date.parse(resolved),
            p,
        ]);
        expect(tickets.rows).toEqual(expectedTickets);
        expect(tickets.rows.filter((r) => r[2] === null)).toHaveLength(10);

        const requests = await collect(await admin.query('SELECT ts, ok, total FROM requests ORDER BY ts'));
        const expectedRequests = readCsv(readFileSync(csv.requests, 'utf8')).rows.map(([ts, ok, total]) => [
            Date.parse(ts),
            Number(ok),
            Number(total),
        ]);
        expect(requests.rows).toEqual(expectedRequests);
    });

    it('reads a 0/1 integer as the boolean a source declares, and a local timestamp in the declared zone', async () => {
        const sql =
            "SELECT up::int AS up, ts AT TIME ZONE 'Europe/Berlin' AS local_ts, ts FROM probes ORDER BY ts, service LIMIT 3000";
        const { rows } = await collect(
            await admin.query(sql, {
                expect: [
                    { name: 'up', kind: 'boolean' },
                    { name: 'local_ts', kind: 'time' },
                ],
                timeZone: 'Europe/Berlin',
            }),
        );
        expect(rows.every((r) => typeof r[0] === 'boolean')).toBe(true);
        // The local wall time read back in the same zone is the same instant.
        expect(rows.map((r) => r[1])).toEqual(rows.map((r) => r[2]));
        await expectEngineError(admin.query(sql), 'sla/engine-column-type', /timestamp without time zone/);
    });

    it('stops early without leaking connections', async () => {
        // The pool holds 4 connections: 10 streams abandoned after one batch must each give theirs back.
        for (let i = 0; i < 10; i++) {
            const stream = await admin.query(PROBES_SQL, { batchSize: 100 });
            for await (const batch of stream) {
                expect(batch).toHaveLength(100);
                break;
            }
        }
        const { rows } = await collect(await admin.query('SELECT count(*) AS n FROM probes'));
        expect(rows).toEqual([[34_560]]);
    });

    it('runs every query read-only: an INSERT fails and writes nothing', async () => {
        const insert = "INSERT INTO probes VALUES ('2025-02-01T00:00:00Z', 'api', true, 1) RETURNING ts";
        await expectEngineError(
            admin.query(insert, { source: 'probes' }),
            'sla/engine-read-only',
            /source probes \(PostgreSQL connection "warehouse", 127\.0\.0\.1:\d+\/sla\): .*cannot execute INSERT in a read-only transaction/,
        );
        const count = await server.admin('SELECT count(*)::int AS n FROM probes');
        expect(count.rows[0].n).toBe(34_560);
    });

    it('names the source and carries the server message for a syntax error, an unknown table and a wrong column', async () => {
        await expectEngineError(
            admin.query('SELEC 1', { source: 'probes' }),
            'sla/engine-query-syntax',
            /syntax error at or near "SELEC"/,
        );
        await expectEngineError(
            admin.query('SELECT * FROM nosuch'),
            'sla/engine-query-failed',
            /relation "nosuch" does not exist/,
        );
        await expectEngineError(
            admin.query('SELECT service AS latency_ms FROM probes', {
                expect: [{ name: 'latency_ms', kind: 'number' }],
            }),
            'sla/engine-column-type',
            /column "latency_ms" is text \(read as text\), but the source declares it number/,
        );
        await expectEngineError(
            admin.query('SELECT service FROM probes', { expect: [{ name: 'up', kind: 'boolean' }] }),
            'sla/engine-missing-column',
            /returns no column "up" \(it returns: service\)/,
        );
        await expectEngineError(
            admin.query("SELECT '2'::int AS up", { expect: [{ name: 'up', kind: 'boolean' }] }),
            'sla/engine-column-type',
            /row 1, column "up" \(integer\): expected a boolean \(or 0\/1\), found "2"/,
        );
    });

    it('gives clear errors for a refused connection, a wrong password and a timeout', async () => {
        const closedPort = await freePort();
        const refused = new PostgresClient(settings(READER_USER, READER_PASSWORD, closedPort));
        await expectEngineError(
            refused.query('SELECT 1', { source: 'probes' }),
            'sla/engine-connection-refused',
            /ECONNREFUSED/,
        );
        await refused.close();

        const wrong = new PostgresClient(settings(READER_USER, 'not-the-password'));
        await expectEngineError(
            wrong.query('SELECT 1'),
            'sla/engine-authentication-failed',
            /password authentication failed for user "sla_reader"/,
        );
        await wrong.close();

        await expectEngineError(
            admin.query('SELECT pg_sleep(30)', { timeoutMs: 500 }),
            'sla/engine-timeout',
            /within 500 ms/,
        );
        // The pool still works after the timed-out connection was dropped.
        expect((await collect(await admin.query('SELECT 1 AS one'))).rows).toEqual([[1]]);
    });

    it('connects from a named connection whose URL and password come from the environment', async () => {
        const env = { SLA_WAREHOUSE_URL: `postgres://${READER_USER}:${READER_PASSWORD}@127.0.0.1:${server.port}/sla` };
        const resolved = await resolveConnection('warehouse', { configDir: csvDir, env });
        expect(resolved.url).not.toContain(READER_PASSWORD);
        const reader = new PostgresClient(resolved);
        const { rows } = await collect(await reader.query('SELECT count(*) AS n FROM tickets'));
        expect(rows).toEqual([[200]]);
        await reader.close();
    });
});
