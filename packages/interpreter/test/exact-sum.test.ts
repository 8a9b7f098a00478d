import { describe, expect, it } from 'vitest';
import { ExactSum } from '../src/exact-sum.js';
import { Rational } from '../src/rational.js';
import { evaluate } from '../src/evaluate.js';
import { column, contract, dataSource, metric, objective, service, tempFile } from './helpers.js';

function sumOf(values: number[]): ExactSum {
    const sum = new ExactSum();
    for (const x of values) sum.add(x);
    return sum;
}

describe('exact sums of data values', () => {
    it('adds 0.1 and 0.2 as decimals: 0.3, mean 0.15', () => {
        // In binary floating point 0.1 + 0.2 = 0.30000000000000004; as decimals it is 3/10.
        const sum = sumOf([0.1, 0.2]).value();
        expect(sum.cmp(Rational.parse('0.3'))).toBe(0);
        expect(sum.div(Rational.of(2)).cmp(Rational.parse('0.15'))).toBe(0);
    });

    it('raises the number of decimals as values need it', () => {
        // 1.5 + 0.25 + 0.125 + 3 = 4.875 (scale 1, then 2, then 3); -0.005 brings it to 4.87.
        expect(sumOf([1.5, 0.25, 0.125, 3, -0.005]).value().toDecimalText(6)).toBe('4.87');
    });

    it('goes past 2^53 units without losing a unit', () => {
        // 4 503 599 627.37 is 450 359 962 737 cents; 30 000 of them are 13 510 798 882 110 000 cents,
        // past 2^53 ≈ 9.007 · 10^15, where a double would start dropping cents: the BigInt part takes over.
        // 30 000 × 4 503 599 627.37 = 135 107 988 821 100 exactly.
        const many = sumOf(Array.from({ length: 30_000 }, () => 4503599627.37)).value();
        expect(many.cmp(Rational.parse('135107988821100'))).toBe(0);
        // 9 · 10^15 would be 9 · 10^17 cents, beyond the scaled form: it is added as a Rational.
        // 0.01 + 9 000 000 000 000 000 + 0.01 = 9 000 000 000 000 000.02 exactly.
        expect(sumOf([0.01, 9e15, 0.01]).value().cmp(Rational.parse('9000000000000000.02'))).toBe(0);
    });

    it('takes values beyond the scaled form (tiny, huge, long) as the decimals they print as', () => {
        // 1e-20 has 20 decimals (more than the scaled form keeps); 1e300 is far above 2^40 units;
        // 0.1234567890123 has 13 decimals. Each is added as its shortest decimal text.
        const values = [1e-20, 1e300, 0.1234567890123, 2.5];
        const expected = values.reduce((sum, x) => sum.add(Rational.parse(String(x))), Rational.ZERO);
        expect(sumOf(values).value().cmp(expected)).toBe(0);
    });

    it('merges sums of different scales', () => {
        // (0.5 + 0.25) + (0.001 + 7) = 7.751.
        const a = sumOf([0.5, 0.25]);
        a.addSum(sumOf([0.001, 7]));
        expect(a.value().toDecimalText(6)).toBe('7.751');
    });

    it('agrees with Rational.fromNumber on random values of many magnitudes', () => {
        // The reference adds each value's shortest decimal text as a Rational, one by one.
        let seed = 12345;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (let trial = 0; trial < 50; trial++) {
            const values = Array.from({ length: 40 }, () => {
                const places = Math.floor(random() * 8);
                const magnitude = 10 ** Math.floor(random() * 16 - 4);
                return Number((random() * magnitude * (random() < 0.3 ? -1 : 1)).toFixed(places));
            });
            const reference = values.reduce((sum, x) => sum.add(Rational.fromNumber(x)), Rational.ZERO);
            expect(sumOf(values).value().cmp(reference)).toBe(0);
        }
    });
});

describe('mean and sum objectives', () => {
    const at = (day: number) => `2025-03-0${day}T12:00:00Z`;
    async function evaluateLatency(fn: 'mean' | 'sum', threshold: string, values: string[]) {
        const path = tempFile(
            'mean.csv',
            'timestamp,latency_ms\n' + values.map((v, i) => `${at(i + 1)},${v}`).join('\n') + '\n',
        );
        const source = dataSource(path, [column('timestamp', 'time'), column('latency_ms', 'number', { unit: 'ms' })]);
        const latency = metric(
            'Latency',
            { kind: 'aggregate', function: fn, method: 'linear', column: { source: 'probes', column: 'latency_ms' } },
            'ms',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [latency],
                        objectives: [
                            objective({
                                name: 'Fast',
                                metric: 'Latency',
                                comparator: '<=',
                                threshold: { value: threshold, unit: 'ms' },
                            }),
                        ],
                    }),
                ],
                [source],
            ),
        );
        return report.services[0].objectives[0];
    }

    it('meets "mean <= 0.15" for 0.1 and 0.2 exactly, with no floating-point note', async () => {
        // (0.1 + 0.2) / 2 = 0.15 ≤ 0.15 → met (binary floating point gives 0.15000000000000002 > 0.15).
        const report = await evaluateLatency('mean', '0.15', ['0.1', '0.2']);
        expect(report.windows[0]).toMatchObject({ verdict: 'met', value: '0.15' });
        expect(report.windows[0].reason).toBeUndefined();
        expect(report.notes.join(' ')).not.toContain('floating point');
    });

    it('breaches "sum <= 0.6" for 0.1 + 0.2 + 0.3 + 0.000001 and meets it without the last', async () => {
        // 0.1 + 0.2 + 0.3 = 0.6 exactly (≤ 0.6 met); adding 0.000001 gives 0.600001 > 0.6 → breached.
        expect((await evaluateLatency('sum', '0.6', ['0.1', '0.2', '0.3'])).windows[0]).toMatchObject({
            verdict: 'met',
            value: '0.6',
        });
        expect((await evaluateLatency('sum', '0.6', ['0.1', '0.2', '0.3', '0.000001'])).windows[0]).toMatchObject({
            verdict: 'breached',
            value: '0.600001',
        });
    });
});
