/** Exact percentiles of a window's values. */
import type { PercentileMethod } from './model.js';
import { Rational } from './rational.js';

/**
 * Where the p-th percentile (p in 0–100) of n values lies: the 0-based index of the lower value
 * and the fraction of the way to the next one.
 * - linear: h = (n − 1)·p/100, lower = ⌊h⌋, fraction = h − ⌊h⌋ — numpy's default, SQL quantile_cont;
 * - nearest-rank: index ⌈p/100 · n⌉ − 1 (at least 0), fraction 0 — the smallest value with at least
 *   p % of the values at or below it.
 */
function rankOf(n: number, p: Rational, method: PercentileMethod): { lower: number; fraction: Rational } {
    if (method === 'nearest-rank') {
        const scaled = p.mul(Rational.of(n)).div(Rational.HUNDRED);
        const floor = scaled.floor();
        const rank = scaled.cmp(Rational.of(floor)) === 0 ? floor : floor + 1n;
        return { lower: Math.min(n - 1, Math.max(0, Number(rank) - 1)), fraction: Rational.ZERO };
    }
    const h = p.mul(Rational.of(n - 1)).div(Rational.HUNDRED);
    const lower = Number(h.floor());
    return { lower, fraction: h.sub(Rational.of(lower)) };
}

/** Interpolates on the values' decimal text, so the result is exact. */
function interpolate(low: number, high: number | undefined, fraction: Rational): Rational {
    const lowValue = Rational.fromNumber(low);
    if (high === undefined || fraction.sign() === 0) return lowValue;
    return lowValue.add(fraction.mul(Rational.fromNumber(high).sub(lowValue)));
}

/** The p-th percentile of ascending `sorted` values. */
export function percentile(sorted: ArrayLike<number>, p: Rational, method: PercentileMethod): Rational {
    const n = sorted.length;
    if (n === 0) throw new RangeError('percentile of no values');
    const { lower, fraction } = rankOf(n, p, method);
    return interpolate(sorted[lower], lower + 1 < n ? sorted[lower + 1] : undefined, fraction);
}

/**
 * The same percentile of unsorted values by selection (expected linear time instead of a sort).
 * Reorders `values`.
 */
export function selectPercentile(values: Float64Array, p: Rational, method: PercentileMethod): Rational {
    const n = values.length;
    if (n === 0) throw new RangeError('percentile of no values');
    const { lower, fraction } = rankOf(n, p, method);
    selectNth(values, lower);
    let high: number | undefined;
    if (lower + 1 < n && fraction.sign() !== 0) {
        // Everything after the selected index is at least as large: the next order statistic is their minimum.
        high = Infinity;
        for (let i = lower + 1; i < n; i++) if (values[i] < high) high = values[i];
    }
    return interpolate(values[lower], high, fraction);
}

/**
 * Floyd–Rivest selection: afterwards values[k] is the k-th smallest, smaller ones before it and
 * larger ones after. On a large range it first selects within a small sample around the expected
 * position, so that the partition around values[k] settles in about one pass instead of several.
 */
function selectNth(values: Float64Array, k: number, left = 0, right = values.length - 1): void {
    while (right > left) {
        if (right - left > SAMPLE_ABOVE) {
            const n = right - left + 1;
            const rank = k - left + 1;
            const logN = Math.log(n);
            const sample = 0.5 * Math.exp((2 * logN) / 3);
            const spread = 0.5 * Math.sqrt((logN * sample * (n - sample)) / n) * Math.sign(rank - n / 2);
            const sampleLeft = Math.max(left, Math.floor(k - (rank * sample) / n + spread));
            const sampleRight = Math.min(right, Math.floor(k + ((n - rank) * sample) / n + spread));
            selectNth(values, k, sampleLeft, sampleRight);
        }
        const pivot = values[k];
        let i = left;
        let j = right;
        swap(values, left, k);
        if (values[right] > pivot) swap(values, right, left);
        while (i < j) {
            swap(values, i, j);
            i++;
            j--;
            while (values[i] < pivot) i++;
            while (values[j] > pivot) j--;
        }
        if (values[left] === pivot) {
            swap(values, left, j);
        } else {
            j++;
            swap(values, j, right);
        }
        if (j <= k) left = j + 1;
        if (k <= j) right = j - 1;
    }
}

/** Ranges up to this size are partitioned directly, without sampling first. */
const SAMPLE_ABOVE = 600;

function swap(values: Float64Array, a: number, b: number): void {
    const value = values[a];
    values[a] = values[b];
    values[b] = value;
}
