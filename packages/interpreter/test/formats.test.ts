import { describe, expect, it } from 'vitest';
import { formatHtmlReport, formatJUnitReport, formatMarkdownReport, formatSarifReport } from '../src/formats/index.js';
import { quantityText, valueText } from '../src/formats/windows.js';
import type { ObjectiveReport, Report, WindowReport } from '../src/report.js';

// A hand-built report: one objective with a met, a breached and an undetermined window.
const base = { counts: { rows: 10, counted: 10, excluded: 0 }, remedies: [] } as const;
const windows: WindowReport[] = [
    {
        ...base,
        label: '2025-01',
        start: '2025-01-01T00:00:00Z',
        end: '2025-02-01T00:00:00Z',
        verdict: 'met',
        value: '99.95',
        unit: '%',
    },
    {
        ...base,
        label: '2025-02',
        start: '2025-02-01T00:00:00Z',
        end: '2025-03-01T00:00:00Z',
        verdict: 'breached',
        value: '99.5',
        unit: '%',
        downtimeMs: 12_000_000,
        downtimeBudgetMs: 2_419_200,
        breach: { first: '2025-02-03T10:00:00Z', last: '2025-02-03T13:19:00Z', count: 200 },
        remedies: [
            {
                kind: 'credit',
                amount: '124.00',
                currency: 'EUR',
                basis: 'tier below 99.9 %',
                uncapped: '124.00',
                capped: false,
                claimBy: '2025-03-31',
            },
        ],
    },
    {
        ...base,
        label: '2025-03',
        start: '2025-03-01T00:00:00Z',
        end: '2025-04-01T00:00:00Z',
        verdict: 'not-determined',
        reason: 'coverage 40 % < 90 % <required>',
        unit: '%',
        group: 'a|b',
    },
];
const objective: ObjectiveReport = {
    name: 'Uptime',
    metric: 'Availability',
    metricKind: 'probe-availability',
    comparator: '>=',
    threshold: { value: '99.9', unit: '%' },
    window: { kind: 'calendar', unit: 'month' },
    windows,
    notes: [],
    location: { file: '/repo/contracts/isp.sla', line: 12, column: 9, endLine: 12, endColumn: 60 },
};
const report: Report = {
    agreement: 'Fibre & Co',
    file: '/repo/contracts/isp.sla',
    timeZone: 'UTC',
    range: { start: '2025-01-01T00:00:00Z', end: '2025-04-01T00:00:00Z' },
    services: [{ name: 'Internet', objectives: [objective] }],
    dataSources: [],
    summary: { met: 1, breached: 1, notDetermined: 1, credits: [{ amount: '124.00', currency: 'EUR' }], rewards: [] },
    breached: true,
};

describe('JUnit report', () => {
    const xml = formatJUnitReport([report], '/repo');

    it('has a test case per window: breached ones fail, undetermined ones are skipped', () => {
        expect(xml).toContain('<testsuites name="sla" tests="3" failures="1" errors="0" skipped="1">');
        expect(xml.match(/<testcase /g)).toHaveLength(3);
        expect(xml.match(/<failure /g)).toHaveLength(1);
        expect(xml).toContain('name="Uptime 2025-02"');
        expect(xml).toContain('file="contracts/isp.sla" line="12"');
    });

    it('escapes what XML cannot carry as text', () => {
        expect(xml).toContain('classname="Fibre &amp; Co.Internet"');
        expect(xml).toContain('&lt;required&gt;');
        expect(xml).not.toMatch(/<required>/);
    });
});

describe('SARIF report', () => {
    const sarif = JSON.parse(formatSarifReport([report], { toolVersion: '1.2.3', baseDirectory: '/repo' }));

    it('reports the breached and undetermined windows on the objective, relative to the base directory', () => {
        const results = sarif.runs[0].results;
        expect(sarif.version).toBe('2.1.0');
        expect(sarif.runs[0].tool.driver.version).toBe('1.2.3');
        expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
            ['sla/objective-breached', 'warning'],
            ['sla/objective-not-determined', 'note'],
        ]);
        expect(results[0].locations[0].physicalLocation).toEqual({
            artifactLocation: { uri: 'contracts/isp.sla', uriBaseId: 'SRCROOT' },
            region: { startLine: 12, startColumn: 9, endLine: 12, endColumn: 60 },
        });
        // 12 000 000 ms = 200 min of downtime; 2 419 200 ms = 40.32 min allowed (99.9 % of 28 days).
        expect(results[0].message.text).toContain('downtime 200 min of 40.32 min allowed');
        expect(results[0].message.text).toContain('credit 124.00 EUR');
    });
});

describe('Markdown report', () => {
    const markdown = formatMarkdownReport([report]);

    it('has a row per window, with the owed credit, and keeps pipes in values from breaking the table', () => {
        expect(markdown).toContain('1 met · 1 breached · 1 not determined · owed 124.00 EUR');
        expect(markdown).toContain('| 2025-02 | ❌ breached | 99.5 % | 200 / 40.32 min | credit 124.00 EUR |');
        expect(markdown).toContain('| 2025-03 [a\\|b] | ❔ not determined |');
    });

    it('does not let text from the data become markup', () => {
        // The reason of the March window is "coverage 40 % < 90 % <required>".
        expect(markdown).toContain('coverage 40 % &lt; 90 % &lt;required&gt;');
        expect(markdown).toContain('## Fibre &amp; Co');
    });
});

describe('HTML report', () => {
    const page = formatHtmlReport([report]);

    it('is one self-contained page that loads nothing and runs nothing', () => {
        expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
        expect(page).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
        expect(page).not.toMatch(/<script|<link|src=/);
    });

    it('escapes names and reasons and shows each window with its verdict and credit', () => {
        expect(page).toContain('<h1>Fibre &amp; Co</h1>');
        expect(page).toContain('&lt;required&gt;');
        expect(page).toContain('<td class="breached">breached</td><td class="num">99.5 %</td>');
        expect(page).toContain('credit 124.00 EUR (claim by 2025-03-31)');
    });
});

describe('quantities in reports', () => {
    it('writes durations as the contract would, and only when exact', () => {
        expect(quantityText('7200000', 'ms')).toBe('2 h'); // 2 × 3 600 000
        expect(quantityText('25200000', 'ms')).toBe('7 h');
        expect(quantityText('90000', 'ms')).toBe('1.5 min'); // 90 000 / 60 000
        expect(quantityText('300', 'ms')).toBe('300 ms');
        expect(quantityText('86400000', 'ms')).toBe('1 d');
        expect(quantityText('1234567', 'ms')).toBe('1234567 ms'); // 1234.567 s needs three decimals: left in ms
        expect(quantityText('99.9', '%')).toBe('99.9 %');
        expect(quantityText('3', 'count')).toBe('3');
        expect(quantityText('2', 'business-day')).toBe('2 business days');
        expect(quantityText('1', 'business-day')).toBe('1 business day');
    });

    it('writes measured durations the same way: a 45-minute repair is 45 min, 1 976 hours between failures 1976 h', () => {
        expect(valueText('2700000', 'ms')).toBe('45 min'); // 45 × 60 000
        expect(valueText('7113600000', 'ms')).toBe('1976 h'); // 1 976 × 3 600 000; 82.33 d is not exact
        expect(valueText('99.5', '%')).toBe('99.5 %');
    });
});

// The same report with data problems: probes had 3 rows skipped, of which the first 2 are listed,
// and a note; tickets could not be read at all.
const withData: Report = {
    ...report,
    dataSources: [
        {
            name: 'probes',
            path: '/repo/contracts/data/probes.csv',
            rowsRead: 1000,
            rowsSkipped: 3,
            skipped: [
                { line: 4, column: 21, reason: 'expected a number, found "n/a"' },
                { line: 9, column: 1, reason: 'expected a timestamp' },
            ],
            notes: ['2025-10-26 02:30 occurs twice in Europe/Berlin'],
        },
        {
            name: 'tickets',
            path: '/repo/contracts/data/tickets.csv',
            rowsRead: 0,
            rowsSkipped: 0,
            skipped: [],
            error: 'no such file',
        },
    ],
};

describe('data sources in the CI reports: skipped rows and notes are never dropped unseen', () => {
    it('JUnit: a test case per data source, an error for an unreadable file, the skipped rows as output', () => {
        const xml = formatJUnitReport([withData], '/repo');
        // 3 windows + 2 data sources.
        expect(xml).toContain('<testsuites name="sla" tests="5" failures="1" errors="1" skipped="1">');
        expect(xml).toContain('<testsuite name="Fibre &amp; Co.data" tests="2" failures="0" errors="1" skipped="0">');
        expect(xml).toContain('<error message="tickets: could not be read: no such file" type="unreadable"/>');
        expect(xml).toContain(
            'probes: 1000 rows read, 3 skipped\nline 4:21: expected a number, found &quot;n/a&quot;\nline 9:1: expected a timestamp\n1 more skipped rows not listed\nnote: 2025-10-26 02:30 occurs twice in Europe/Berlin</system-out>',
        );
    });

    it('SARIF: each listed skipped row at its line and column in the data file, the rest counted, notes and unreadable files', () => {
        const results = JSON.parse(formatSarifReport([withData], { toolVersion: '1.2.3', baseDirectory: '/repo' }))
            .runs[0].results;
        const data = results.slice(2);
        expect(data.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
            ['sla/skipped-rows', 'warning'],
            ['sla/skipped-rows', 'warning'],
            ['sla/skipped-rows', 'warning'],
            ['sla/data-note', 'note'],
            ['sla/unreadable-data', 'error'],
        ]);
        expect(data[0].locations[0].physicalLocation).toEqual({
            artifactLocation: { uri: 'contracts/data/probes.csv', uriBaseId: 'SRCROOT' },
            region: { startLine: 4, startColumn: 21 },
        });
        expect(data[2].message.text).toBe('Data probes: 1 more rows skipped (3 in all; the first 2 are listed)');
        expect(data[2].locations[0].physicalLocation.region).toBeUndefined();
        expect(data[4].locations[0].physicalLocation.artifactLocation.uri).toBe('contracts/data/tickets.csv');
    });

    it('Markdown and HTML: a Data section with counts, reasons and notes', () => {
        const markdown = formatMarkdownReport([withData]);
        expect(markdown).toContain(
            '### Data\n\n- probes: 1000 rows read, 3 skipped\n  - line 4:21: expected a number, found &quot;n/a&quot;\n  - line 9:1: expected a timestamp\n' +
                '  - 1 more skipped rows not listed\n  - note: 2025-10-26 02:30 occurs twice in Europe/Berlin\n- tickets: could not be read: no such file',
        );
        const html = formatHtmlReport([withData]);
        expect(html).toContain('<h2>Data</h2>');
        expect(html).toContain(
            '<li>probes: 1000 rows read, 3 skipped<ul><li>line 4:21: expected a number, found &quot;n/a&quot;</li>',
        );
        expect(html).toContain('<li>tickets: could not be read: no such file</li>');
    });
});
