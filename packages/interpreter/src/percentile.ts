/** Exact percentiles of a window's values. */
import type { PercentileMethod } from './model.js';
import { Rational } from './rational.js';

/**
 * The p-th percentile (p in 0–100) of ascending `sorted` values.
 * - linear: h = (n − 1)·p/100, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) — numpy's default, SQL quantile_cont;
 * - nearest-rank: x[⌈p/100 · n⌉ − 1], the smallest value with at least p % of values at or below it (p = 0 → the minimum).
 * Computed on the values' decimal text, so the result is exact.
 */
export function percentile(sorted: ArrayLike<number>, p: Rational, method: PercentileMethod): Rational {
    const n = sorted.length;
    if (n === 0) throw new RangeError('percentile of no values');
    if (method === 'nearest-rank') {
        const scaled = p.mul(Rational.of(n)).div(Rational.HUNDRED);
        const floor = scaled.floor();
        const rank = scaled.cmp(Rational.of(floor)) === 0 ? floor : floor + 1n;
        const index = Math.min(n - 1, Math.max(0, Number(rank) - 1));
        return Rational.fromNumber(sorted[index]);
    }
    const h = p.mul(Rational.of(n - 1)).div(Rational.HUNDRED);
    const lower = Number(h.floor());
    const low = Rational.fromNumber(sorted[lower]);
    if (lower + 1 >= n) return low;
    const fraction = h.sub(Rational.of(lower));
    if (fraction.sign() === 0) return low;
    return low.add(fraction.mul(Rational.fromNumber(sorted[lower + 1]).sub(low)));
}
