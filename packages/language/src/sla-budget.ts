/**
 * What an availability target allows: (1 − target) × window length, computed exactly.
 * 99.9 % of a 30-day month is 43.2 min; of a 31-day month 44.64 min.
 */

const MS_PER_DAY = 86_400_000n;

/** Allowed downtime in milliseconds as an exact fraction [numerator, denominator]. */
export function allowedDowntime(targetPercent: string, windowDays: number): [bigint, bigint] {
    const [whole, fraction = ''] = targetPercent.split('.');
    const scale = 10n ** BigInt(fraction.length);
    const target = BigInt(whole + fraction);
    const missing = 100n * scale - target;
    return [missing * BigInt(windowDays) * MS_PER_DAY, 100n * scale];
}

/** Whole milliseconds of allowed downtime, rounded down (a budget is never larger than written). */
export function allowedDowntimeMs(targetPercent: string, windowDays: number): number {
    const [numerator, denominator] = allowedDowntime(targetPercent, windowDays);
    return Number(numerator / denominator);
}

/** "43.2 min", "4.32 min", "8.76 h", "26 s": at most two decimals, trailing zeros dropped. */
export function formatDuration(ms: number): string {
    const units: [number, string][] = [
        [3_600_000, 'h'],
        [60_000, 'min'],
        [1_000, 's'],
    ];
    for (const [size, name] of units) {
        if (ms >= size * (name === 'h' ? 2 : 1)) {
            return `${trimDecimals((ms / size).toFixed(2))} ${name}`;
        }
    }
    return `${ms} ms`;
}

/** `43.20` → `43.2`, `5.00` → `5`. */
export function trimDecimals(text: string): string {
    return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Day counts a calendar window can have. */
export const WINDOW_DAYS: Readonly<Record<string, readonly number[]>> = {
    day: [1],
    week: [7],
    month: [28, 29, 30, 31],
    quarter: [90, 91, 92],
    year: [365, 366],
};
