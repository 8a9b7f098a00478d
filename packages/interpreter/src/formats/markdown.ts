import type { Report } from '../report.js';
import {
    dataSourceDetails,
    dataSourceSummary,
    escapeMarkup,
    targetText,
    valueText,
    verdictTally,
    windowName,
} from './windows.js';

const VERDICT = {
    met: '✅ met',
    breached: '❌ breached',
    'not-determined': '❔ not determined',
    'in-progress': '⏳ in progress',
} as const;

/** Markdown for pull-request comments and CI job summaries: a table per objective. */
export function formatMarkdownReport(reports: readonly Report[]): string {
    const lines: string[] = [];
    for (const report of reports) {
        const s = report.summary;
        lines.push(
            `## ${cell(report.agreement)}`,
            '',
            verdictTally(s, ' · ') +
                (s.credits.length > 0 ? ` · owed ${s.credits.map((c) => `${c.amount} ${c.currency}`).join(', ')}` : ''),
            '',
        );
        for (const service of report.services) {
            for (const objective of service.objectives) {
                lines.push(`### ${service.name} · ${objective.name}`, '', `\`${targetText(objective)}\``, '');
                lines.push('| window | verdict | value | downtime used / allowed | owed |', '|---|---|---|---|---|');
                for (const window of objective.windows) {
                    const value =
                        window.value !== undefined ? valueText(window.value, window.unit) : (window.reason ?? '');
                    const budget =
                        window.downtimeMs !== undefined && window.downtimeBudgetMs !== undefined
                            ? `${window.downtimeMs / 60_000} / ${window.downtimeBudgetMs / 60_000} min`
                            : '';
                    const owed = window.remedies.map((r) => `${r.kind} ${r.amount} ${r.currency}`).join(', ');
                    lines.push(
                        `| ${cell(windowName(window))} | ${VERDICT[window.verdict]} | ${cell(value)} | ${budget} | ${cell(owed)} |`,
                    );
                }
                lines.push('');
            }
        }
        lines.push(...dataLines(report));
    }
    return `${lines.join('\n').trimEnd()}\n`;
}

/** Rows read and skipped per data source, with the reasons and notes: nothing is dropped unseen. */
function dataLines(report: Report): string[] {
    if (report.dataSources.length === 0) return [];
    const lines = ['### Data', ''];
    for (const source of report.dataSources) {
        lines.push(
            `- ${cell(dataSourceSummary(source))}`,
            ...dataSourceDetails(source).map((detail) => `  - ${cell(detail)}`),
        );
    }
    return [...lines, ''];
}

/** Table cells carry text from the data (group values, reasons): nothing in it may become markup. */
function cell(text: string): string {
    return escapeMarkup(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
