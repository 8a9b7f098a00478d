/**
 * Exact comparison of the decimal text that NUMBER literals hold ("99.9", "100", "0.5"), so that no
 * binary rounding decides whether two thresholds are equal.
 */
export function compareDecimals(a: string, b: string): number {
    const [aWhole, aFraction = ''] = a.split('.');
    const [bWhole, bFraction = ''] = b.split('.');
    const digits = Math.max(aFraction.length, bFraction.length);
    const scaledA = BigInt(aWhole + aFraction.padEnd(digits, '0'));
    const scaledB = BigInt(bWhole + bFraction.padEnd(digits, '0'));
    return scaledA < scaledB ? -1 : scaledA > scaledB ? 1 : 0;
}
