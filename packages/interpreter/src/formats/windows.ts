import { shownText } from '../sources/shown-text.js';
import type { Window } from '../model.js';
import type {
    DataSourceReport,
    ObjectiveReport,
    Report,
    ServiceReport,
    WindowReport,
    ReportSummary,
} from '../report.js';

/** One evaluated window of one objective, with what it belongs to: the unit CI reports list. */
export interface WindowEntry {
    readonly report: Report;
    readonly service: ServiceReport;
    readonly objective: ObjectiveReport;
    readonly window: WindowReport;
}

export function windowEntries(reports: readonly Report[]): WindowEntry[] {
    return reports.flatMap((report) =>
        report.services.flatMap((service) =>
            service.objectives.flatMap((objective) =>
                objective.windows.map((window) => ({ report, service, objective, window })),
            ),
        ),
    );
}

/** `2025-02` or `2025-02 [svc03]`. */
/** `2025-03`, or `2025-03 [api]` for a group; a group is a value from the data, shown with control characters escaped. */
export function windowName(window: WindowReport): string {
    return window.group === undefined ? window.label : `${window.label} [${shownText(window.group, Infinity)}]`;
}

/** `Availability >= 99.9 % per month`, `Resolution 90 % of events <= 2 h per month`. */
export function targetText(objective: ObjectiveReport): string {
    const share = objective.share ? `${objective.share} % of events ` : '';
    return `${objective.metric} ${share}${objective.comparator} ${quantityText(objective.threshold.value, objective.threshold.unit)} ${windowText(objective.window)}`;
}

/** `per month`, `per month starting on day 16`, `per rolling 30 days`. */
export function windowText(window: Window): string {
    if (window.kind === 'rolling') return `per rolling ${window.days} days`;
    const anchored = window.startDay !== undefined && window.startDay !== 1;
    return `per ${window.unit}${anchored ? ` starting on day ${window.startDay}` : ''}`;
}

const DURATION_UNITS: readonly [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
];

/** A measured value with its unit, durations in the largest unit that shows them exactly: `45 min`, not `2700000 ms`. */
export function valueText(value: string, unit: string): string {
    return quantityText(value, unit);
}

/** A quantity as a contract would write it: 7200000 ms is `2 h`, 90000 ms is `1.5 min`, 99.9 % stays. */
export function quantityText(value: string, unit: string): string {
    if (unit === 'count') return value;
    if (unit === 'business-day') return `${value} business day${value === '1' ? '' : 's'}`;
    if (unit !== 'ms') return `${value} ${unit}`;
    const ms = Number(value);
    for (const [size, name] of DURATION_UNITS) {
        // Only a unit that shows the value exactly with at most two decimals.
        const scaled = Math.round((ms / size) * 100) / 100;
        if (ms >= size && scaled * size === ms) return `${scaled} ${name}`;
    }
    return `${value} ms`;
}

/** Text safe inside XML and HTML, as element content and in quoted attributes. */
export function escapeMarkup(text: string): string {
    return (
        text
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;')
            // Characters XML 1.0 cannot carry at all.
            // eslint-disable-next-line no-control-regex -- removing them is the point
            .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    );
}

/** The verdicts of a report in words: `3 met · 1 breached · 0 not determined`, and the windows in progress if any. */
export function verdictTally(summary: ReportSummary, separator: string): string {
    const parts = [`${summary.met} met`, `${summary.breached} breached`, `${summary.notDetermined} not determined`];
    if (summary.inProgress > 0) parts.push(`${summary.inProgress} in progress`);
    return parts.join(separator);
}

/** Which windows count as having no verdict in reports that know only pass, fail and skip. */
export function isUnjudged(window: WindowReport): boolean {
    return window.verdict === 'not-determined' || window.verdict === 'in-progress';
}

/** One sentence about a window: value, budget, owed amounts, or why there is no verdict. */
export function windowSummary(window: WindowReport): string {
    if (window.verdict === 'not-determined') return `not determined: ${window.reason ?? 'no data'}`;
    const verdict = window.verdict === 'in-progress' ? 'in progress, so far' : window.verdict;
    const parts = [`${verdict}: ${window.value === undefined ? '?' : valueText(window.value, window.unit)}`];
    if (window.downtimeMs !== undefined && window.downtimeBudgetMs !== undefined) {
        const left =
            window.downtimeBudgetLeftMs === undefined ? '' : `, ${window.downtimeBudgetLeftMs / 60_000} min left`;
        parts.push(
            `downtime ${window.downtimeMs / 60_000} min of ${window.downtimeBudgetMs / 60_000} min allowed${left}`,
        );
    }
    if (window.breach)
        parts.push(`${window.breach.count} offending rows from ${window.breach.first} to ${window.breach.last}`);
    for (const remedy of window.remedies) {
        parts.push(
            `${remedy.kind} ${remedy.amount} ${remedy.currency} (${remedy.basis}${remedy.capped ? ', capped' : ''})${remedy.claimBy ? `, claim by ${remedy.claimBy}` : ''}`,
        );
    }
    return parts.join('; ');
}

/** `probes: 1000 rows read, 2 skipped`, or why the file could not be read. */
export function dataSourceSummary(source: DataSourceReport): string {
    if (source.error !== undefined) return `${source.name}: could not be read: ${source.error}`;
    return `${source.name}: ${source.rowsRead} rows read, ${source.rowsSkipped} skipped`;
}

/**
 * What a report must say about a data source beyond its counts: each listed skipped row, the
 * rows skipped beyond those listed, and the reader's notes.
 */
export function dataSourceDetails(source: DataSourceReport): string[] {
    const details = source.skipped.map((skip) => `line ${skip.line}:${skip.column}: ${skip.reason}`);
    const unlisted = source.rowsSkipped - source.skipped.length;
    if (unlisted > 0) details.push(`${unlisted} more skipped rows not listed`);
    return [...details, ...(source.notes ?? []).map((note) => `note: ${note}`)];
}
