/** Pieces that several metric kinds share: exact comparison, offending rows, counts. */
import type { Comparator } from '../model.js';
import type { WindowCounts } from '../report.js';
import { Rational } from '../rational.js';
import type { GroupState, Target } from './kind.js';

/** Exact comparison of a measured value with a threshold. */
export function satisfies(value: Rational, comparator: Comparator, threshold: Rational): boolean {
    const c = value.cmp(threshold);
    switch (comparator) {
        case '>=':
            return c >= 0;
        case '>':
            return c > 0;
        case '<=':
            return c <= 0;
        case '<':
            return c < 0;
    }
}

/** Per-row comparison with a float fast path; exact when the float equals the threshold's nearest float. */
export class RowTest {
    private readonly float: number;
    private readonly above: boolean;
    constructor(private readonly target: Target) {
        this.float = target.threshold.toNumber();
        this.above = target.comparator === '>=' || target.comparator === '>';
    }
    passes(x: number): boolean {
        if (x === this.float) return satisfies(Rational.fromNumber(x), this.target.comparator, this.target.threshold);
        return this.above ? x > this.float : x < this.float;
    }
}

/** The first and last offending rows of a window (down samples, late events, …), and how many. */
export class Offending {
    first = Infinity;
    last = -Infinity;
    count = 0;
    note(t: number): void {
        this.count++;
        if (t < this.first) this.first = t;
        if (t > this.last) this.last = t;
    }
    mergeFrom(other: Offending): void {
        this.count += other.count;
        this.first = Math.min(this.first, other.first);
        this.last = Math.max(this.last, other.last);
    }
}

export function windowCounts(state: GroupState<unknown> | undefined, counted: number): WindowCounts {
    return { rows: state?.rows ?? 0, counted, excluded: state?.excluded ?? 0 };
}

export function percentOf(part: Rational, whole: Rational): Rational {
    return part.mul(Rational.HUNDRED).div(whole);
}

/** Allowed downtime (1 − target/100) × time, in whole ms (rounded down: the budget never exceeds what the target allows). */
export function downtimeBudget(targetPercent: Rational, timeMs: number): number {
    const allowed = Rational.ONE.sub(targetPercent.div(Rational.HUNDRED)).mul(Rational.of(timeMs));
    return Math.max(0, Number(allowed.floor()));
}
