/**
 * The mean of a slice expression over the counted slices of a window, exactly. The slices' values
 * are summed as rationals; when the sum's denominator grows past 2^256 (thousands of different
 * request counts), the sum goes on to 40 decimal places, with bounds: if the threshold lies between
 * them the mean is not determined rather than guessed; otherwise the lower bound stands for it.
 */
import type { SliceDefinition } from '../model.js';
import { Rational } from '../rational.js';
import type { Compiled } from '../expressions/compile.js';
import type { Target } from './kind.js';

export interface SliceMean {
    readonly value?: Rational;
    readonly reason?: string;
    readonly note?: string;
    readonly counted: number;
    readonly empty: number;
}

const GOOD = 1;
const EMPTY = 3;
const MAX_DENOMINATOR_BITS = 256;
const SCALE = 10n ** 40n;

export function meanOf(
    classes: Uint8Array,
    evaluate: Compiled<number>,
    definition: Extract<SliceDefinition, { measure: 'mean' }>,
    target: Target,
): SliceMean {
    const emptyValue = definition.empty === 'excluded' ? undefined : Rational.parse(definition.empty);
    let exact: Rational | undefined = Rational.ZERO;
    let lower = 0n;
    let inexact = 0n;
    let counted = 0;
    let empty = 0;
    const add = (value: Rational): void => {
        counted++;
        if (exact) {
            exact = exact.add(value);
            if (exact.den.toString(2).length <= MAX_DENOMINATOR_BITS) return;
            const scaled = exact.num * SCALE;
            lower = floorDiv(scaled, exact.den);
            inexact = scaled % exact.den === 0n ? 0n : 1n;
            exact = undefined;
            return;
        }
        const scaled = value.num * SCALE;
        lower += floorDiv(scaled, value.den);
        if (scaled % value.den !== 0n) inexact++;
    };
    for (let i = 0; i < classes.length; i++) {
        if (classes[i] === EMPTY) {
            empty++;
            if (emptyValue) add(emptyValue);
        } else if (classes[i] === GOOD) {
            const value = evaluate.exact(i);
            if (value) add(value);
        }
    }
    const emptyNote =
        empty > 0
            ? `${empty} slice${empty === 1 ? '' : 's'} without data ${emptyValue ? `counted as ${definition.empty}` : 'left out'}`
            : undefined;
    if (counted === 0) return { counted, empty, note: emptyNote, reason: 'no slice of the window counts' };
    const n = Rational.of(counted);
    if (exact) return { value: exact.div(n), counted, empty, note: emptyNote };
    const low = Rational.of(lower, SCALE).div(n);
    const high = Rational.of(lower + inexact, SCALE).div(n);
    const threshold = definition.percent ? target.threshold.div(Rational.HUNDRED) : target.threshold;
    const note = [emptyNote, 'the mean is exact to 40 decimal places'].filter(Boolean).join('; ');
    if (threshold.cmp(low) >= 0 && threshold.cmp(high) <= 0) {
        return {
            counted,
            empty,
            note,
            reason: 'the mean lies within 10^-40 of the threshold: it cannot be told apart',
        };
    }
    return { value: low, counted, empty, note };
}

function floorDiv(a: bigint, b: bigint): bigint {
    const q = a / b;
    return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
