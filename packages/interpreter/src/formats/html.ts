import type { ObjectiveReport, Report, WindowReport } from '../report.js';
import {
    dataSourceDetails,
    dataSourceSummary,
    escapeMarkup as html,
    targetText,
    valueText,
    verdictTally,
    windowName,
} from './windows.js';

/**
 * A self-contained HTML page (no scripts, no external resources) with a table per objective:
 * for the editor's report view and for CI artefacts.
 */
export function formatHtmlReport(reports: readonly Report[]): string {
    const title = reports.map((r) => r.agreement).join(', ') || 'SLA compliance';
    const body = reports.map(reportSection).join('\n');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${html(title)} — compliance</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2328; background: #fff; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.met { color: #1a7f37; } .breached { color: #cf222e; font-weight: 600; } .not-determined { color: #9a6700; } .in-progress { color: #0969da; }
.target { font-family: ui-monospace, monospace; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function reportSection(report: Report): string {
    const s = report.summary;
    const owed = s.credits.map((c) => `${c.amount} ${c.currency}`).join(', ');
    const objectives = report.services.flatMap((service) =>
        service.objectives.map((o) => objectiveSection(service.name, o)),
    );
    return `<h1>${html(report.agreement)}</h1>
<p>${html(report.timeZone)} · ${html(report.range.start)} to ${html(report.range.end)}</p>
<p>${verdictTally(s, ' · ')}${owed ? ` · owed ${html(owed)}` : ''}</p>
${objectives.join('\n')}${dataSection(report)}`;
}

/** Rows read and skipped per data source, with the reasons and notes: nothing is dropped unseen. */
function dataSection(report: Report): string {
    if (report.dataSources.length === 0) return '';
    const items = report.dataSources.map((source) => {
        const details = dataSourceDetails(source)
            .map((detail) => `<li>${html(detail)}</li>`)
            .join('');
        return `<li>${html(dataSourceSummary(source))}${details ? `<ul>${details}</ul>` : ''}</li>`;
    });
    return `\n<h2>Data</h2>\n<ul>${items.join('\n')}</ul>`;
}

function objectiveSection(service: string, objective: ObjectiveReport): string {
    const rows = objective.windows.map(windowRow).join('\n');
    const notes = objective.notes.map((note) => `<li>${html(note)}</li>`).join('');
    return `<h2>${html(service)} · ${html(objective.name)}</h2>
<p class="target">${html(targetText(objective))}</p>${notes ? `\n<ul>${notes}</ul>` : ''}
<table>
<tr><th>window</th><th>verdict</th><th>value</th><th>coverage</th><th>downtime used / allowed</th><th>owed</th></tr>
${rows}
</table>`;
}

function windowRow(window: WindowReport): string {
    const value = window.value !== undefined ? valueText(window.value, window.unit) : (window.reason ?? '');
    const coverage = window.coverage !== undefined ? `${window.coverage} %` : '';
    const budget =
        window.downtimeMs !== undefined && window.downtimeBudgetMs !== undefined
            ? `${window.downtimeMs / 60_000} / ${window.downtimeBudgetMs / 60_000} min`
            : '';
    return (
        `<tr><td>${html(windowName(window))}</td><td class="${window.verdict}">${window.verdict}</td>` +
        `<td class="num">${html(value)}</td><td class="num">${coverage}</td><td class="num">${budget}</td><td>${owedHtml(window)}</td></tr>`
    );
}

function owedHtml(window: WindowReport): string {
    return window.remedies
        .map((r) => html(`${r.kind} ${r.amount} ${r.currency}${r.claimBy ? ` (claim by ${r.claimBy})` : ''}`))
        .join('<br>');
}
