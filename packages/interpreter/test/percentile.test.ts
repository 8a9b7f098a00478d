import { describe, expect, it } from 'vitest';
import { percentile, selectPercentile } from '../src/percentile.js';
import { Rational } from '../src/rational.js';

const p = (text: string) => Rational.parse(text);

describe('percentile', () => {
    it('interpolates linearly between closest ranks (numpy default)', () => {
        // [1,2,3,4], p50: h = 3·0.5 = 1.5 → x[1] + 0.5·(x[2] − x[1]) = 2 + 0.5 = 2.5
        expect(percentile([1, 2, 3, 4], p('50'), 'linear')).toEqual(p('2.5'));
        // [10..50], p95: h = 4·0.95 = 3.8 → 40 + 0.8·10 = 48
        expect(percentile([10, 20, 30, 40, 50], p('95'), 'linear')).toEqual(p('48'));
        // 1..10, p90: h = 9·0.9 = 8.1 → 9 + 0.1·1 = 9.1 (numpy.percentile(range(1, 11), 90) = 9.1)
        expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p('90'), 'linear')).toEqual(p('9.1'));
        // p0 and p100 are the extremes.
        expect(percentile([3, 7], p('0'), 'linear')).toEqual(p('3'));
        expect(percentile([3, 7], p('100'), 'linear')).toEqual(p('7'));
    });

    it('is exact where floats are not', () => {
        // [0.1, 0.2], p50: 0.1 + 0.5·0.1 = 0.15 exactly (0.1 + 0.5 * (0.2 - 0.1) in floats is 0.15000000000000002).
        expect(percentile([0.1, 0.2], p('50'), 'linear')).toEqual(p('0.15'));
    });

    it('takes the nearest rank when asked', () => {
        // [1,2,3,4], p50: rank ⌈0.5·4⌉ = 2 → 2
        expect(percentile([1, 2, 3, 4], p('50'), 'nearest-rank')).toEqual(p('2'));
        // [10..50], p95: rank ⌈0.95·5⌉ = ⌈4.75⌉ = 5 → 50
        expect(percentile([10, 20, 30, 40, 50], p('95'), 'nearest-rank')).toEqual(p('50'));
        // 1..10, p90: rank ⌈9⌉ = 9 → 9 (an exact integer rank is not rounded up)
        expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p('90'), 'nearest-rank')).toEqual(p('9'));
        // p0 → the minimum
        expect(percentile([5, 6], p('0'), 'nearest-rank')).toEqual(p('5'));
    });

    it('agrees on large arrays, where selection samples first', () => {
        // Lengths above the 600 at which the sampling step starts, with ties and distinct values; the sort gives the reference.
        let seed = 777;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (const n of [601, 1000, 4099, 20_000]) {
            for (const spread of [8, 1e6]) {
                const values = Float64Array.from({ length: n }, () => Math.round(random() * spread) / 4);
                const sorted = Float64Array.from(values).sort();
                for (const rank of ['0', '5', '50', '95', '99.9', '100']) {
                    for (const method of ['linear', 'nearest-rank'] as const) {
                        expect(selectPercentile(Float64Array.from(values), p(rank), method)).toEqual(
                            percentile(sorted, p(rank), method),
                        );
                    }
                }
            }
        }
    });
});

describe('percentile by selection', () => {
    it('agrees with the sorted definition on random data', () => {
        // Deterministic pseudo-random arrays (with many ties) of lengths 1…300; every method and several ranks.
        let seed = 12345;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (let n = 1; n <= 300; n += 7) {
            const values = Float64Array.from({ length: n }, () => Math.round(random() * 50) / 4);
            const sorted = Float64Array.from(values).sort();
            for (const rank of ['0', '1', '50', '90', '95', '99.9', '100']) {
                for (const method of ['linear', 'nearest-rank'] as const) {
                    expect(selectPercentile(Float64Array.from(values), p(rank), method)).toEqual(
                        percentile(sorted, p(rank), method),
                    );
                }
            }
        }
    });

    it('agrees on large arrays, where selection samples first', () => {
        // Lengths above the 600 at which the sampling step starts, with ties and distinct values; the sort gives the reference.
        let seed = 777;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (const n of [601, 1000, 4099, 20_000]) {
            for (const spread of [8, 1e6]) {
                const values = Float64Array.from({ length: n }, () => Math.round(random() * spread) / 4);
                const sorted = Float64Array.from(values).sort();
                for (const rank of ['0', '5', '50', '95', '99.9', '100']) {
                    for (const method of ['linear', 'nearest-rank'] as const) {
                        expect(selectPercentile(Float64Array.from(values), p(rank), method)).toEqual(
                            percentile(sorted, p(rank), method),
                        );
                    }
                }
            }
        }
    });
});
