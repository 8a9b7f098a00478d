import * as path from 'node:path';
import type { Report } from '../report.js';
import { escapeMarkup as xml, targetText, windowEntries, windowName, windowSummary, type WindowEntry } from './windows.js';

/**
 * JUnit XML, as CI servers read test results: a test suite per service, a test case per objective
 * and window. A breached window is a failure; a window without a verdict is skipped.
 */
/** `baseDirectory`: file paths are written relative to it (the repository root in CI). */
export function formatJUnitReport(reports: readonly Report[], baseDirectory: string): string {
    const entries = windowEntries(reports);
    const suites = new Map<string, WindowEntry[]>();
    for (const entry of entries) {
        const key = `${entry.report.agreement}.${entry.service.name}`;
        suites.set(key, [...(suites.get(key) ?? []), entry]);
    }
    const failures = entries.filter(e => e.window.verdict === 'breached').length;
    const skipped = entries.filter(e => e.window.verdict === 'not-determined').length;
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="sla" tests="${entries.length}" failures="${failures}" skipped="${skipped}">`
    ];
    for (const [name, suite] of suites) {
        const suiteFailures = suite.filter(e => e.window.verdict === 'breached').length;
        const suiteSkipped = suite.filter(e => e.window.verdict === 'not-determined').length;
        lines.push(`  <testsuite name="${xml(name)}" tests="${suite.length}" failures="${suiteFailures}" skipped="${suiteSkipped}">`);
        for (const entry of suite) lines.push(...testCase(entry, baseDirectory));
        lines.push('  </testsuite>');
    }
    lines.push('</testsuites>');
    return `${lines.join('\n')}\n`;
}

function testCase({ report, service, objective, window }: WindowEntry, baseDirectory: string): string[] {
    const file = path.relative(baseDirectory, objective.location.file).split(path.sep).join('/');
    const open = `    <testcase classname="${xml(`${report.agreement}.${service.name}`)}" name="${xml(`${objective.name} ${windowName(window)}`)}" file="${xml(file)}" line="${objective.location.line}"`;
    const summary = windowSummary(window);
    if (window.verdict === 'met') return [`${open}>`, `      <system-out>${xml(summary)}</system-out>`, '    </testcase>'];
    const element = window.verdict === 'breached'
        ? `      <failure message="${xml(`${objective.name} breached in ${windowName(window)}`)}" type="breach">${xml(`${targetText(objective)}\n${summary}`)}</failure>`
        : `      <skipped message="${xml(summary)}"/>`;
    return [`${open}>`, element, '    </testcase>'];
}
