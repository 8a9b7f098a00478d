/** Decimal text of measured values that never misleads about the side of a threshold it is on. */
import { Rational } from './rational.js';

const MAX_DIGITS = 30;

/**
 * `value` with `digits` decimals, or with more when the rounded text would land on the threshold
 * (or past it) while the value itself is on the other side: 99.89999999 % against 99.9 % reads
 * 99.89999999, not 99.9.
 */
export function decimalBeside(value: Rational, threshold: Rational | undefined, digits: number): string {
    let text = value.toDecimalText(digits);
    if (!threshold) return text;
    const side = Math.sign(value.cmp(threshold));
    for (let d = digits + 1; d <= MAX_DIGITS && Math.sign(Rational.parse(text).cmp(threshold)) !== side; d++)
        text = value.toDecimalText(d);
    return text;
}
