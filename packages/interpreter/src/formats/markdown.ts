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
            cell(
                verdictTally(s, ' · ') +
                    (s.credits.length > 0
                        ? ` · owed ${s.credits.map((c) => `${c.amount} ${c.currency}`).join(', ')}`
                        : ''),
            ),
            '',
        );
        for (const service of report.services) {
            for (const objective of service.objectives) {
                lines.push(`### ${cell(service.name)} · ${cell(objective.name)}`, '', cell(targetText(objective)), '');
                lines.push('| window | verdict | value | downtime used / allowed | owed |', '|---|---|---|---|---|');
                for (const window of objective.windows) {
                    const value =
                        window.value !== undefined ? valueText(window.value, window.unit) : (window.reason ?? '');
                    const budget =
                        window.downtimeMs !== undefined && window.downtimeBudgetMs !== undefined
                            ? cell(`${window.downtimeMs / 60_000} / ${window.downtimeBudgetMs / 60_000} min`)
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

/**
 * Text from the agreement or the data (names, group values, reasons) as inert Markdown: it is
 * published in job summaries and pull-request comments, where the author of the .sla file or of
 * the data could otherwise place links, images, HTML or mentions. HTML is escaped; the marks that
 * open inline markup mid-line are backslash-escaped (no link or image without its parentheses, no
 * emphasis, code, strikethrough or math); and a zero-width space breaks what GitHub turns into
 * links or notifications without any markup: @mentions, #references, bare URLs and www. addresses.
 * The text never starts a line, so block markup (headings, lists, link definitions) cannot begin.
 */
export function markdownText(text: string): string {
    const inert = text
        .replace(/([@#])/g, '$1\u200B')
        .replace(/(https?|ftp|mailto|file|data|javascript):/gi, '$1\u200B:')
        .replace(/\b(www)\./gi, '$1\u200B.');
    return escapeMarkup(inert)
        .replace(/[\\`*_()!|~$]/g, '\\$&')
        .replace(/\r?\n/g, ' ');
}

const cell = markdownText;
