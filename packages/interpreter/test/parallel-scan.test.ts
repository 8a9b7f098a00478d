/**
 * Reading on a second thread against reading on this one: the same rows in the same order (lines,
 * values, texts and text ids), the same counts of skipped rows, the same errors, the same reports.
 * The worker runs the compiled script in dist/ (`npm test` builds first).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { evaluate, type EvaluationOptions } from '../src/evaluate.js';
import { ReaderThread } from '../src/sources/reader-thread.js';
import type { FieldSpec, Row } from '../src/sources/row-source.js';
import type { Calendar, Contract } from '../src/model.js';
import {
    at,
    contract,
    dataSource,
    maintenance,
    metric,
    objective,
    scanSource,
    service,
    splitScan,
    tempFile,
    type TestScan,
} from './helpers.js';
import { COLUMNS, createRandom, messyCsv, probeContract, probes } from './random-data.js';

/** Two evaluations compared stand at one as-of instant; by default each would stand at its own now. */
const AS_OF = '2027-01-01';

const WORKER = fileURLToPath(new URL('../dist/scan-worker.js', import.meta.url));
const FIELDS: FieldSpec[] = COLUMNS.map((c) => ({ column: c, optional: false }));
/** Reads every data file on the reader thread, however small. */
const ALWAYS_ON_THREAD = { readerThreadMinBytes: 0 };

/** Every row as handed over: line, values (NaN and -0 kept apart), the service text and its id. */
function snapshot(row: Row) {
    return [row.line, [...row.values].map((v) => (Object.is(v, -0) ? '-0' : v)), row.texts[1], row.ids[1]];
}

async function inThisThread(path: string, options: TestScan) {
    const rows: unknown[] = [];
    const result = await scanSource(dataSource(path, COLUMNS), FIELDS, (row) => rows.push(snapshot(row)), options);
    return { rows, result };
}

/** One thread for all tests: each scan must leave it ready for the next. */
const thread = new ReaderThread(WORKER);
afterAll(() => thread.close());

async function inWorker(path: string, options: TestScan, onEachRow: (index: number) => void = () => {}) {
    const rows: unknown[] = [];
    const result = await thread.scan(
        dataSource(path, COLUMNS),
        FIELDS,
        (row) => {
            onEachRow(rows.length);
            rows.push(snapshot(row));
        },
        ...splitScan(options),
    );
    return { rows, result };
}

/** Keeps this thread busy for about `ms`, so that the worker fills every batch and has to wait. */
function busy(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until);
}

describe('reading on a second thread', () => {
    for (const seed of [31, 32]) {
        it(`hands over the same rows as this thread on messy random data (seed ${seed})`, async () => {
            const random = createRandom(seed);
            const path = tempFile('messy.csv', messyCsv(random, probes(random, 3000)));
            for (const options of [
                { asOf: AS_OF, skipBadRows: true },
                { asOf: AS_OF, skipBadRows: true, chunkBytes: 61 },
                { asOf: AS_OF, skipBadRows: true, fastPath: false },
            ]) {
                const expected = await inThisThread(path, options);
                expect(expected.result.rowsSkipped).toBeGreaterThan(0);
                expect(await inWorker(path, options)).toEqual(expected);
            }
        });
    }

    it('hands over the same rows for NDJSON, texts not interned included', async () => {
        // Every fifth line lacks its latency (an empty field: skipped and counted); text values come from JSON, so
        // none is interned (id -1) and each row's text travels beside its batch.
        const random = createRandom(38);
        const lines = probes(random, 40_000)
            .slice(0, 40_000)
            .map((p, i) =>
                JSON.stringify({
                    timestamp: new Date(p.t).toISOString(),
                    service: p.service,
                    up: p.up,
                    latency_ms: i % 5 === 4 ? undefined : Number(p.latency),
                }),
            );
        const source = dataSource(tempFile('probes.ndjson', lines.join('\n') + '\n'), COLUMNS, { format: 'ndjson' });
        const read = async (onThread: boolean) => {
            const rows: unknown[] = [];
            const onRow = (row: Row) => rows.push(snapshot(row));
            const options = { asOf: AS_OF, skipBadRows: true };
            const result = onThread
                ? await thread.scan(source, FIELDS, onRow, ...splitScan(options))
                : await scanSource(source, FIELDS, onRow, options);
            return { rows, result };
        };
        const expected = await read(false);
        expect(expected.result.rowsSkipped).toBe(8_000);
        expect(expected.rows.length).toBe(32_000);
        expect(await read(true)).toEqual(expected);
    });

    it('keeps rows in order when the worker runs far ahead and must wait for free batches', async () => {
        // 100 000 rows fill the ring of 4 × 16 384 rows more than once; pausing on every 20 000th row
        // makes the worker wait for batches to come back.
        const random = createRandom(33);
        const path = tempFile('long.csv', messyCsv(random, probes(random, 100_000)));
        const expected = await inThisThread(path, { asOf: AS_OF, skipBadRows: true });
        expect(expected.rows.length).toBeGreaterThan(4 * 16_384);
        const actual = await inWorker(path, { asOf: AS_OF, skipBadRows: true }, (index) => {
            if (index % 20_000 === 0) busy(50);
        });
        expect(actual).toEqual(expected);
    });

    it('fails with the same first malformed row as this thread', async () => {
        const random = createRandom(34);
        const path = tempFile('messy.csv', messyCsv(random, probes(random, 2000)));
        const message = (scan: Promise<unknown>) =>
            scan.then(
                () => 'no error',
                (error: Error) => `${error.name}: ${error.message}`,
            );
        const expected = await message(inThisThread(path, {}));
        expect(expected).toMatch(/^DataError: .*messy\.csv:\d+:\d+: expected/);
        expect(await message(inWorker(path, {}))).toBe(expected);
    });

    it('reports a missing file as this thread does', async () => {
        const path = tempFile('here.csv', '') + '.missing';
        const message = (scan: Promise<unknown>) =>
            scan.then(
                () => 'no error',
                (error: Error) => `${error.name}: ${error.message}`,
            );
        const expected = await message(inThisThread(path, {}));
        expect(expected).toContain('no such file');
        expect(await message(inWorker(path, {}))).toBe(expected);
    });

    it('stops at an error thrown while rows are handed over, and passes it on', async () => {
        const random = createRandom(35);
        const path = tempFile('long.csv', messyCsv(random, probes(random, 50_000)));
        const stop = new Error('the evaluator gives up');
        let rowsAfterError = 0;
        let thrown = false;
        const scan = thread.scan(
            dataSource(path, COLUMNS),
            FIELDS,
            () => {
                if (thrown) rowsAfterError++;
                else if (random() < 0.001) {
                    thrown = true;
                    throw stop;
                }
            },
            { asOf: AS_OF, skipBadRows: true },
        );
        await expect(scan).rejects.toBe(stop);
        expect(thrown).toBe(true);
        expect(rowsAfterError).toBe(0);
        // The stopped thread is replaced: the next scan reads the whole file.
        const again = await inWorker(path, { asOf: AS_OF, skipBadRows: true });
        expect(again).toEqual(await inThisThread(path, { asOf: AS_OF, skipBadRows: true }));
    });

    it('reports a thread that cannot start', async () => {
        const broken = new ReaderThread(WORKER.replace('scan-worker.js', 'no-such-worker.js'));
        const path = tempFile('small.csv', 'timestamp,service,up,latency_ms\n2025-03-01T00:00:00Z,svc01,1,5\n');
        await expect(broken.scan(dataSource(path, COLUMNS), FIELDS, () => {})).rejects.toThrow(
            /no-such-worker|Cannot find module/,
        );
        await broken.close();
    });
});

/**
 * Objectives that take the rows a batch at a time (no conditions: weeks, contract form, days
 * without groups, groups by a number, rolling days) beside objectives of another service that
 * take them row by row (`where`, `during`, a cause exclusion).
 */
function mixedContract(path: string, format: 'csv' | 'ndjson'): Contract {
    const byService = { groupBy: { source: 'probes', column: 'service' } };
    const latency = { source: 'probes', column: 'latency_ms' };
    const samples = { source: 'probes', column: 'up' };
    const p95 = metric(
        'Latency',
        { kind: 'aggregate', function: 'percentile', percentile: '95', method: 'linear', column: latency },
        'ms',
    );
    const ms300 = { comparator: '<=', threshold: { value: '300', unit: 'ms' } } as const;
    const inBatches = service({
        name: 'Batches',
        metrics: [
            p95,
            metric('Downtime', { kind: 'probe-availability', form: 'contract', samples, missing: 'down' }, '%'),
            metric('Rows', { kind: 'count', source: 'probes' }, 'count'),
            metric(
                'Median',
                {
                    kind: 'aggregate',
                    function: 'percentile',
                    percentile: '50',
                    method: 'nearest-rank',
                    column: latency,
                },
                'ms',
            ),
        ],
        objectives: [
            objective({
                name: 'Weekly',
                metric: 'Downtime',
                comparator: '>=',
                threshold: { value: '99', unit: '%' },
                window: { kind: 'calendar', unit: 'week' },
                ...byService,
            }),
            objective({
                name: 'Daily',
                metric: 'Rows',
                comparator: '>=',
                threshold: { value: '100', unit: 'count' },
                window: { kind: 'calendar', unit: 'day' },
            }),
            objective({ name: 'ByUp', metric: 'Median', ...ms300, groupBy: samples }),
            objective({
                name: 'Rolling',
                metric: 'Latency',
                ...ms300,
                window: { kind: 'rolling', days: 2 },
                ...byService,
            }),
        ],
        exclusions: [maintenance([7], '02:00', '04:00')],
    });
    const rowByRow = service({
        name: 'Rows',
        metrics: [
            p95,
            metric('Availability', { kind: 'probe-availability', form: 'sample', samples, missing: 'unknown' }, '%'),
        ],
        objectives: [
            objective({
                name: 'NotSvc01',
                metric: 'Latency',
                ...ms300,
                where: [{ column: { source: 'probes', column: 'service' }, operator: '!=', values: ['svc01'] }],
                ...byService,
            }),
            objective({
                name: 'Office',
                metric: 'Availability',
                comparator: '>=',
                threshold: { value: '99.9', unit: '%' },
                during: 'office',
                ...byService,
            }),
        ],
        exclusions: [
            {
                kind: 'cause',
                cause: 'customer-caused',
                where: [{ column: { source: 'probes', column: 'service' }, operator: '=', values: ['svc02'] }],
                location: at,
            },
        ],
    });
    const office = {
        name: 'office',
        always: false,
        hours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }],
        holidays: [],
    } as Calendar;
    return contract([inBatches, rowByRow], [dataSource(path, COLUMNS, { sampleIntervalMs: 60_000, format })], {
        calendars: [office],
    });
}

describe('evaluation with a second thread', () => {
    it('gives the same report as one thread when objectives take rows in batches beside row by row', async () => {
        // Messy CSV: quoted service names are not interned (their texts travel beside the batch). NDJSON:
        // no text is interned. In both, rows out of order send windows to a second pass.
        const random = createRandom(39);
        const list = probes(random, 60_000);
        const ndjson = list.map((p) =>
            JSON.stringify({
                timestamp: new Date(p.t).toISOString(),
                service: p.service,
                up: p.up,
                latency_ms: Number(p.latency),
            }),
        );
        const files = [
            mixedContract(tempFile('messy.csv', messyCsv(random, list)), 'csv'),
            mixedContract(tempFile('probes.ndjson', ndjson.join('\n') + '\n'), 'ndjson'),
        ];
        for (const agreement of files) {
            const oneThread = await evaluate(agreement, { asOf: AS_OF, skipBadRows: true });
            const objectives = oneThread.services.flatMap((s) => s.objectives);
            expect(
                objectives
                    .map((o) => o.windows.filter((w) => w.verdict !== 'not-determined').length)
                    .every((n) => n > 0),
            ).toBe(true);
            expect(objectives.some((o) => o.notes.some((n) => n.includes('second pass')))).toBe(true);
            const options: EvaluationOptions = { asOf: AS_OF, skipBadRows: true, readerThread: thread };
            expect(await evaluate(agreement, options, ALWAYS_ON_THREAD)).toEqual(oneThread);
            // A range that starts and ends inside the data (the rows outside it are left out on both paths).
            const range = { from: '2025-03-30', to: '2025-10-26T01:30:00+02:00' };
            const inRange = await evaluate(agreement, { ...range, asOf: AS_OF, skipBadRows: true });
            expect(inRange.services[0].objectives[1].windows.map((w) => w.counts.rows)).not.toEqual(
                oneThread.services[0].objectives[1].windows.map((w) => w.counts.rows),
            );
            // The rows outside the range are counted, alike on the batch and the row paths.
            expect(inRange.dataSources[0].rowsOutsideRange).toBeGreaterThan(0);
            expect(await evaluate(agreement, { ...range, ...options }, ALWAYS_ON_THREAD)).toEqual(inRange);
        }
        // Eight evaluations of 60 000 rows: about 5 s on a loaded machine, past vitest's default limit.
    }, 30_000);

    for (const seed of [36, 37]) {
        it(`gives the same report as one thread on messy random data (seed ${seed})`, async () => {
            const random = createRandom(seed);
            const agreement = probeContract(tempFile('messy.csv', messyCsv(random, probes(random, 5000))));
            const oneThread = await evaluate(agreement, { asOf: AS_OF, skipBadRows: true });
            expect(oneThread.summary.met + oneThread.summary.breached).toBeGreaterThan(20);
            const options: EvaluationOptions = { asOf: AS_OF, skipBadRows: true, readerThread: thread };
            expect(await evaluate(agreement, options, ALWAYS_ON_THREAD)).toEqual(oneThread);
        });
    }
});
