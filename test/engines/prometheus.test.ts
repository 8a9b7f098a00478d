// The Prometheus client against a real Prometheus started for this file, its TSDB backfilled by
// promtool from generated OpenMetrics. Expected rows come from the CSV files of the same data.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSettings } from '../../packages/interpreter/src/engines/connections.js';
import {
    PrometheusClient,
    splitRange,
    type PromRangeQuery,
} from '../../packages/interpreter/src/engines/prometheus.js';
import type { ExpectedColumn } from '../../packages/interpreter/src/engines/types.js';
import { SERVER_TESTS, collect, expectEngineError } from './harness/assertions.js';
import { serverAvailability, suiteTitle } from './harness/availability.js';
import {
    DATA_START_MS,
    DAYS,
    PROBE_STEP_MS,
    REQUEST_STEP_MS,
    generateData,
    readCsv,
    writeCsv,
} from './harness/data.js';
import { EDGE_MINUTES, openMetrics } from './harness/loaders.js';
import { freePort, makeTempDir, removeTempDir } from './harness/processes.js';
import {
    PROMETHEUS_PASSWORD,
    PROMETHEUS_USER,
    basicAuthHeader,
    startPrometheus,
    type PrometheusServer,
} from './harness/prometheus-server.js';

const availability = serverAvailability('prometheus');
const END_MS = DATA_START_MS + DAYS * 86_400_000 - PROBE_STEP_MS;
const PROBE_COLUMNS: ExpectedColumn[] = [
    { name: 'timestamp', kind: 'time' },
    { name: 'service', kind: 'text' },
    { name: 'value', kind: 'boolean' },
];
const probes = (maxPointsPerRequest?: number): PromRangeQuery => ({
    promql: 'probe_success{service=~"api|db|web"}',
    startMs: DATA_START_MS,
    endMs: END_MS,
    stepMs: PROBE_STEP_MS,
    maxPointsPerRequest,
});

describe('splitRange', () => {
    it('cuts a range into runs of at most N steps on one grid', () => {
        // 0…10 with step 1 is 11 steps: runs of 4, 4 and 3.
        expect(splitRange(0, 10, 1, 4)).toEqual([
            { firstMs: 0, lastMs: 3 },
            { firstMs: 4, lastMs: 7 },
            { firstMs: 8, lastMs: 10 },
        ]);
        // An end between steps stops at the last step before it.
        expect(splitRange(0, 95, 10, 11_000)).toEqual([{ firstMs: 0, lastMs: 90 }]);
    });
});

describe.skipIf(!availability.available)(suiteTitle('Prometheus client', availability), SERVER_TESTS, () => {
    let server: PrometheusServer;
    let csvDir: string;
    let csv: { probes: string; requests: string; tickets: string };
    let client: PrometheusClient;

    const settings = (url: string, password = PROMETHEUS_PASSWORD): ConnectionSettings => ({
        name: 'metrics',
        engine: 'prometheus',
        url,
        user: PROMETHEUS_USER,
        password,
        origin: 'test',
    });

    beforeAll(async () => {
        csvDir = makeTempDir('prometheus-csv');
        const data = generateData();
        csv = writeCsv(csvDir, data);
        server = await startPrometheus(availability, { openMetrics: openMetrics(data), lookbackDelta: '59s' });
        client = new PrometheusClient(settings(server.url));
    }, 120_000);

    afterAll(async () => {
        await server?.stop();
        if (csvDir) removeTempDir(csvDir);
    });

    const expectedProbes = () =>
        readCsv(readFileSync(csv.probes, 'utf8')).rows.map(([ts, service, up]) => [
            Date.parse(ts),
            service,
            up === '1',
        ]);

    it('returns every probe sample as the CSV has it, over 8 days split into requests of 11 000 points', async () => {
        const stream = await client.query(probes(), { expect: PROBE_COLUMNS, source: 'probes' });
        expect(stream.columns.map((c) => c.name)).toEqual(['timestamp', 'service', 'value']);
        const { rows } = await collect(stream);
        // 11 520 steps: 11 000 in the first request, 520 in the second.
        expect(splitRange(DATA_START_MS, END_MS, PROBE_STEP_MS, 11_000)).toHaveLength(2);
        expect(rows).toEqual(expectedProbes());
    });

    it('gives the same rows in smaller requests', async () => {
        const { rows } = await collect(await client.query(probes(1000), { expect: PROBE_COLUMNS }));
        expect(rows).toEqual(expectedProbes());
    });

    it('really has the 11 000-point limit that the client splits for', async () => {
        const rangeOf = (points: number) =>
            new URLSearchParams({
                query: 'probe_success{service="api"}',
                start: String(DATA_START_MS / 1000),
                end: String((DATA_START_MS + (points - 1) * PROBE_STEP_MS) / 1000),
                step: '60',
            });
        const ask = (points: number) =>
            fetch(`${server.url}/api/v1/query_range`, {
                method: 'POST',
                body: rangeOf(points),
                headers: { authorization: basicAuthHeader() },
            });
        expect((await ask(11_000)).status).toBe(200);
        const refused = await ask(11_002);
        expect(refused.status).toBe(400);
        expect(await refused.text()).toMatch(/exceeded maximum resolution of 11,000 points per timeseries/);
    });

    it('returns counters with their label as a column, equal to the running sums of the CSV', async () => {
        const query: PromRangeQuery = {
            promql: 'http_requests_total',
            startMs: DATA_START_MS,
            endMs: DATA_START_MS + DAYS * 86_400_000 - REQUEST_STEP_MS,
            stepMs: REQUEST_STEP_MS,
        };
        const stream = await client.query(query);
        // Without declared columns every label is one, sorted: __name__ and code.
        expect(stream.columns.map((c) => c.name)).toEqual(['timestamp', '__name__', 'code', 'value']);
        const { rows } = await collect(stream);
        const expected: unknown[][] = [];
        let ok = 0;
        let failed = 0;
        for (const [ts, okText, totalText] of readCsv(readFileSync(csv.requests, 'utf8')).rows) {
            ok += Number(okText);
            failed += Number(totalText) - Number(okText);
            expected.push(
                [Date.parse(ts), 'http_requests_total', '200', ok],
                [Date.parse(ts), 'http_requests_total', '500', failed],
            );
        }
        expect(rows).toEqual(expected);
    });

    it('fails on a series with gaps, naming it and the missing span, or keeps the gaps when asked', async () => {
        const edge: PromRangeQuery = {
            promql: 'probe_success{service="edge"}',
            startMs: DATA_START_MS,
            endMs: DATA_START_MS + (EDGE_MINUTES - 1) * PROBE_STEP_MS,
            stepMs: PROBE_STEP_MS,
        };
        // Minute 600 of 2025-01-01 is 10:00 UTC; the 20 missing minutes end at 10:19.
        await expectEngineError(
            client.query(edge, { source: 'probes' }),
            'sla/engine-series-gap',
            /source probes \(Prometheus connection "metrics", 127\.0\.0\.1:\d+\): series probe_success\{service="edge"\} has no value from 2025-01-01T10:00:00Z to 2025-01-01T10:19:00Z \(20 steps of 60 s\)/,
        );
        const kept = await collect(await client.query({ ...edge, gaps: 'keep' }));
        // 1 440 minutes less the 20- and the 2-minute holes; neither is filled with an earlier value.
        expect(kept.rows).toHaveLength(EDGE_MINUTES - 22);
        const minutes = new Set(kept.rows.map((r) => ((r[0] as number) - DATA_START_MS) / PROBE_STEP_MS));
        expect([599, 600, 619, 620, 999, 1000, 1001, 1002].map((m) => minutes.has(m))).toEqual([
            true,
            false,
            false,
            true,
            true,
            false,
            false,
            true,
        ]);
    });

    it('names the source and carries the server message for each failure', async () => {
        await expectEngineError(
            client.query({ ...probes(), promql: 'probe_success{' }, { source: 'probes' }),
            'sla/engine-query-syntax',
            /source probes .*parse error/,
        );
        await expectEngineError(
            client.query(probes(), { expect: [{ name: 'region', kind: 'text' }] }),
            'sla/engine-missing-column',
            /no series has the label "region" \(labels: __name__, service\)/,
        );
        await expectEngineError(
            client.query(probes(), { expect: [{ name: 'value', kind: 'boolean' }] }),
            'sla/engine-query-failed',
            /several series have the same labels/,
        );
        await expectEngineError(
            client.query({ ...probes(), promql: 'probe_success{service="api"} * 2' }, { expect: PROBE_COLUMNS }),
            'sla/engine-column-type',
            /expected a boolean \(0 or 1\), found "2"/,
        );
        const wrong = new PrometheusClient(settings(server.url, 'not-the-password'));
        await expectEngineError(wrong.query(probes()), 'sla/engine-authentication-failed', /Unauthorized/);
        const refused = new PrometheusClient(settings(`http://127.0.0.1:${await freePort()}`));
        await expectEngineError(refused.query(probes()), 'sla/engine-connection-refused', /ECONNREFUSED/);
        // 8 days at a 1-second step is 63 requests of 11 000 points: far more than 50 ms.
        await expectEngineError(
            client.query({ ...probes(), stepMs: 1000 }, { timeoutMs: 50 }).then(collect),
            'sla/engine-timeout',
            /within 50 ms/,
        );
    });
});
