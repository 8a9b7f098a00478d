/**
 * Reading on a second thread against reading on this one: the same rows in the same order (lines,
 * values, texts and text ids), the same counts of skipped rows, the same errors, the same reports.
 * The worker runs the compiled script in dist/ (`npm test` builds first).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { evaluate, type EvaluationOptions } from '../src/evaluate.js';
import { ReaderThread } from '../src/parallel-scan.js';
import { scanDataSource, type FieldSpec, type Row, type ScanOptions } from '../src/reader.js';
import { dataSource, tempFile } from './helpers.js';
import { COLUMNS, createRandom, messyCsv, probeContract, probes } from './random-data.js';

const WORKER = fileURLToPath(new URL('../dist/scan-worker.js', import.meta.url));
const FIELDS: FieldSpec[] = COLUMNS.map((c) => ({ column: c, optional: false }));

/** Every row as handed over: line, values (NaN and -0 kept apart), the service text and its id. */
function snapshot(row: Row) {
    return [row.line, [...row.values].map((v) => (Object.is(v, -0) ? '-0' : v)), row.texts[1], row.ids[1]];
}

async function inThisThread(path: string, options: ScanOptions) {
    const rows: unknown[] = [];
    const result = await scanDataSource(dataSource(path, COLUMNS), FIELDS, (row) => rows.push(snapshot(row)), options);
    return { rows, result };
}

/** One thread for all tests: each scan must leave it ready for the next. */
const thread = new ReaderThread(WORKER);
afterAll(() => thread.close());

async function inWorker(path: string, options: ScanOptions, onEachRow: (index: number) => void = () => {}) {
    const rows: unknown[] = [];
    const result = await thread.scan(dataSource(path, COLUMNS), FIELDS, (row) => {
        onEachRow(rows.length);
        rows.push(snapshot(row));
    }, options);
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
            for (const options of [{ skipBadRows: true }, { skipBadRows: true, chunkBytes: 61 }, { skipBadRows: true, fastPath: false }]) {
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
        const lines = probes(random, 40_000).slice(0, 40_000).map((p, i) => JSON.stringify({
            timestamp: new Date(p.t).toISOString(), service: p.service, up: p.up, latency_ms: i % 5 === 4 ? undefined : Number(p.latency),
        }));
        const source = { ...dataSource(tempFile('probes.ndjson', lines.join('\n') + '\n'), COLUMNS), format: 'ndjson' as const };
        const read = async (onThread: boolean) => {
            const rows: unknown[] = [];
            const onRow = (row: Row) => rows.push(snapshot(row));
            const options = { skipBadRows: true };
            const result = onThread ? await thread.scan(source, FIELDS, onRow, options) : await scanDataSource(source, FIELDS, onRow, options);
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
        const expected = await inThisThread(path, { skipBadRows: true });
        expect(expected.rows.length).toBeGreaterThan(4 * 16_384);
        const actual = await inWorker(path, { skipBadRows: true }, (index) => {
            if (index % 20_000 === 0) busy(50);
        });
        expect(actual).toEqual(expected);
    });

    it('fails with the same first malformed row as this thread', async () => {
        const random = createRandom(34);
        const path = tempFile('messy.csv', messyCsv(random, probes(random, 2000)));
        const message = (scan: Promise<unknown>) => scan.then(() => 'no error', (error: Error) => `${error.name}: ${error.message}`);
        const expected = await message(inThisThread(path, {}));
        expect(expected).toMatch(/^DataError: .*messy\.csv:\d+:\d+: expected/);
        expect(await message(inWorker(path, {}))).toBe(expected);
    });

    it('reports a missing file as this thread does', async () => {
        const path = tempFile('here.csv', '') + '.missing';
        const message = (scan: Promise<unknown>) => scan.then(() => 'no error', (error: Error) => `${error.name}: ${error.message}`);
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
        const scan = thread.scan(dataSource(path, COLUMNS), FIELDS, () => {
            if (thrown) rowsAfterError++;
            else if (random() < 0.001) {
                thrown = true;
                throw stop;
            }
        }, { skipBadRows: true });
        await expect(scan).rejects.toBe(stop);
        expect(thrown).toBe(true);
        expect(rowsAfterError).toBe(0);
        // The stopped thread is replaced: the next scan reads the whole file.
        const again = await inWorker(path, { skipBadRows: true });
        expect(again).toEqual(await inThisThread(path, { skipBadRows: true }));
    });

    it('reports a thread that cannot start', async () => {
        const broken = new ReaderThread(WORKER.replace('scan-worker.js', 'no-such-worker.js'));
        const path = tempFile('small.csv', 'timestamp,service,up,latency_ms\n2025-03-01T00:00:00Z,svc01,1,5\n');
        await expect(broken.scan(dataSource(path, COLUMNS), FIELDS, () => {})).rejects.toThrow(/no-such-worker|Cannot find module/);
        await broken.close();
    });
});

describe('evaluation with a second thread', () => {
    for (const seed of [36, 37]) {
        it(`gives the same report as one thread on messy random data (seed ${seed})`, async () => {
            const random = createRandom(seed);
            const agreement = probeContract(tempFile('messy.csv', messyCsv(random, probes(random, 5000))));
            const oneThread = await evaluate(agreement, { skipBadRows: true });
            expect(oneThread.summary.met + oneThread.summary.breached).toBeGreaterThan(20);
            const options: EvaluationOptions = { skipBadRows: true, readerThread: thread, readerThreadMinBytes: 0 };
            expect(await evaluate(agreement, options)).toEqual(oneThread);
        });
    }
});
