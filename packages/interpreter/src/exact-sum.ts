/**
 * Exact sums of data values. A value counts as the decimal it was written as — the shortest text
 * that reads back as the same double, as `Rational.fromNumber` takes it — so the mean of 0.1 and
 * 0.2 is exactly 0.15, not the binary 0.15000000000000002.
 *
 * The sum is kept as an integer count of 10^-scale units: a Number while it stays a safe integer,
 * a BigInt beyond. A value enters as m units where m = round(x · 10^scale); that is the value's
 * decimal exactly when m / 10^scale reads back as x and |m| ≤ 2^40 — then the rounding error of
 * x · 10^scale and the gap between x and its decimal are both far below half a unit, and no other
 * decimal with that many places reads back as x. A value with more places raises the scale (up to
 * MAX_SCALE); anything else (huge, tiny or long values) is added as a Rational.
 */
import { Rational } from './rational.js';

const MAX_SCALE = 12;
const MAX_UNITS = 2 ** 40;
const POWERS_OF_TEN = Array.from({ length: MAX_SCALE + 1 }, (_, i) => 10 ** i);

export class ExactSum {
    /** Decimal places of the unit. */
    private scale = 0;
    /** The sum in units: small + big, with |small| kept a safe integer. */
    private small = 0;
    private big = 0n;
    /** Values that do not fit the scaled form. */
    private rest: Rational = Rational.ZERO;

    add(x: number): void {
        for (let scale = this.scale; scale <= MAX_SCALE; scale++) {
            const units = Math.round(x * POWERS_OF_TEN[scale]);
            if (Math.abs(units) > MAX_UNITS) break;
            if (units / POWERS_OF_TEN[scale] === x) {
                if (scale > this.scale) this.rescale(scale);
                this.addUnits(units);
                return;
            }
        }
        this.rest = this.rest.add(Rational.fromNumber(x));
    }

    /** Adds another sum into this one. */
    addSum(other: ExactSum): void {
        if (other.scale > this.scale) this.rescale(other.scale);
        const factor = 10n ** BigInt(this.scale - other.scale);
        this.big += (other.big + BigInt(other.small)) * factor;
        this.rest = this.rest.add(other.rest);
    }

    value(): Rational {
        return Rational.of(this.big + BigInt(this.small), 10n ** BigInt(this.scale)).add(this.rest);
    }

    private addUnits(units: number): void {
        const sum = this.small + units;
        if (Number.isSafeInteger(sum)) {
            this.small = sum;
        } else {
            this.big += BigInt(this.small) + BigInt(units);
            this.small = 0;
        }
    }

    private rescale(scale: number): void {
        const factor = POWERS_OF_TEN[scale - this.scale];
        this.big *= BigInt(factor);
        const small = this.small * factor;
        if (Number.isSafeInteger(small)) {
            this.small = small;
        } else {
            this.big += BigInt(this.small) * BigInt(factor);
            this.small = 0;
        }
        this.scale = scale;
    }
}
