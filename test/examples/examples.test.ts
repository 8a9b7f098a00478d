/**
 * The bundled examples: every `.sla` file under `examples/` parses and validates without errors, the
 * ISP example's data is what its generator writes, and evaluating the ISP example gives the figures
 * worked out by hand in `examples/isp/EXPECTED.md` (the test reads the tables from that file).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createSlaServices, loadAgreements } from '@sla/language';
import { evaluate, type ObjectiveReport, type Report, type WindowReport } from '@sla/interpreter';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples');
const ISP = path.join(EXAMPLES, 'isp');
const MINUTE_MS = 60_000;

function slaFiles(): string[] {
    return fs
        .readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.sla'))
        .map((f) => path.join(EXAMPLES, f))
        .sort();
}

describe('every example agreement', () => {
    const files = slaFiles();
    const { shared } = createSlaServices(NodeFileSystem);

    it('exists: the ISP, helpdesk, sales and cloud examples are all found', () => {
        const folders = new Set(files.map((f) => path.basename(path.dirname(f))));
        expect([...folders].sort()).toEqual(expect.arrayContaining(['cloud', 'helpdesk', 'isp', 'sales']));
    });

    it.each(files.map((f) => [path.relative(ROOT, f), f]))(
        '%s parses, links and validates without errors',
        async (_, file) => {
            const document = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(file));
            await shared.workspace.DocumentBuilder.build([document], { validation: true });
            expect(document.parseResult.lexerErrors).toEqual([]);
            expect(document.parseResult.parserErrors).toEqual([]);
            const errors = (document.diagnostics ?? [])
                .filter((d) => d.severity === 1)
                .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
            expect(errors).toEqual([]);
        },
    );
});

// ---------------------------------------------------------------- the ISP example's data

const temporaryFolders: string[] = [];
afterAll(() => temporaryFolders.forEach((f) => fs.rmSync(f, { recursive: true, force: true })));

function sha256(file: string): string {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function generateInto(): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-isp-data-'));
    temporaryFolders.push(folder);
    const run = spawnSync(process.execPath, [path.join(ISP, 'generate-data.mjs'), folder], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return path.join(folder, 'probes.csv');
}

describe('the ISP example data', () => {
    it('is what the generator writes, the same on every run', () => {
        const committed = sha256(path.join(ISP, 'data/probes.csv'));
        expect(sha256(generateInto())).toBe(committed);
        expect(sha256(generateInto())).toBe(committed);
    });

    it('holds the counted downtime and p95 that EXPECTED.md states, bucketed independently with Intl', () => {
        // An independent reading of the CSV: months and Sunday maintenance hours from
        // Intl.DateTimeFormat in Europe/Berlin, not from the interpreter's time code.
        const perMonth = countIndependently(fs.readFileSync(path.join(ISP, 'data/probes.csv'), 'utf8'));
        for (const row of expectedTable('Uptime per month')) {
            expect(perMonth.get(row.month)?.counted, row.month).toBe(Number(row['downtime min']));
        }
        for (const row of expectedTable('Latency per month')) {
            expect(perMonth.get(row.month)?.p95, row.month).toBe(Number(row['p95 ms']));
        }
    });
});

function countIndependently(csv: string): Map<string, { counted: number; p95: number }> {
    const format = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        year: 'numeric',
        month: '2-digit',
        weekday: 'short',
        hour: '2-digit',
        hourCycle: 'h23',
    });
    const months = new Map<string, { counted: number; latencies: number[] }>();
    for (const line of csv.trim().split('\n').slice(1)) {
        const [timestamp, up, latency, cause] = line.split(',');
        const parts = Object.fromEntries(format.formatToParts(new Date(timestamp)).map((p) => [p.type, p.value]));
        const month = `${parts.year}-${parts.month}`;
        const bucket = months.get(month) ?? { counted: 0, latencies: [] };
        months.set(month, bucket);
        const inMaintenance = parts.weekday === 'Sun' && Number(parts.hour) >= 2 && Number(parts.hour) < 4;
        if (inMaintenance || cause === 'force-majeure') continue;
        if (up === '0') bucket.counted++;
        bucket.latencies.push(Number(latency));
    }
    return new Map(
        [...months].map(([month, b]) => [month, { counted: b.counted, p95: linearPercentile(b.latencies, 0.95) }]),
    );
}

function linearPercentile(values: number[], rank: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    const h = rank * (sorted.length - 1);
    const below = Math.floor(h);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

// ---------------------------------------------------------------- evaluating the ISP example

/** Rows of the markdown table under the heading `### <title>` in an example's EXPECTED.md, keyed by column header. */
function expectedTable(title: string, folder = ISP): Record<string, string>[] {
    const text = fs.readFileSync(path.join(folder, 'EXPECTED.md'), 'utf8');
    const section = text.split(`### ${title}\n`)[1];
    if (!section) throw new Error(`EXPECTED.md has no table "### ${title}"`);
    const lines = section.trim().split('\n');
    const cells = (line: string) =>
        line
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim());
    const headers = cells(lines[0]);
    const body = lines
        .slice(2)
        .filter((l) => l.startsWith('|'))
        .map(cells);
    const end = lines.slice(2).findIndex((l) => !l.startsWith('|'));
    return body
        .slice(0, end < 0 ? undefined : end)
        .map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i]])));
}

/** An exact rational as [numerator, denominator] from decimal text ("99.932796") or a fraction ("1487/1488"). */
function rational(text: string): [bigint, bigint] {
    if (text.includes('/')) {
        const [n, d] = text.split('/');
        return [BigInt(n), BigInt(d)];
    }
    const [whole, fraction = ''] = text.split('.');
    return [BigInt(whole + fraction), 10n ** BigInt(fraction.length)];
}

/** |reported − exact| in units of 10⁻⁶ percentage points, exact. The report rounds for display to 6 decimals. */
function distanceInMillionths(reportedPercent: string, exactFraction: string): number {
    const [rn, rd] = rational(reportedPercent);
    const [en, ed] = rational(exactFraction);
    const difference = (rn * ed - 100n * en * rd) * 1_000_000n;
    const denominator = rd * ed;
    const absolute = difference < 0n ? -difference : difference;
    return Number(absolute / denominator) + (absolute % denominator === 0n ? 0 : 1);
}

function sameDecimal(a: string | [bigint, bigint], b: string): boolean {
    const [an, ad] = typeof a === 'string' ? rational(a) : a;
    const [bn, bd] = rational(b);
    return an * bd === bn * ad;
}

/** Sum of the credits owed in a window, as an exact [numerator, denominator]. */
function creditOf(window: WindowReport, kinds: readonly string[] = ['credit'], currency = 'EUR'): [bigint, bigint] {
    const owed = window.remedies.filter((r) => kinds.includes(r.kind));
    expect(owed.every((c) => c.currency === currency)).toBe(true);
    return owed.map((c) => rational(c.amount)).reduce(([n, d], [cn, cd]) => [n * cd + cn * d, d * cd], [0n, 1n]);
}

describe('evaluating the ISP example', () => {
    let report: Report;
    const objective = (name: string): ObjectiveReport => {
        const found = report.services.flatMap((s) => s.objectives).find((o) => o.name === name);
        if (!found) throw new Error(`no objective ${name} in the report`);
        return found;
    };
    const windowOf = (o: ObjectiveReport, label: string): WindowReport => {
        const found = o.windows.find((w) => w.label === label);
        if (!found)
            throw new Error(
                `objective ${o.name} has no window ${label}; it has ${o.windows.map((w) => w.label).join(', ')}`,
            );
        return found;
    };

    it('loads without errors and evaluates', async () => {
        const loaded = await loadAgreements(path.join(ISP, 'internet.sla'));
        expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(loaded.contracts).toHaveLength(1);
        report = await evaluate(loaded.contracts[0]);
        expect(report.timeZone).toBe('Europe/Berlin');
    });

    it('reports exactly the four months of the term for both objectives', () => {
        expect(objective('Uptime').windows.map((w) => w.label)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
        expect(objective('Responsiveness').windows.map((w) => w.label)).toEqual([
            '2025-01',
            '2025-02',
            '2025-03',
            '2025-04',
        ]);
    });

    it.each(expectedTable('Uptime per month').map((row) => [row.month, row]))(
        'Uptime %s: verdict, downtime, budget, availability and credit as worked out in EXPECTED.md',
        (month, row) => {
            const window = windowOf(objective('Uptime'), month);
            expect(window.verdict).toBe(row.verdict);
            expect(window.downtimeMs).toBe(Number(row['downtime min']) * MINUTE_MS);
            // Budget minutes such as 44.64 are exact multiples of 0.01 min = 600 ms.
            expect(window.downtimeBudgetMs).toBe(Math.round(Number(row['budget min']) * 100) * 600);
            expect(window.value).toBeDefined();
            expect(distanceInMillionths(window.value!, row.availability)).toBeLessThanOrEqual(1);
            expect(window.coverage !== undefined && sameDecimal(window.coverage, '100')).toBe(true);
            expect(sameDecimal(creditOf(window), row['credit EUR'])).toBe(true);
            const claimBy = window.remedies.filter((r) => r.kind === 'credit' && r.claimBy).map((r) => r.claimBy);
            expect(claimBy).toEqual(row['claim by'] === '–' ? [] : [row['claim by']]);
        },
    );

    it('March is exactly 95.0 %: the value is exact, not rounded, and the 25 % tier applies, not the 100 % one', () => {
        const march = windowOf(objective('Uptime'), '2025-03');
        expect(sameDecimal(march.value!, '95')).toBe(true);
        expect(
            march.remedies
                .filter((r) => r.kind === 'credit')
                .map((r) => r.basis)
                .join(),
        ).toMatch(/99\.0/);
    });

    it('March: the maintenance window on the night the clocks go forward is one hour long', () => {
        // Sundays 2, 9, 16 and 23 March: 4 × 120 min; Sunday 30 March 02:00–04:00 local: 60 min.
        expect(windowOf(objective('Uptime'), '2025-03').excludedMs).toBe((4 * 120 + 60) * MINUTE_MS);
    });

    it('April: maintenance and force-majeure outages are excluded time, not downtime', () => {
        // 120 min of the 6 April window + 3 more Sundays × 120 min + 360 min force majeure = 840 min.
        const april = windowOf(objective('Uptime'), '2025-04');
        expect(april.excludedMs).toBe((4 * 120 + 360) * MINUTE_MS);
    });

    it.each(expectedTable('Latency per month').map((row) => [row.month, row]))(
        'Latency %s: p95 and verdict as worked out in EXPECTED.md',
        (month, row) => {
            const window = windowOf(objective('Responsiveness'), month);
            expect(window.verdict).toBe(row.verdict);
            expect(sameDecimal(window.value!, row['p95 ms'])).toBe(true);
        },
    );

    it('owes 434.00 EUR in total, and no right to terminate (only two consecutive breaches)', () => {
        // 124.00 (February, 10 %) + 310.00 (March, 25 %).
        expect(report.summary.credits).toHaveLength(1);
        expect(report.summary.credits[0].currency).toBe('EUR');
        expect(sameDecimal(report.summary.credits[0].amount, '434.00')).toBe(true);
        expect(objective('Uptime').terminations?.flatMap((t) => t.from)).toEqual([]);
        expect(report.breached).toBe(true);
    });

    it('`sla check` on it exits 1 (a breach) and prints every month', () => {
        const cli = spawnSync(
            process.execPath,
            [path.join(ROOT, 'packages/cli/bin/sla.js'), 'check', path.join(ISP, 'internet.sla')],
            {
                encoding: 'utf8',
            },
        );
        expect(cli.stderr).toBe('');
        expect(cli.status).toBe(1);
        for (const month of ['2025-01', '2025-02', '2025-03', '2025-04']) expect(cli.stdout).toContain(month);
    });
});

// ---------------------------------------------------------------- the other examples

const OTHER_EXAMPLES = [
    { folder: 'helpdesk', file: 'helpdesk.sla', currency: 'EUR' },
    { folder: 'sales', file: 'followup.sla', currency: 'EUR' },
    { folder: 'cloud', file: 'cloud.sla', currency: 'USD' },
];

describe.each(OTHER_EXAMPLES)('evaluating the $folder example', ({ folder, file, currency }) => {
    const directory = path.join(EXAMPLES, folder);
    let report: Report;

    it('loads without errors and evaluates', async () => {
        const loaded = await loadAgreements(path.join(directory, file));
        expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(loaded.contracts).toHaveLength(1);
        report = await evaluate(loaded.contracts[0]);
    });

    it.each(expectedTable('Results', directory).map((row) => [`${row.service}.${row.objective} ${row.window}`, row]))(
        '%s: verdict, measured value and amount owed as worked out in EXPECTED.md',
        (_, row) => {
            const objective = report.services
                .find((s) => s.name === row.service)
                ?.objectives.find((o) => o.name === row.objective);
            const window = objective?.windows.find((w) => w.label === row.window);
            expect(window, `${row.service}.${row.objective} ${row.window}`).toBeDefined();
            expect(window!.verdict).toBe(row.verdict);
            expect(distanceInMillionths(window!.value!, row['measured (fraction)'])).toBeLessThanOrEqual(1);
            expect(sameDecimal(creditOf(window!, ['credit', 'penalty'], currency), row.owed)).toBe(true);
        },
    );

    it('reports no window beyond those worked out by hand', () => {
        const expected = expectedTable('Results', directory).map(
            (row) => `${row.service}.${row.objective} ${row.window}`,
        );
        const reported = report.services.flatMap((s) =>
            s.objectives.flatMap((o) => o.windows.map((w) => `${s.name}.${o.name} ${w.label}`)),
        );
        expect(reported.sort()).toEqual(expected.sort());
    });
});
