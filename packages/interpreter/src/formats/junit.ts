import * as path from 'node:path';
import type { Report } from '../report.js';
import {
    dataSourceDetails,
    dataSourceSummary,
    escapeMarkup as xml,
    isUnjudged,
    targetText,
    windowEntries,
    windowName,
    windowSummary,
    type WindowEntry,
} from './windows.js';

/**
 * JUnit XML, as CI servers read test results: a test suite per service, a test case per objective
 * and window. A breached window is a failure; a window without a verdict is skipped. A last suite
 * per agreement has a test case per data source: an error when the file could not be read, and
 * the rows read and skipped (with the reasons) as its output.
 */
/** `baseDirectory`: file paths are written relative to it (the repository root in CI). */
export function formatJUnitReport(reports: readonly Report[], baseDirectory: string): string {
    const entries = windowEntries(reports);
    const suites = new Map<string, WindowEntry[]>();
    for (const entry of entries) {
        const key = `${entry.report.agreement}.${entry.service.name}`;
        suites.set(key, [...(suites.get(key) ?? []), entry]);
    }
    const sources = reports.flatMap((report) => report.dataSources.map((source) => ({ report, source })));
    const failures = entries.filter((e) => e.window.verdict === 'breached').length;
    const skipped = entries.filter((e) => isUnjudged(e.window)).length;
    const errors = sources.filter(({ source }) => source.error !== undefined).length;
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="sla" tests="${entries.length + sources.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ];
    for (const [name, suite] of suites) {
        const suiteFailures = suite.filter((e) => e.window.verdict === 'breached').length;
        const suiteSkipped = suite.filter((e) => isUnjudged(e.window)).length;
        lines.push(
            `  <testsuite name="${xml(name)}" tests="${suite.length}" failures="${suiteFailures}" skipped="${suiteSkipped}">`,
        );
        for (const entry of suite) lines.push(...testCase(entry, baseDirectory));
        lines.push('  </testsuite>');
    }
    for (const report of reports) lines.push(...dataSuite(report));
    lines.push('</testsuites>');
    return `${lines.join('\n')}\n`;
}

function dataSuite(report: Report): string[] {
    if (report.dataSources.length === 0) return [];
    const suite = `${report.agreement}.data`;
    const errors = report.dataSources.filter((source) => source.error !== undefined).length;
    const lines = [
        `  <testsuite name="${xml(suite)}" tests="${report.dataSources.length}" failures="0" errors="${errors}" skipped="0">`,
    ];
    for (const source of report.dataSources) {
        lines.push(`    <testcase classname="${xml(suite)}" name="${xml(source.name)}">`);
        if (source.error !== undefined)
            lines.push(`      <error message="${xml(dataSourceSummary(source))}" type="unreadable"/>`);
        else
            lines.push(
                `      <system-out>${xml([dataSourceSummary(source), ...dataSourceDetails(source)].join('\n'))}</system-out>`,
            );
        lines.push('    </testcase>');
    }
    return [...lines, '  </testsuite>'];
}

function testCase({ report, service, objective, window }: WindowEntry, baseDirectory: string): string[] {
    const file = path.relative(baseDirectory, objective.location.file).split(path.sep).join('/');
    const open = `    <testcase classname="${xml(`${report.agreement}.${service.name}`)}" name="${xml(`${objective.name} ${windowName(window)}`)}" file="${xml(file)}" line="${objective.location.line}"`;
    const summary = windowSummary(window);
    if (window.verdict === 'met')
        return [`${open}>`, `      <system-out>${xml(summary)}</system-out>`, '    </testcase>'];
    const element =
        window.verdict === 'breached'
            ? `      <failure message="${xml(`${objective.name} breached in ${windowName(window)}`)}" type="breach">${xml(`${targetText(objective)}\n${summary}`)}</failure>`
            : `      <skipped message="${xml(summary)}"/>`;
    return [`${open}>`, element, '    </testcase>'];
}
