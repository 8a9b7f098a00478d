/**
 * The rows of one window (and group) summed up per time slice: for each aggregate of the slice
 * expression (sum, mean, min, max, count, any, all of a column), one value per slice. Sums are
 * exact: in doubles while every value is a whole number below 2^53, else in an ExactSum.
 */
import type { Expression, SliceAggregate } from '../model.js';
import { ExactSum } from '../exact-sum.js';
import { Rational } from '../rational.js';
import type { Compiled, Leaves } from '../expressions/compile.js';

/** An aggregate of the slice expression, and the row slot of the column it reads (-1: rows are counted). */
export interface SliceAggregateSpec {
    readonly node: Expression;
    readonly function: SliceAggregate;
    readonly slot: number;
}

interface Accumulator {
    /** sum: the sum; min, max: the extreme; count, any, all: the rows whose value is true. */
    readonly value: Float64Array;
    /** Rows with a known value (sum, mean, min, max, count); rows whose value is false (any, all). */
    readonly other: Uint32Array;
    /** sum, mean: the slices whose sum left whole numbers below 2^53. */
    readonly exact: Map<number, ExactSum>;
}

export class SliceTable {
    readonly rows: Uint32Array;
    /** Slices holding a row excluded by its cause: their time is excluded. */
    readonly causeExcluded: Uint8Array;
    private readonly accumulators: Accumulator[];

    constructor(
        /** Start of slice 0: the window's start. */
        readonly start: number,
        readonly sliceMs: number,
        readonly count: number,
        private readonly aggregates: readonly SliceAggregateSpec[],
    ) {
        this.rows = new Uint32Array(count);
        this.causeExcluded = new Uint8Array(count);
        this.accumulators = aggregates.map((a) => ({
            value: new Float64Array(count).fill(a.function === 'min' ? Infinity : a.function === 'max' ? -Infinity : 0),
            other: new Uint32Array(count),
            exact: new Map(),
        }));
    }

    /** The slice holding instant t, or -1 outside the table. */
    indexOf(t: number): number {
        const index = Math.floor((t - this.start) / this.sliceMs);
        return index >= 0 && index < this.count ? index : -1;
    }

    add(index: number, values: Float64Array, at: number): void {
        this.rows[index]++;
        for (let a = 0; a < this.aggregates.length; a++) {
            const { function: fn, slot } = this.aggregates[a];
            const acc = this.accumulators[a];
            if (slot < 0) continue;
            const x = values[at + slot];
            if (Number.isNaN(x)) continue;
            switch (fn) {
                case 'sum':
                case 'mean':
                    addExactly(acc, index, x);
                    acc.other[index]++;
                    break;
                case 'min':
                    if (x < acc.value[index]) acc.value[index] = x;
                    acc.other[index]++;
                    break;
                case 'max':
                    if (x > acc.value[index]) acc.value[index] = x;
                    acc.other[index]++;
                    break;
                case 'count':
                case 'any':
                case 'all':
                    if (x === 1) acc.value[index]++;
                    else acc.other[index]++;
                    break;
            }
        }
    }

    /** Adds another table's slices (a day of a rolling window) where they lie in this one. */
    merge(from: SliceTable): void {
        const offset = Math.round((from.start - this.start) / this.sliceMs);
        for (let i = 0; i < from.count; i++) {
            const j = i + offset;
            if (j < 0 || j >= this.count) continue;
            this.rows[j] += from.rows[i];
            this.causeExcluded[j] |= from.causeExcluded[i];
            for (let a = 0; a < this.aggregates.length; a++) {
                mergeSlice(this.aggregates[a].function, this.accumulators[a], j, from.accumulators[a], i);
            }
        }
    }

    /** Reads the aggregates of slice `index`, for the slice expression. */
    leaves(): Leaves<number> {
        const byNode = new Map(this.aggregates.map((a, i) => [a.node, i]));
        return {
            leaf: (node) => {
                const a = byNode.get(node);
                return a === undefined ? undefined : this.aggregateValue(a);
            },
        };
    }

    private aggregateValue(a: number): Compiled<number> {
        const { function: fn, slot } = this.aggregates[a];
        const acc = this.accumulators[a];
        const rows = this.rows;
        switch (fn) {
            case 'sum':
                return {
                    float: (i) => (acc.other[i] === 0 ? NaN : (acc.exact.get(i)?.value().toNumber() ?? acc.value[i])),
                    exact: (i) => (acc.other[i] === 0 ? undefined : exactSum(acc, i)),
                };
            case 'mean':
                return {
                    float: (i) => (acc.other[i] === 0 ? NaN : exactSum(acc, i).toNumber() / acc.other[i]),
                    exact: (i) => (acc.other[i] === 0 ? undefined : exactSum(acc, i).div(Rational.of(acc.other[i]))),
                };
            case 'min':
            case 'max':
                return {
                    float: (i) => (acc.other[i] === 0 ? NaN : acc.value[i]),
                    exact: (i) => (acc.other[i] === 0 ? undefined : Rational.fromNumber(acc.value[i])),
                };
            case 'count': {
                const counted = slot < 0 ? (i: number) => rows[i] : (i: number) => acc.value[i];
                return { float: counted, exact: (i) => Rational.of(counted(i)) };
            }
            case 'any':
            case 'all': {
                // Three-valued over the rows: any is true with one true row, false when all are known false.
                const decide = (i: number): number => {
                    const trues = acc.value[i];
                    const falses = acc.other[i];
                    const unknown = rows[i] - trues - falses;
                    if (fn === 'any') return trues > 0 ? 1 : unknown > 0 || rows[i] === 0 ? NaN : 0;
                    return falses > 0 ? 0 : unknown > 0 || rows[i] === 0 ? NaN : 1;
                };
                return {
                    float: decide,
                    exact: (i) => {
                        const value = decide(i);
                        return Number.isNaN(value) ? undefined : Rational.of(value);
                    },
                };
            }
        }
    }
}

/** Collects the aggregates of a slice expression, in the order met. */
export function aggregatesOf(expression: Expression, found: Expression[] = []): Expression[] {
    switch (expression.kind) {
        case 'aggregate':
            found.push(expression);
            break;
        case 'not':
        case 'negate':
            aggregatesOf(expression.operand, found);
            break;
        case 'arithmetic':
        case 'compare':
        case 'logic':
            aggregatesOf(expression.left, found);
            aggregatesOf(expression.right, found);
            break;
        case 'if':
            aggregatesOf(expression.condition, found);
            aggregatesOf(expression.then, found);
            aggregatesOf(expression.otherwise, found);
            break;
        default:
            break;
    }
    return found;
}

function addExactly(acc: Accumulator, index: number, x: number): void {
    const kept = acc.exact.get(index);
    if (kept) {
        kept.add(x);
        return;
    }
    const sum = acc.value[index] + x;
    if (Number.isInteger(x) && Number.isSafeInteger(sum)) {
        acc.value[index] = sum;
        return;
    }
    const exact = new ExactSum();
    exact.add(acc.value[index]);
    exact.add(x);
    acc.exact.set(index, exact);
}

function exactSum(acc: Accumulator, index: number): Rational {
    return acc.exact.get(index)?.value() ?? Rational.of(acc.value[index]);
}

function mergeSlice(fn: SliceAggregate, into: Accumulator, j: number, from: Accumulator, i: number): void {
    into.other[j] += from.other[i];
    switch (fn) {
        case 'sum':
        case 'mean': {
            const exact = from.exact.get(i);
            if (exact) {
                const kept = into.exact.get(j) ?? new ExactSum();
                if (!into.exact.has(j)) kept.add(into.value[j]);
                kept.addSum(exact);
                into.exact.set(j, kept);
            } else {
                addExactly(into, j, from.value[i]);
            }
            break;
        }
        case 'min':
            into.value[j] = Math.min(into.value[j], from.value[i]);
            break;
        case 'max':
            into.value[j] = Math.max(into.value[j], from.value[i]);
            break;
        default:
            into.value[j] += from.value[i];
    }
}
