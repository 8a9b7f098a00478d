// The ClickHouse client against a real two-shard ClickHouse cluster started for this file: two
// server processes on loopback, each a shard holding alternate rows, a Distributed table over
// both, and on shard 1 a `_full` table with every row. Expected rows come from the CSV files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseClient } from '../../packages/interpreter/src/engines/clickhouse.js';
import { resolveConnection, type ConnectionSettings } from '../../packages/interpreter/src/engines/connections.js';
import type { ExpectedColumn } from '../../packages/interpreter/src/engines/types.js';
import { SERVER_TESTS, collect, expectEngineError } from './harness/assertions.js';
import { serverAvailability, suiteTitle } from './harness/availability.js';
import {
    READER_PASSWORD,
    READER_USER,
    startClickHouseCluster,
    stopCluster,
    type ClickHouseServer,
} from './harness/clickhouse-server.js';
import { generateData, readCsv, writeCsv } from './harness/data.js';
import { loadClickHouse } from './harness/loaders.js';
import { freePort, makeTempDir, removeTempDir } from './harness/processes.js';

const availability = serverAvailability('clickhouse');

const PROBE_COLUMNS: ExpectedColumn[] = [
    { name: 'timestamp', kind: 'time' },
    { name: 'service', kind: 'text' },
    { name: 'up', kind: 'boolean' },
    { name: 'latency_ms', kind: 'number' },
];
const probesFrom = (table: string) =>
    `SELECT ts AS timestamp, service, up, latency_ms FROM ${table} ORDER BY ts, service`;

describe.skipIf(!availability.available)(
    suiteTitle('ClickHouse client (two-shard cluster)', availability),
    SERVER_TESTS,
    () => {
        let shards: [ClickHouseServer, ClickHouseServer];
        let csvDir: string;
        let csv: { probes: string; requests: string; tickets: string };
        let client: ClickHouseClient;

        const settings = (url: string, user?: string, password?: string): ConnectionSettings => ({
            name: 'events',
            engine: 'clickhouse',
            url,
            user,
            password,
            origin: 'test',
        });

        beforeAll(async () => {
            csvDir = makeTempDir('clickhouse-csv');
            const data = generateData();
            csv = writeCsv(csvDir, data);
            shards = await startClickHouseCluster(availability);
            await loadClickHouse(shards, data);
            client = new ClickHouseClient(settings(shards[0].url));
        }, 120_000);

        afterAll(async () => {
            await stopCluster(shards ?? []);
            if (csvDir) removeTempDir(csvDir);
        });

        const expectedProbes = () =>
            readCsv(readFileSync(csv.probes, 'utf8')).rows.map(([ts, service, up, latency]) => [
                Date.parse(ts),
                service,
                up === '1',
                Number(latency),
            ]);

        it('returns the probe rows of one shard table exactly as the CSV they were loaded from', async () => {
            const stream = await client.query(probesFrom('probes_full'), { expect: PROBE_COLUMNS, batchSize: 5000 });
            expect(stream.columns.map((c) => [c.name, c.engineType, c.kind])).toEqual([
                ['timestamp', "DateTime('UTC')", 'time'],
                ['service', 'String', 'text'],
                ['up', 'UInt8', 'number'],
                ['latency_ms', 'Float64', 'number'],
            ]);
            const { rows, batches } = await collect(stream);
            expect(rows).toEqual(expectedProbes());
            expect(batches).toBe(7);
        });

        it('returns the same rows and aggregates from the Distributed table over two shards as from one shard', async () => {
            // Each shard holds alternate rows: half of the 34 560 each.
            for (const shard of shards) {
                const local = new ClickHouseClient(settings(shard.url));
                expect((await collect(await local.query('SELECT count() AS n FROM probes'))).rows).toEqual([[17_280]]);
            }
            const distributed = await collect(await client.query(probesFrom('probes_all'), { expect: PROBE_COLUMNS }));
            expect(distributed.rows).toEqual(expectedProbes());

            const aggregate = (table: string) =>
                `SELECT service, count() AS n, sum(up) AS up, quantileExact(0.95)(latency_ms) AS p95 ` +
                `FROM ${table} GROUP BY service ORDER BY service`;
            const full = await collect(await client.query(aggregate('probes_full')));
            const sharded = await collect(await client.query(aggregate('probes_all')));
            expect(sharded.rows).toEqual(full.rows);
            // Counts and up samples per service, counted from the CSV.
            const fromCsv = ['api', 'db', 'web'].map((service) => {
                const rows = expectedProbes().filter((r) => r[1] === service);
                return [service, rows.length, rows.filter((r) => r[2]).length];
            });
            expect(full.rows.map((r) => r.slice(0, 3))).toEqual(fromCsv);
        });

        it('returns NULL as null, and UInt64 counts as numbers', async () => {
            const tickets = await collect(
                await client.query('SELECT id, opened, resolved, priority FROM tickets_all ORDER BY id'),
            );
            const expectedTickets = readCsv(readFileSync(csv.tickets, 'utf8')).rows.map(([id, opened, resolved, p]) => [
                Number(id),
                Date.parse(opened),
                resolved === '' ? null : Date.parse(resolved),
                p,
            ]);
            expect(tickets.rows).toEqual(expectedTickets);
            const requests = await collect(await client.query('SELECT ts, ok, total FROM requests_full ORDER BY ts'));
            expect(requests.rows).toEqual(
                readCsv(readFileSync(csv.requests, 'utf8')).rows.map(([ts, ok, total]) => [
                    Date.parse(ts),
                    Number(ok),
                    Number(total),
                ]),
            );
        });

        it('has the functions that push-down relies on, with the answers worked out by hand', async () => {
            // 2025-03-31 22:30 UTC is 2025-04-01 00:30 in Berlin (CEST, +02:00), a Tuesday.
            const t = "toDateTime('2025-03-31 22:30:00', 'UTC')";
            const sql = [
                `toString(toTimeZone(${t}, 'Europe/Berlin')) AS local_text`,
                `toString(toStartOfMonth(${t}, 'Europe/Berlin')) AS month_start`,
                `toUnixTimestamp(toStartOfDay(toTimeZone(${t}, 'Europe/Berlin'))) AS local_midnight`,
                `toDayOfWeek(toTimeZone(${t}, 'Europe/Berlin')) AS weekday`,
                `toHour(toTimeZone(${t}, 'Europe/Berlin')) AS hour`,
                `intDiv(toUnixTimestamp(${t}), 300) * 300 AS five_minute_slot`,
            ].join(', ');
            const { rows } = await collect(await client.query(`SELECT ${sql}`));
            expect(rows).toEqual([
                [
                    '2025-04-01 00:30:00',
                    '2025-04-01',
                    Date.UTC(2025, 2, 31, 22) / 1000,
                    2,
                    0,
                    Date.UTC(2025, 2, 31, 22, 30) / 1000,
                ],
            ]);
            // Table functions such as numbers(10) are forbidden under readonly=1, the table system.numbers is not.
            // 0…9: 5 even numbers; 6+7+8+9 = 30 above 5; the exact median of ten is the 6th value (index 5).
            const aggregates = await collect(
                await client.query(
                    'SELECT count() AS n, countIf(number % 2 = 0) AS even, sumIf(number, number > 5) AS above, ' +
                        'quantileExact(0.5)(number) AS median, min(number) AS lo, max(number) AS hi ' +
                        'FROM (SELECT number FROM system.numbers LIMIT 10)',
                ),
            );
            expect(aggregates.rows).toEqual([[10, 5, 30, 5, 0, 9]]);
        });

        it('runs every query read-only: an INSERT or a CREATE fails and writes nothing', async () => {
            await expectEngineError(
                client.query("INSERT INTO probes_full VALUES ('2025-02-01 00:00:00', 'api', 1, 1)", {
                    source: 'probes',
                }),
                'sla/engine-read-only',
                /source probes \(ClickHouse connection "events", 127\.0\.0\.1:\d+\): .*Cannot insert into table in readonly mode/,
            );
            await expectEngineError(
                client.query('CREATE TABLE x (a UInt8) ENGINE = Memory'),
                'sla/engine-read-only',
                /readonly/,
            );
            expect(await shards[0].exec('SELECT count() FROM probes_full')).toBe('34560\n');
        });

        it('works for a user whose profile is read-only already (it may not send settings)', async () => {
            const reader = new ClickHouseClient(settings(shards[1].url, READER_USER, READER_PASSWORD));
            expect((await collect(await reader.query('SELECT count() AS n FROM probes_all'))).rows).toEqual([[34_560]]);
            await expectEngineError(
                reader.query("INSERT INTO probes VALUES ('2025-02-01 00:00:00', 'api', 1, 1)"),
                'sla/engine-read-only',
                /readonly mode/,
            );
        });

        it('names the source and carries the server message for each failure', async () => {
            await expectEngineError(
                client.query('SELEC 1', { source: 'probes' }),
                'sla/engine-query-syntax',
                /source probes .*Syntax error: failed at position 1/,
            );
            await expectEngineError(client.query('SELECT 1 FORMAT JSON'), 'sla/engine-query-syntax', /FORMAT clause/);
            await expectEngineError(
                client.query('SELECT * FROM nosuch'),
                'sla/engine-query-failed',
                /Table default\.nosuch doesn't exist/,
            );
            await expectEngineError(
                client.query('SELECT service AS latency_ms FROM probes_full', {
                    expect: [{ name: 'latency_ms', kind: 'number' }],
                }),
                'sla/engine-column-type',
                /column "latency_ms" is String \(read as text\), but the source declares it number/,
            );
            await expectEngineError(
                client.query('SELECT toUInt8(2) AS up', { expect: [{ name: 'up', kind: 'boolean' }] }),
                'sla/engine-column-type',
                /row 1, column "up" \(UInt8\): expected a boolean \(or 0\/1\), found "2"/,
            );
            // The exception comes after 250 000 rows (about 2.3 MB, past the server's first flushed buffer), in a response that
            // began with HTTP 200 (the query resolved: its header arrived).
            const late = await client.query(
                'SELECT number, throwIf(number = 250000) AS boom FROM system.numbers LIMIT 300000',
            );
            await expectEngineError(
                collect(late),
                'sla/engine-query-failed',
                /Value passed to 'throwIf' function is non zero/,
            );
            const wrong = new ClickHouseClient(settings(shards[0].url, READER_USER, 'not-the-password'));
            await expectEngineError(
                wrong.query('SELECT 1'),
                'sla/engine-authentication-failed',
                /Wrong password for user reader/,
            );
            const refused = new ClickHouseClient(settings(`http://127.0.0.1:${await freePort()}`));
            await expectEngineError(refused.query('SELECT 1'), 'sla/engine-connection-refused', /ECONNREFUSED/);
            await expectEngineError(
                client.query('SELECT sleep(3)', { timeoutMs: 1000 }),
                'sla/engine-timeout',
                /within 1000 ms/,
            );
        });

        it('connects from a named connection in sla.config.json with the password from the environment', async () => {
            const config = {
                connections: {
                    events: {
                        engine: 'clickhouse',
                        url: shards[0].url,
                        user: READER_USER,
                        passwordEnv: 'EVENTS_PASSWORD',
                    },
                },
            };
            writeFileSync(join(csvDir, 'sla.config.json'), JSON.stringify(config));
            const resolved = await resolveConnection('events', {
                configDir: csvDir,
                env: { EVENTS_PASSWORD: READER_PASSWORD },
            });
            const reader = new ClickHouseClient(resolved);
            expect((await collect(await reader.query('SELECT count() AS n FROM tickets_all'))).rows).toEqual([[200]]);
        });
    },
);
