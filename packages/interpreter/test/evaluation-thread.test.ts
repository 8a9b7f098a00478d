/**
 * Evaluating on a worker thread against evaluating on this one: the same report, the same errors;
 * an aborted evaluation stops and the next one runs on a new thread. The worker runs the compiled
 * script in dist/ (`npm test` builds first).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../src/evaluate.js';
import { EvaluationAborted, EvaluationThread } from '../src/evaluation-thread.js';
import { tempFile } from './helpers.js';
import { createRandom, messyCsv, probeContract, probes } from './random-data.js';

/** Two evaluations compared stand at one as-of instant; by default each would stand at its own now. */
const AS_OF = '2027-01-01';

const thread = new EvaluationThread(fileURLToPath(new URL('../dist/evaluation-worker.js', import.meta.url)));
afterAll(() => thread.close());

const message = (promise: Promise<unknown>) =>
    promise.then(
        () => 'no error',
        (error: Error) => `${error.name}: ${error.message}`,
    );

describe('evaluation on a worker thread', () => {
    it('gives the report of this thread, for several contracts asked for at once', async () => {
        const contracts = [41, 42].map((seed) => {
            const random = createRandom(seed);
            return probeContract(tempFile('messy.csv', messyCsv(random, probes(random, 3000))));
        });
        const here = await Promise.all(contracts.map((c) => evaluate(c, { asOf: AS_OF, skipBadRows: true })));
        expect(here[0].summary.met + here[0].summary.breached).toBeGreaterThan(20);
        expect(await Promise.all(contracts.map((c) => thread.evaluate(c, { asOf: AS_OF, skipBadRows: true })))).toEqual(
            here,
        );
    });

    it('fails with the errors of this thread: a DataError and a RangeError', async () => {
        const random = createRandom(43);
        const contract = probeContract(tempFile('messy.csv', messyCsv(random, probes(random, 2000))));
        const dataError = await message(evaluate(contract));
        expect(dataError).toMatch(/^DataError: .*messy\.csv:\d+:\d+: expected/);
        expect(await message(thread.evaluate(contract))).toBe(dataError);
        const nowhere = { ...contract, timeZone: 'Mars/Olympus_Mons' };
        const rangeError = await message(evaluate(nowhere));
        expect(rangeError).toMatch(/^RangeError: .*Mars\/Olympus_Mons/);
        expect(await message(thread.evaluate(nowhere))).toBe(rangeError);
    });

    it('stops an aborted evaluation, and evaluates the next one on a new thread', async () => {
        const random = createRandom(44);
        const contract = probeContract(tempFile('long.csv', messyCsv(random, probes(random, 100_000))));
        const controller = new AbortController();
        const aborted = thread.evaluate(contract, { asOf: AS_OF, skipBadRows: true }, controller.signal);
        setTimeout(() => controller.abort(), 20);
        await expect(aborted).rejects.toBeInstanceOf(EvaluationAborted);
        const small = probeContract(tempFile('small.csv', messyCsv(random, probes(random, 500))));
        expect(await thread.evaluate(small, { asOf: AS_OF, skipBadRows: true })).toEqual(
            await evaluate(small, { asOf: AS_OF, skipBadRows: true }),
        );
        const already = new AbortController();
        already.abort();
        await expect(thread.evaluate(small, {}, already.signal)).rejects.toBeInstanceOf(EvaluationAborted);
    });
});
