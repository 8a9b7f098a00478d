// Loads the generated data into each engine the way a user's database would hold it.
//   PostgreSQL: tables filled by COPY from the CSV files (the server reads them itself).
//   ClickHouse: a MergeTree table on each shard holding alternate rows, a Distributed table over
//               both, and on shard 1 a `_full` table with every row (the one-shard reference).
//   Prometheus: OpenMetrics text for promtool's backfill.
//   DuckDB:     a database file made from the CSV files, and the probes as Parquet.
import { join } from 'node:path';
import type { ClickHouseServer } from './clickhouse-server.js';
import { CLUSTER } from './clickhouse-server.js';
import { PROBE_STEP_MS, SERVICES, type TestData } from './data.js';
import type { PostgresServer } from './postgres-server.js';
import { READER_USER } from './postgres-server.js';

export async function loadPostgres(
    server: PostgresServer,
    csv: { probes: string; requests: string; tickets: string },
): Promise<void> {
    await server.admin(`
        CREATE TABLE probes (ts timestamptz NOT NULL, service text NOT NULL, up boolean NOT NULL, latency_ms double precision NOT NULL);
        CREATE TABLE requests (ts timestamptz NOT NULL, ok bigint NOT NULL, total bigint NOT NULL);
        CREATE TABLE tickets (id integer NOT NULL, opened timestamptz NOT NULL, resolved timestamptz, priority text NOT NULL);
        COPY probes FROM '${csv.probes}' WITH (FORMAT csv, HEADER true);
        COPY requests FROM '${csv.requests}' WITH (FORMAT csv, HEADER true);
        COPY tickets FROM '${csv.tickets}' WITH (FORMAT csv, HEADER true);
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER_USER};
    `);
}

/** `2025-01-01 00:00:00`: ClickHouse 18.16 reads DateTime text only in this form (no T, no Z). */
function clickhouseTime(ms: number): string {
    return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const TABLES = {
    probes: `(ts DateTime('UTC'), service String, up UInt8, latency_ms Float64) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (service, ts)`,
    requests: `(ts DateTime('UTC'), ok UInt64, total UInt64) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY ts`,
    tickets: `(id UInt32, opened DateTime('UTC'), resolved Nullable(DateTime('UTC')), priority String) ENGINE = MergeTree() ORDER BY id`,
};

function tsvRows(data: TestData): Record<keyof typeof TABLES, string[]> {
    return {
        probes: data.probes.map((p) => `${clickhouseTime(p.ts)}\t${p.service}\t${p.up ? 1 : 0}\t${p.latencyMs}`),
        requests: data.requests.map((r) => `${clickhouseTime(r.ts)}\t${r.ok}\t${r.total}`),
        tickets: data.tickets.map(
            (t) =>
                `${t.id}\t${clickhouseTime(t.opened)}\t${t.resolved === null ? '\\N' : clickhouseTime(t.resolved)}\t${t.priority}`,
        ),
    };
}

export async function loadClickHouse(shards: readonly ClickHouseServer[], data: TestData): Promise<void> {
    const rows = tsvRows(data);
    for (const [table, definition] of Object.entries(TABLES) as [keyof typeof TABLES, string][]) {
        const all = rows[table];
        await Promise.all(
            shards.map(async (shard, index) => {
                await shard.exec(`CREATE TABLE ${table} ${definition}`);
                await shard.exec(
                    `CREATE TABLE ${table}_all AS ${table} ENGINE = Distributed(${CLUSTER}, default, ${table}, rand())`,
                );
                const mine = all.filter((_, i) => i % shards.length === index);
                await shard.exec(`INSERT INTO ${table} FORMAT TabSeparated`, `${mine.join('\n')}\n`);
            }),
        );
        await shards[0].exec(`CREATE TABLE ${table}_full ${definition}`);
        await shards[0].exec(`INSERT INTO ${table}_full FORMAT TabSeparated`, `${all.join('\n')}\n`);
    }
}

/** The gappy series: service `edge`, first day only, with a 20-minute and a 2-minute hole. */
export const EDGE_GAPS = [
    { fromMinute: 600, minutes: 20 },
    { fromMinute: 1000, minutes: 2 },
] as const;
export const EDGE_MINUTES = 1440;

/**
 * OpenMetrics for promtool: `probe_success{service}` (1/0) at every probe, the gappy `edge` series,
 * and `http_requests_total{code}` counters: the running sums of ok (code 200) and of total − ok (500).
 */
export function openMetrics(data: TestData): string {
    const lines: string[] = ['# HELP probe_success Whether the probe succeeded.', '# TYPE probe_success gauge'];
    for (const service of SERVICES) {
        for (const p of data.probes) {
            if (p.service === service) lines.push(`probe_success{service="${service}"} ${p.up ? 1 : 0} ${p.ts / 1000}`);
        }
    }
    const start = data.probes[0].ts;
    for (let minute = 0; minute < EDGE_MINUTES; minute++) {
        if (EDGE_GAPS.some((g) => minute >= g.fromMinute && minute < g.fromMinute + g.minutes)) continue;
        lines.push(`probe_success{service="edge"} 1 ${(start + minute * PROBE_STEP_MS) / 1000}`);
    }
    lines.push('# HELP http_requests Requests served.', '# TYPE http_requests counter');
    for (const code of ['200', '500']) {
        let sum = 0;
        for (const r of data.requests) {
            sum += code === '200' ? r.ok : r.total - r.ok;
            lines.push(`http_requests_total{code="${code}"} ${sum} ${r.ts / 1000}`);
        }
    }
    lines.push('# EOF');
    return `${lines.join('\n')}\n`;
}

/**
 * A DuckDB database file with the three tables read from the CSV files (explicit column types),
 * and the probes as a Parquet file; the writing instance is closed before any client opens them.
 */
export async function loadDuckDb(
    dir: string,
    csv: { probes: string; requests: string; tickets: string },
): Promise<{ database: string; parquet: string }> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const database = join(dir, 'measurements.duckdb');
    const parquet = join(dir, 'probes.parquet');
    const instance = await DuckDBInstance.create(database);
    const db = await instance.connect();
    const read = (file: string, columns: string) => `read_csv('${file}', header = true, columns = {${columns}})`;
    await db.run(
        `CREATE TABLE probes AS SELECT * FROM ${read(csv.probes, "'ts': 'TIMESTAMPTZ', 'service': 'VARCHAR', 'up': 'BOOLEAN', 'latency_ms': 'DOUBLE'")}`,
    );
    await db.run(
        `CREATE TABLE requests AS SELECT * FROM ${read(csv.requests, "'ts': 'TIMESTAMPTZ', 'ok': 'BIGINT', 'total': 'BIGINT'")}`,
    );
    await db.run(
        `CREATE TABLE tickets AS SELECT * FROM ${read(csv.tickets, "'id': 'INTEGER', 'opened': 'TIMESTAMPTZ', 'resolved': 'TIMESTAMPTZ', 'priority': 'VARCHAR'")}`,
    );
    await db.run(`COPY probes TO '${parquet}' (FORMAT parquet)`);
    db.closeSync();
    instance.closeSync();
    return { database, parquet };
}
