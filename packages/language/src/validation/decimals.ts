/**
 * Exact comparison of the decimal text that NUMBER literals hold ("99.9", "100", "0.5"), so that no
 * binary rounding decides whether two thresholds are equal.
 */
export function compareDecimals(a: string, b: string): number {
    if (isShortDecimal(a) && isShortDecimal(b)) {
        // Up to 15 significant digits a double holds a decimal exactly enough that distinct texts
        // stay distinct and in order; this avoids four strings and two BigInts per comparison.
        const x = Number(a);
        const y = Number(b);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    const [aWhole, aFraction = ''] = a.split('.');
    const [bWhole, bFraction = ''] = b.split('.');
    const digits = Math.max(aFraction.length, bFraction.length);
    const scaledA = BigInt(aWhole + aFraction.padEnd(digits, '0'));
    const scaledB = BigInt(bWhole + bFraction.padEnd(digits, '0'));
    return scaledA < scaledB ? -1 : scaledA > scaledB ? 1 : 0;
}

/** Digits with at most one decimal point, and at most 15 digits in all. */
function isShortDecimal(text: string): boolean {
    if (text.length === 0 || text.length > 16) return false;
    let points = 0;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === POINT) points++;
        else if (code < ZERO || code > NINE) return false;
    }
    return points === 0
        ? text.length <= 15
        : points === 1 && text.charCodeAt(0) !== POINT && text.charCodeAt(text.length - 1) !== POINT;
}

const POINT = '.'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);
const NINE = '9'.charCodeAt(0);
