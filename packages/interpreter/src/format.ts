/** Human-readable and JSON renderings of a Report. */
import {
    dataSourceDetails,
    dataSourceSummary,
    quantityText,
    valueText,
    verdictTally,
    windowName,
    windowText,
} from './formats/windows.js';
import type { ObjectiveReport, Report, WindowReport } from './report.js';

/** A per-window text report: one line per window (and group) with verdict, value, budget and remedies. */
export function formatTextReport(report: Report): string {
    const lines: string[] = [`Agreement ${report.agreement} (${report.timeZone})`];
    if (report.range.start) lines.push(`Evaluated ${report.range.start} to ${report.range.end}`);
    if (report.summary.inProgress > 0) lines.push(`As of ${report.asOf}: windows that end later are in progress`);
    for (const service of report.services) {
        lines.push('', `Service ${service.name}${service.title ? ` "${service.title}"` : ''}`);
        for (const objective of service.objectives) lines.push(...objectiveLines(objective));
    }
    for (const source of report.dataSources) {
        lines.push(
            '',
            `Data ${dataSourceSummary(source)}`,
            ...dataSourceDetails(source).map((detail) => `    ${detail}`),
        );
    }
    const s = report.summary;
    lines.push('', `Summary: ${verdictTally(s, ', ')}`);
    for (const credit of s.credits) lines.push(`  Credits and penalties owed: ${credit.amount} ${credit.currency}`);
    for (const reward of s.rewards) lines.push(`  Rewards earned: ${reward.amount} ${reward.currency}`);
    return lines.join('\n') + '\n';
}

function objectiveLines(objective: ObjectiveReport): string[] {
    const target = `${objective.share ? `${objective.share} % of events ` : ''}${objective.comparator} ${quantityText(objective.threshold.value, objective.threshold.unit)}`;
    const window = windowText(objective.window);
    const lines = [
        `  Objective ${objective.name}: ${objective.metric} ${target} ${window}${objective.groupBy ? ` for each ${objective.groupBy}` : ''}`,
    ];
    if (objective.percentileMethod) lines.push(`    percentile method: ${objective.percentileMethod}`);
    for (const note of objective.notes) lines.push(`    note: ${note}`);
    for (const window of objective.windows) lines.push(...windowLines(window));
    for (const clause of objective.terminations ?? []) {
        const rule = `after ${clause.after}${clause.consecutive ? ' consecutive' : ''} breaches`;
        for (const right of clause.from) {
            lines.push(
                `    termination right (${rule}) from ${right.window}${right.group !== undefined ? ` (${right.group})` : ''}, at ${right.at}`,
            );
        }
    }
    return lines;
}

function windowLines(window: WindowReport): string[] {
    const verdict = VERDICT_WORDS[window.verdict];
    const parts = [windowName(window), verdict];
    if (window.value !== undefined) parts.push(valueText(window.value, window.unit));
    if (window.coverage !== undefined) parts.push(`coverage ${window.coverage} %`);
    if (window.downtimeMs !== undefined && window.downtimeBudgetMs !== undefined) {
        const left = window.downtimeBudgetLeftMs === undefined ? '' : `, ${minutes(window.downtimeBudgetLeftMs)} left`;
        parts.push(`downtime ${minutes(window.downtimeMs)} of ${minutes(window.downtimeBudgetMs)} allowed${left}`);
    }
    if (window.excludedMs) parts.push(`excluded ${minutes(window.excludedMs)}`);
    const c = window.counts;
    parts.push(
        `rows ${c.rows}, counted ${c.counted}${c.missing ? `, missing ${c.missing}` : ''}${c.excluded ? `, excluded ${c.excluded}` : ''}`,
    );
    const lines = [`    ${parts.join('  ')}`];
    if (window.reason) lines.push(`      ${window.reason}`);
    if (window.breach)
        lines.push(
            `      ${window.breach.count} offending rows, first ${window.breach.first}, last ${window.breach.last}`,
        );
    for (const r of window.remedies) {
        lines.push(
            `      ${r.kind} ${r.amount} ${r.currency} (${r.basis}${r.capped ? `; capped from ${r.uncapped}` : ''})${r.claimBy ? ` claim by ${r.claimBy}` : ''}`,
        );
    }
    return lines;
}

const VERDICT_WORDS: Record<WindowReport['verdict'], string> = {
    met: 'met',
    breached: 'BREACHED',
    'not-determined': 'NOT DETERMINED',
    'in-progress': 'IN PROGRESS',
};

function minutes(ms: number): string {
    const value = ms / 60_000;
    return `${Number.isInteger(value) ? value : value.toFixed(2)} min`;
}

/**
 * The report as stable JSON. Shape (version 1):
 * {
 *   "version": 1, "agreement", "file", "timeZone", "asOf", "range": { "start", "end" }, "breached": boolean,
 *   "summary": { "met", "breached", "notDetermined", "inProgress", "credits": [{ "amount", "currency" }], "rewards": [...] },
 *   "services": [{ "name", "title"?, "objectives": [{
 *       "name", "title"?, "metric", "metricKind", "comparator", "threshold": { "value", "unit" }, "share"?,
 *       "window": { "kind": "calendar", "unit" } | { "kind": "rolling", "days" }, "percentileMethod"?, "groupBy"?,
 *       "notes": [string], "terminations"?: [{ "after", "consecutive", "from": [{ "group"?, "window", "at" }] }],
 *       "location": { "file", "line", "column", "endLine", "endColumn" },
 *       "windows": [{ "label", "start", "end", "group"?, "verdict": "met" | "breached" | "not-determined" | "in-progress",
 *           "reason"?,
 *           "value"?, "unit", "coverage"?, "counts": { "rows", "counted", "up"?, "down"?, "missing"?, "excluded", "duplicates"? },
 *           "downtimeBudgetMs"?, "downtimeBudgetLeftMs"?, "downtimeMs"?, "excludedMs"?, "breach"?: { "first", "last", "count" },
 *           "remedies": [{ "kind", "amount", "currency", "basis", "uncapped", "capped", "claimBy"? }] }] }] }],
 *   "dataSources": [{ "name", "path", "rowsRead", "rowsSkipped", "rowsOutsideRange"?, "skipped": [{ "line", "column", "reason" }], "error"?, "notes"?,
 *       "dataEnd"? }]
 * }
 * Decimal values and money are strings; absent optional fields are omitted.
 */
export function toJsonReport(report: Report): unknown {
    return JSON.parse(
        JSON.stringify({
            version: 1,
            agreement: report.agreement,
            file: report.file,
            timeZone: report.timeZone,
            asOf: report.asOf,
            range: report.range,
            breached: report.breached,
            summary: report.summary,
            services: report.services,
            dataSources: report.dataSources,
        }),
    );
}
