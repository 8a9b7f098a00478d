/**
 * Compares the `sla check --format json` report with the DuckDB reference, per service and month.
 *
 * Rules:
 * - counts are integers and must be equal: rows, excluded and counted for both objectives, up for
 *   availability;
 * - availability: the report's decimal text, with d decimals, must be within half a unit of its last
 *   decimal of the exact rational 100 × up / counted (checked in BigInt arithmetic), so any correct
 *   rounding of the exact value passes and nothing else does;
 * - p95: both values rounded to 9 significant digits must be the same decimal. Latencies have two
 *   decimals and the interpolation fraction 0.95 × (n − 1) has at most two, so the exact p95 has at
 *   most four decimals and seven significant digits here: 9 digits keep it whole and drop only
 *   DuckDB's binary floating-point error.
 * - every reference row has a window in each objective; a report window without a reference row is a
 *   mismatch unless it holds no rows at all (DuckDB has no empty groups).
 */

const AVAILABILITY_KIND = 'probe-availability';
const PERCENTILE_KIND = 'aggregate';
const MAX_LISTED = 10;

/** Windows of the report's objectives keyed `service|YYYY-MM`, for the objective of each metric kind. */
export function windowsByKind(jsonReport) {
    const agreements = jsonReport.agreements ?? [jsonReport];
    const byKind = new Map();
    for (const agreement of agreements) {
        for (const service of agreement.services ?? []) {
            for (const objective of service.objectives ?? []) {
                const windows = new Map();
                for (const window of objective.windows ?? []) windows.set(`${window.group}|${window.label}`, window);
                byKind.set(objective.metricKind, windows);
            }
        }
    }
    return byKind;
}

export function compareWithReference(jsonReport, referenceRows) {
    const byKind = windowsByKind(jsonReport);
    const mismatches = [];
    for (const kind of [AVAILABILITY_KIND, PERCENTILE_KIND]) {
        if (!byKind.has(kind)) mismatches.push(`the report has no objective with metricKind '${kind}'`);
    }
    if (mismatches.length > 0) return { match: false, compared: 0, mismatches };

    const availability = byKind.get(AVAILABILITY_KIND);
    const latency = byKind.get(PERCENTILE_KIND);
    for (const reference of referenceRows) {
        const key = `${reference.service}|${reference.month}`;
        mismatches.push(...compareAvailability(key, availability.get(key), reference));
        mismatches.push(...compareLatency(key, latency.get(key), reference));
    }
    const referenceKeys = new Set(referenceRows.map((r) => `${r.service}|${r.month}`));
    for (const [kind, windows] of byKind) {
        for (const [key, window] of windows) {
            if (!referenceKeys.has(key) && window.counts?.rows !== 0)
                mismatches.push(`${key} ${kind}: window with ${window.counts?.rows} rows that DuckDB does not have`);
        }
    }
    return {
        match: mismatches.length === 0,
        compared: referenceRows.length,
        mismatches: mismatches.slice(0, MAX_LISTED),
        mismatchCount: mismatches.length,
    };
}

function compareCounts(key, window, reference, names) {
    if (!window) return [`${key}: no window in the report`];
    return names
        .filter((name) => window.counts?.[name] !== reference[name])
        .map((name) => `${key}: ${name} ${window.counts?.[name]} in the report, ${reference[name]} in DuckDB`);
}

function compareAvailability(key, window, reference) {
    const problems = compareCounts(`${key} availability`, window, reference, ['rows', 'excluded', 'counted', 'up']);
    if (!window) return problems;
    if (!isWithinHalfUnit(window.value, 100n * BigInt(reference.up), BigInt(reference.counted))) {
        problems.push(
            `${key}: availability ${window.value} % in the report, ${reference.up}/${reference.counted} = ${((100 * reference.up) / reference.counted).toFixed(9)} % exactly`,
        );
    }
    return problems;
}

function compareLatency(key, window, reference) {
    const problems = compareCounts(`${key} p95`, window, reference, ['rows', 'excluded', 'counted']);
    if (!window) return problems;
    const reported = window.value === undefined ? undefined : Number(window.value).toPrecision(9);
    const expected = reference.p95 === null ? undefined : reference.p95.toPrecision(9);
    if (reported !== expected) problems.push(`${key}: p95 ${window.value} in the report, ${reference.p95} in DuckDB`);
    return problems;
}

/** True when the decimal text `value` is within half a unit of its last digit of numerator/denominator. */
export function isWithinHalfUnit(value, numerator, denominator) {
    const match = /^(\d+)(?:\.(\d+))?$/.exec(value ?? '');
    if (!match || denominator === 0n) return false;
    const decimals = match[2] ?? '';
    const scaled = BigInt(match[1] + decimals);
    const scale = 10n ** BigInt(decimals.length);
    const difference = scaled * denominator - numerator * scale;
    const absolute = difference < 0n ? -difference : difference;
    return 2n * absolute <= denominator;
}
