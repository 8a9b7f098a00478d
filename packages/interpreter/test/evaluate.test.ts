import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { formatTextReport, toJsonReport } from '../src/format.js';
import type { Metric, Objective, Remedy, Service } from '../src/model.js';
import type { Report, WindowReport } from '../src/report.js';
import {
    at,
    column,
    contract,
    dataSource,
    maintenance,
    metric,
    objective,
    probeCsv,
    remedy,
    service,
    tempFile,
    termination,
} from './helpers.js';

const MARCH_START = Date.parse('2025-02-28T23:00:00Z'); // 2025-03-01 00:00 Europe/Berlin (CET)
const MARCH_MINUTES = 743 * 60; // 31 days minus the hour skipped on 30 March

const contractAvailability = (missing: 'unknown' | 'down' = 'unknown'): Metric =>
    metric(
        'Availability',
        { kind: 'probe-availability', form: 'contract', samples: { source: 'probes', column: 'up' }, missing },
        '%',
    );
const sampleAvailability = metric(
    'Availability',
    { kind: 'probe-availability', form: 'sample', samples: { source: 'probes', column: 'up' }, missing: 'unknown' },
    '%',
);
const uptime = (extra: Partial<Objective> = {}) =>
    objective({ metric: 'Availability', comparator: '>=', threshold: { value: '99.9', unit: '%' }, ...extra });

async function run(
    csv: string,
    serviceExtra: Partial<Service> & Pick<Service, 'metrics' | 'objectives'>,
    options = {},
    sourceExtra = {},
): Promise<Report> {
    const path = tempFile('probes.csv', csv);
    const source = dataSource(path, [column('timestamp', 'time'), column('up', 'boolean')], {
        sampleIntervalMs: 60_000,
        ...sourceExtra,
    });
    return evaluate(contract([service(serviceExtra)], [source]), options);
}

function windows(report: Report, objectiveIndex = 0): readonly WindowReport[] {
    return report.services[0].objectives[objectiveIndex].windows;
}

describe('probe availability, contract form', () => {
    it('measures March 2025 in Europe/Berlin as 743 hours', async () => {
        // 44 580 one-minute samples cover the whole month; 45 are down.
        // availability = 1 − 45 min / 44 580 min = 74225/743 % = 99.899057…% < 99.9 % → breached.
        // Allowed downtime = 0.1 % of 743 h = 44.58 min = 2 674 800 ms (with 744 h it would be 2 678 400 ms).
        const report = await run(
            probeCsv(MARCH_START, MARCH_MINUTES, (i) => i >= 1000 && i < 1045),
            {
                metrics: [contractAvailability()],
                objectives: [uptime()],
            },
        );
        const [march] = windows(report);
        expect(windows(report).length).toBe(1);
        expect(march.label).toBe('2025-03');
        expect(march.start).toBe('2025-03-01T00:00:00+01:00');
        expect(march.end).toBe('2025-04-01T00:00:00+02:00');
        expect(march.verdict).toBe('breached');
        expect(march.value).toBe('99.899058');
        expect(march.downtimeBudgetMs).toBe(2_674_800);
        expect(march.downtimeMs).toBe(45 * 60_000);
        expect(march.coverage).toBe('100');
        expect(march.counts).toMatchObject({
            rows: MARCH_MINUTES,
            counted: MARCH_MINUTES,
            up: MARCH_MINUTES - 45,
            down: 45,
            missing: 0,
        });
        // Samples 1000…1044 after 28 Feb 23:00Z (16 h 40 min later): 15:40Z … 16:24Z on 1 March = 16:40 … 17:24 CET.
        expect(march.breach).toEqual({
            first: '2025-03-01T16:40:00+01:00',
            last: '2025-03-01T17:24:00+01:00',
            count: 45,
        });
        expect(report.breached).toBe(true);
    });

    it('meets the target with 44 minutes down', async () => {
        // 1 − 44/44 580 = 99.901301…% ≥ 99.9 % → met.
        const report = await run(
            probeCsv(MARCH_START, MARCH_MINUTES, (i) => i < 44),
            { metrics: [contractAvailability()], objectives: [uptime()] },
        );
        expect(windows(report)[0]).toMatchObject({ verdict: 'met', value: '99.901301' });
        expect(report.breached).toBe(false);
        expect(report.summary).toMatchObject({ met: 1, breached: 0, notDetermined: 0 });
    });

    it('counts missing samples as down when the metric says so, and reports coverage', async () => {
        // Only the first 44 580 − 100 minutes have samples, all up; 100 missing minutes count as downtime.
        // availability = 1 − 100/44 580 = 99.775684…%; coverage = 44 480 / 44 580 = 99.775684…%.
        const report = await run(probeCsv(MARCH_START, MARCH_MINUTES - 100), {
            metrics: [contractAvailability('down')],
            objectives: [uptime()],
        });
        const [march] = windows(report);
        expect(march).toMatchObject({ verdict: 'breached', value: '99.775684', downtimeMs: 100 * 60_000 });
        expect(march.counts.missing).toBe(100);
        expect(march.coverage).toBe('99.776');
    });

    it('leaves missing time out of the window when the metric says missing is unknown', async () => {
        // Samples for the first 44 580 − 580 = 44 000 minutes; 44 of them down. The 580 missing minutes are neither
        // up nor down: availability = 1 − 44/44 000 = 99.9 % exactly → met; budget 0.1 % of 44 000 min = 2 640 000 ms.
        // (Counting the missing minutes as up would give 1 − 44/44 580 = 99.901…%.)
        const report = await run(
            probeCsv(MARCH_START, MARCH_MINUTES - 580, (i) => i < 44),
            { metrics: [contractAvailability('unknown')], objectives: [uptime()] },
            { from: '2025-03-01', to: '2025-04-01' },
        );
        const [march] = windows(report);
        expect(march).toMatchObject({ verdict: 'met', value: '99.9', downtimeBudgetMs: 2_640_000 });
        expect(march.counts.missing).toBe(580);
        expect(march.reason).toContain('580 missing samples');
    });

    it('never meets an objective without data', async () => {
        const report = await run(
            'timestamp,up\n',
            { metrics: [contractAvailability()], objectives: [uptime()] },
            { from: '2025-03-01', to: '2025-04-01' },
        );
        expect(windows(report)[0]).toMatchObject({
            label: '2025-03',
            verdict: 'not-determined',
            reason: 'no samples in the window',
        });
    });

    it('is not determined below the minimum coverage', async () => {
        // Samples for the first 10 days only: 10 · 24 · 60 = 14 400 of 44 580 minutes = 32.3 % < 90 %.
        const report = await run(
            probeCsv(MARCH_START, 14_400),
            { metrics: [contractAvailability()], objectives: [uptime({ minimumCoverage: '90' })] },
            { from: '2025-03-01', to: '2025-04-01' },
        );
        const [march] = windows(report);
        expect(march.verdict).toBe('not-determined');
        expect(march.reason).toContain('coverage 32.301 % is below the required 90 %');
    });
});

describe('probe availability, sample form', () => {
    it('meets >= 99.9 % with exactly 999 up of 1000', async () => {
        // 999/1000 = 99.9 % exactly; 998/1000 = 99.8 % in the next day.
        const csv =
            probeCsv(MARCH_START, 1000, (i) => i === 0) +
            probeCsv(MARCH_START + 86_400_000, 1000, (i) => i < 2).replace('timestamp,up\n', '');
        const report = await run(csv, {
            metrics: [sampleAvailability],
            objectives: [uptime({ window: { kind: 'calendar', unit: 'day' } })],
        });
        expect(windows(report).map((w) => [w.label, w.verdict, w.value])).toEqual([
            ['2025-03-01', 'met', '99.9'],
            ['2025-03-02', 'breached', '99.8'],
        ]);
    });

    it('excludes a maintenance window that is one hour long on the DST night', async () => {
        // Local day 2025-03-30 runs 29 March 23:00Z to 30 March 22:00Z: 23 h = 1 380 samples.
        // Sunday 02:00–04:00 local is 01:00Z–02:00Z that night: samples 120…179 (60 of them), all down here.
        // Excluded samples are removed from both up and counted: 1 320 / 1 320 = 100 %.
        const dayStart = Date.parse('2025-03-29T23:00:00Z');
        const report = await run(
            probeCsv(dayStart, 1380, (i) => i >= 120 && i < 180),
            {
                metrics: [sampleAvailability],
                objectives: [uptime({ window: { kind: 'calendar', unit: 'day' } })],
                exclusions: [maintenance([7], '02:00', '04:00')],
            },
        );
        const [day] = windows(report);
        expect(day).toMatchObject({ label: '2025-03-30', verdict: 'met', value: '100', excludedMs: 3_600_000 });
        expect(day.counts).toMatchObject({ rows: 1380, counted: 1320, excluded: 60, missing: 0 });
        expect(day.coverage).toBe('100');
    });

    it('excludes explicit periods and rows tagged with a cause', async () => {
        // Three local days of 1-minute samples with a cause column. Day 1: the first 30 samples are down, tagged
        // "customer" → excluded (30 min). Day 2: inside `exclude period 2025-03-02T00:00 to 2025-03-03` → every
        // sample excluded, nothing left to measure → not determined. Day 3: one untagged down sample → 1439/1440.
        const lines = ['timestamp,up,cause'];
        for (let i = 0; i < 3 * 1440; i++) {
            const t = new Date(MARCH_START + i * 60_000).toISOString();
            if (i < 30) lines.push(`${t},0,customer`);
            else if (i >= 1440 && i < 1540) lines.push(`${t},0,`);
            else if (i === 2880) lines.push(`${t},down,`);
            else lines.push(`${t},1,`);
        }
        const path = tempFile('causes.csv', lines.join('\n') + '\n');
        const source = dataSource(
            path,
            [column('timestamp', 'time'), column('up', 'boolean'), column('cause', 'text')],
            { sampleIntervalMs: 60_000 },
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [sampleAvailability],
                        objectives: [uptime({ window: { kind: 'calendar', unit: 'day' } })],
                        exclusions: [
                            { kind: 'period', from: '2025-03-02T00:00', to: '2025-03-03', location: at },
                            {
                                kind: 'cause',
                                cause: 'customer-caused',
                                where: [
                                    {
                                        column: { source: 'probes', column: 'cause' },
                                        operator: '=',
                                        values: ['customer'],
                                    },
                                ],
                                location: at,
                            },
                        ],
                    }),
                ],
                [source],
            ),
        );
        expect(
            windows(report).map((w) => [
                w.label,
                w.verdict,
                w.value,
                w.counts.counted,
                w.counts.excluded,
                w.excludedMs,
            ]),
        ).toEqual([
            ['2025-03-01', 'met', '100', 1410, 30, 30 * 60_000],
            ['2025-03-02', 'not-determined', undefined, 0, 1440, 1440 * 60_000],
            ['2025-03-03', 'met', '99.930556', 1440, 0, 0],
        ]);
    });

    it('gives the same result for shuffled rows', async () => {
        // Two months of rows in reverse order: counters do not depend on order.
        const ordered = probeCsv(MARCH_START - 28 * 1440 * 60_000, 28 * 1440 + MARCH_MINUTES, (i) => i % 500 === 0);
        const [header, ...rows] = ordered.trim().split('\n');
        const reversed = [header, ...rows.reverse()].join('\n') + '\n';
        const service = { metrics: [sampleAvailability], objectives: [uptime()] };
        const a = windows(await run(ordered, service));
        const b = windows(await run(reversed, service));
        expect(b).toEqual(a);
        // February: 40 320 samples, every 500th down (i = 0, 500, …, 40 000 → 81) → 40 239/40 320.
        expect(a.map((w) => [w.label, w.counts.down])).toEqual([
            ['2025-02', 81],
            ['2025-03', 89],
        ]);
    });
});

describe('credits', () => {
    const fee = { amount: '1240.00', currency: 'EUR', per: 'month' as const };
    const tiers: Remedy['tiers'] = [
        {
            direction: 'below',
            threshold: { value: '99.9', unit: '%' },
            amount: { kind: 'fee-share', percent: '10' },
            location: at,
        },
        {
            direction: 'below',
            threshold: { value: '99.0', unit: '%' },
            amount: { kind: 'fee-share', percent: '25' },
            location: at,
        },
        {
            direction: 'below',
            threshold: { value: '95.0', unit: '%' },
            amount: { kind: 'fee-share', percent: '100' },
            location: at,
        },
    ];
    const dailyCsv = (downPerDay: number[]) =>
        downPerDay
            .map((down, d) =>
                probeCsv(MARCH_START + d * 86_400_000, 1000, (i) => i < down).replace(
                    /^timestamp,up\n/,
                    d === 0 ? 'timestamp,up\n' : '',
                ),
            )
            .join('');

    it('pays only the single applicable tier, exactly at the boundaries', async () => {
        // Day windows, fee 1240.00 EUR per month prorated over March's 31 days: 40.00 EUR a day.
        // 1 March: 990/1000 = 99.0 % exactly → below 99.9 but not below 99.0 → 10 % → 4.00 EUR.
        // 2 March: 989/1000 = 98.9 % → below 99.0 (lowest applicable threshold above 95.0 fails) → 25 % → 10.00 EUR.
        // 3 March: 950/1000 = 95.0 % → below 99.0, not below 95.0 → 25 % → 10.00 EUR.
        // 4 March: 999/1000 = 99.9 % → met, no tier applies.
        const report = await run(dailyCsv([10, 11, 50, 1]), {
            fee,
            metrics: [sampleAvailability],
            objectives: [uptime({ window: { kind: 'calendar', unit: 'day' } })],
            remedies: [remedy({ objective: 'Uptime', tiers, claimWithinMs: 30 * 86_400_000 })],
        });
        const list = windows(report);
        expect(list.map((w) => [w.value, w.verdict, w.remedies.map((r) => [r.amount, r.basis])])).toEqual([
            ['99', 'breached', [['4.00', 'tier below 99.9 %']]],
            ['98.9', 'breached', [['10.00', 'tier below 99.0 %']]],
            ['95', 'breached', [['10.00', 'tier below 99.0 %']]],
            ['99.9', 'met', []],
        ]);
        // Claim within 30 days of the window's end: 1 March ends at 2 March 00:00 → last day 31 March.
        expect(list[0].remedies[0].claimBy).toBe('2025-03-31');
        expect(report.summary.credits).toEqual([{ amount: '24.00', currency: 'EUR' }]);
        expect(report.services[0].objectives[0].notes).toContain(
            'fee shares are prorated by the days of the month each day falls in',
        );
    });

    it('rounds the window amount once, half away from zero', async () => {
        // Monthly window, fee 100.05 EUR per month, 10 % tier → 10.005 → 10.01 EUR.
        // Fee 1005 JPY → 100.5 → 101 JPY.
        const make = (amount: string, currency: string) =>
            run(
                probeCsv(MARCH_START, MARCH_MINUTES, (i) => i < 60),
                {
                    fee: { amount, currency, per: 'month' },
                    metrics: [contractAvailability()],
                    objectives: [uptime()],
                    remedies: [remedy({ objective: 'Uptime', tiers })],
                },
            );
        expect(windows(await make('100.05', 'EUR'))[0].remedies[0]).toMatchObject({ amount: '10.01', currency: 'EUR' });
        expect(windows(await make('1005', 'JPY'))[0].remedies[0]).toMatchObject({ amount: '101', currency: 'JPY' });
    });

    it('applies rates pro rata and caps per month, across day windows in date order', async () => {
        // Penalty 10 % of fee per hour of downtime, capped at 15 % of the monthly fee (186.00 EUR of 1240.00).
        // Day windows, 99.9 % target; 1 March: 90 min down of 1440 → breached; rate 1.5 h · 10 % · 40.00 = 6.00 EUR.
        // A fixed 100 EUR per breach too: 106.00 on day 1; day 2 (also 90 min down) owes 106.00 but only 80.00 of
        // the cap is left → 80.00, capped. Day 3: cap used up → 0.00, capped.
        const csv = [0, 1, 2]
            .map((d) =>
                probeCsv(MARCH_START + d * 86_400_000, 1440, (i) => i < 90).replace(
                    /^timestamp,up\n/,
                    d === 0 ? 'timestamp,up\n' : '',
                ),
            )
            .join('');
        const report = await run(csv, {
            fee,
            metrics: [contractAvailability()],
            objectives: [uptime({ window: { kind: 'calendar', unit: 'day' } })],
            remedies: [
                remedy({
                    objective: 'Uptime',
                    kind: 'penalty',
                    rates: [
                        {
                            amount: { kind: 'fee-share', percent: '10' },
                            step: { value: '3600000', unit: 'ms' },
                            basis: 'downtime',
                        },
                    ],
                    perBreach: [{ kind: 'fixed', value: '100', currency: 'EUR' }],
                    caps: [{ amount: { kind: 'fee-share', percent: '15' }, per: 'month' }],
                }),
            ],
        });
        expect(windows(report).map((w) => w.remedies.map((r) => [r.amount, r.uncapped, r.capped]))).toEqual([
            [['106.00', '106.00', false]],
            [['80.00', '106.00', true]],
            [['0.00', '106.00', true]],
        ]);
        expect(report.summary.credits).toEqual([{ amount: '186.00', currency: 'EUR' }]);
    });

    it('gives a termination right after N consecutive breaches, and reports every clause', async () => {
        // Days 1 and 3 breached, day 2 met: the run restarts; days 3 and 4 make two in a row → from 2025-03-04.
        // The second clause, 3 breaches in all (not consecutive): days 1, 3, 4 → also from 2025-03-04; 4 in all: never.
        const report = await run(dailyCsv([5, 0, 5, 5, 0]), {
            metrics: [sampleAvailability],
            objectives: [uptime({ window: { kind: 'calendar', unit: 'day' } })],
            terminations: [
                termination('Uptime', 2),
                { ...termination('Uptime', 3), consecutive: false },
                { ...termination('Uptime', 4), consecutive: false },
            ],
        });
        const right = { window: '2025-03-04', at: '2025-03-05T00:00:00+01:00', group: undefined };
        expect(report.services[0].objectives[0].terminations).toEqual([
            { after: 2, consecutive: true, from: [right] },
            { after: 3, consecutive: false, from: [right] },
            { after: 4, consecutive: false, from: [] },
        ]);
    });
});

describe('aggregates and groups', () => {
    const latencyCsv = (rows: [string, string, number][]) =>
        'timestamp,service,latency_ms\n' + rows.map(([t, s, l]) => `${t},${s},${l}`).join('\n') + '\n';
    const latencySource = (path: string) =>
        dataSource(path, [
            column('timestamp', 'time'),
            column('service', 'text'),
            column('latency_ms', 'number', { unit: 'ms' }),
        ]);
    const p95 = (method: 'linear' | 'nearest-rank') =>
        metric(
            'Latency',
            {
                kind: 'aggregate',
                function: 'percentile',
                percentile: '95',
                method,
                column: { source: 'probes', column: 'latency_ms' },
            },
            'ms',
        );
    const fast = (extra: Partial<Objective> = {}) =>
        objective({
            name: 'Fast',
            metric: 'Latency',
            comparator: '<=',
            threshold: { value: '300', unit: 'ms' },
            ...extra,
        });

    it('computes p95 per group, linear or nearest-rank, and names the method', async () => {
        // Group a: 100, 200, 300, 400, 500. Linear: h = 4 · 0.95 = 3.8 → 400 + 0.8 · 100 = 480 > 300 → breached.
        // Nearest rank: ⌈4.75⌉ = 5 → 500. Group b: 10, 20 → linear 10 + 0.95 · 10 = 19.5; nearest ⌈1.9⌉ = 2 → 20.
        const rows: [string, string, number][] = [100, 200, 300, 400, 500].map((l, i) => [
            `2025-03-0${i + 1}T12:00:00Z`,
            'a',
            l,
        ]);
        rows.push(['2025-03-02T00:00:00Z', 'b', 20], ['2025-03-03T00:00:00Z', 'b', 10]);
        const path = tempFile('lat.csv', latencyCsv(rows));
        for (const [method, a, b] of [
            ['linear', '480', '19.5'],
            ['nearest-rank', '500', '20'],
        ] as const) {
            const report = await evaluate(
                contract(
                    [
                        service({
                            metrics: [p95(method)],
                            objectives: [fast({ groupBy: { source: 'probes', column: 'service' } })],
                        }),
                    ],
                    [latencySource(path)],
                ),
            );
            const result = report.services[0].objectives[0];
            expect(result.percentileMethod).toBe(method);
            expect(result.windows.map((w) => [w.group, w.value, w.verdict])).toEqual([
                ['a', a, 'breached'],
                ['b', b, 'met'],
            ]);
        }
    });

    it('filters rows with where and counts the share of events', async () => {
        // Service a only: 100, 200, 300, 400, 500 → 3 of 5 are <= 300 ms = 60 % < 80 % → breached.
        const rows: [string, string, number][] = [100, 200, 300, 400, 500].map((l, i) => [
            `2025-03-0${i + 1}T12:00:00Z`,
            'a',
            l,
        ]);
        rows.push(['2025-03-02T00:00:00Z', 'b', 900]);
        const path = tempFile('share.csv', latencyCsv(rows));
        const mean = metric(
            'Latency',
            {
                kind: 'aggregate',
                function: 'max',
                method: 'linear',
                column: { source: 'probes', column: 'latency_ms' },
            },
            'ms',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [mean],
                        objectives: [
                            fast({
                                share: { value: '80', unit: '%' },
                                where: [
                                    { column: { source: 'probes', column: 'service' }, operator: '=', values: ['a'] },
                                ],
                            }),
                        ],
                    }),
                ],
                [latencySource(path)],
            ),
        );
        const [march] = windows(report);
        expect(march).toMatchObject({ value: '60', unit: '%', verdict: 'breached' });
        expect(march.counts).toMatchObject({ rows: 5, counted: 5 });
        // The offending rows are the 400 and 500 ms ones.
        expect(march.breach).toEqual({
            first: '2025-03-04T13:00:00+01:00',
            last: '2025-03-05T13:00:00+01:00',
            count: 2,
        });
    });

    it('reads the windows again whose rows arrived after their values were released', async () => {
        // January, then March (releasing January's values), then a late January row. January: 100 and 900;
        // linear p95 = 100 + 0.95 · 800 = 860 > 300 → breached. February has no rows; March: 100 → met.
        const path = tempFile(
            'late.csv',
            latencyCsv([
                ['2025-01-10T00:00:00Z', 'a', 100],
                ['2025-03-10T00:00:00Z', 'a', 100],
                ['2025-01-11T00:00:00Z', 'a', 900],
            ]),
        );
        const report = await evaluate(
            contract([service({ metrics: [p95('linear')], objectives: [fast()] })], [latencySource(path)]),
        );
        const list = windows(report);
        expect(list.map((w) => [w.label, w.verdict, w.value])).toEqual([
            ['2025-01', 'breached', '860'],
            ['2025-02', 'not-determined', undefined],
            ['2025-03', 'met', '100'],
        ]);
        expect(list[0].counts).toMatchObject({ rows: 2, counted: 2 });
        expect(list[1].reason).toBe('no values in the window');
        expect(report.services[0].objectives[0].notes).toContain(
            'the data file is not in time order: 1 window was read in a second pass (sorting the file by time avoids it)',
        );
    });

    it('gives the same percentiles for a file sorted by service, then time, as for one sorted by time', async () => {
        // Three services over three months, each service's rows written as a block: every month after the
        // first service's is late. The same rows in time order are the reference.
        const rows: [string, string, number][] = [];
        for (const service of ['a', 'b', 'c']) {
            for (let day = 0; day < 90; day++) {
                const t = new Date(Date.UTC(2025, 0, 1 + day, 12)).toISOString();
                rows.push([t, service, ((day * 37 + service.charCodeAt(0) * 11) % 500) + 0.25]);
            }
        }
        const byTime = [...rows].sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
        const evaluateRows = async (list: [string, string, number][]) =>
            evaluate(
                contract(
                    [
                        service({
                            metrics: [p95('linear')],
                            objectives: [fast({ groupBy: { source: 'probes', column: 'service' } })],
                        }),
                    ],
                    [latencySource(tempFile('lat.csv', latencyCsv(list)))],
                ),
            );
        const sortedByTime = windows(await evaluateRows(byTime));
        const sortedByService = await evaluateRows(rows);
        expect(sortedByTime.filter((w) => w.value !== undefined).length).toBe(9);
        expect(windows(sortedByService)).toEqual(sortedByTime);
        expect(sortedByService.services[0].objectives[0].notes.some((n) => n.includes('read in a second pass'))).toBe(
            true,
        );
    });

    it('reads again only the rows the first pass accepted, also when another objective rejected them', async () => {
        // Rows by service: a on 1–3 January, then b on 1 January, late for January 1st's median (read again).
        // b's first row has "maybe" for up, which only the availability objective reads: with skipBadRows it is
        // skipped for all, in both passes. Median of 1 January = (10 + 20) / 2 = 15, not with 9999 → met.
        const columns = [
            column('timestamp', 'time'),
            column('service', 'text'),
            column('up', 'boolean'),
            column('latency_ms', 'number', { unit: 'ms' }),
        ];
        const rows = [
            '2025-01-01T12:00:00Z,a,1,10',
            '2025-01-02T12:00:00Z,a,1,10',
            '2025-01-03T12:00:00Z,a,1,10',
            '2025-01-01T13:00:00Z,b,maybe,9999',
            '2025-01-01T14:00:00Z,b,1,20',
        ];
        const median = metric(
            'Latency',
            {
                kind: 'aggregate',
                function: 'percentile',
                percentile: '50',
                method: 'linear',
                column: { source: 'probes', column: 'latency_ms' },
            },
            'ms',
        );
        const evaluateRows = (list: string[]) =>
            evaluate(
                contract(
                    [
                        service({
                            metrics: [sampleAvailability, median],
                            objectives: [
                                uptime({ window: { kind: 'calendar', unit: 'day' } }),
                                fast({ metric: 'Latency', window: { kind: 'calendar', unit: 'day' } }),
                            ],
                        }),
                    ],
                    [
                        dataSource(
                            tempFile('mixed.csv', ['timestamp,service,up,latency_ms', ...list].join('\n') + '\n'),
                            columns,
                            { sampleIntervalMs: 3_600_000 },
                        ),
                    ],
                ),
                { skipBadRows: true },
            );
        const late = await evaluateRows(rows);
        const inOrder = await evaluateRows([rows[0], rows[3], rows[4], rows[1], rows[2]]);
        expect(late.dataSources[0].rowsSkipped).toBe(1);
        expect(windows(late, 1).map((w) => [w.label, w.verdict, w.value])).toEqual([
            ['2025-01-01', 'met', '15'],
            ['2025-01-02', 'met', '10'],
            ['2025-01-03', 'met', '10'],
        ]);
        expect(windows(late, 1)).toEqual(windows(inOrder, 1));
        expect(late.services[0].objectives[1].notes.some((n) => n.includes('second pass'))).toBe(true);
    });

    it('treats an empty field as malformed when one objective needs it and another only filters on it', async () => {
        // latency_ms feeds the median and is compared in the other objective's where: line 3 has it empty,
        // after "2025-01-01T13:00:00Z,a," (23 characters) → column 24.
        const path = tempFile(
            'empty.csv',
            latencyCsv([['2025-01-01T12:00:00Z', 'a', 10]]) + '2025-01-01T13:00:00Z,a,\n',
        );
        const median = metric(
            'Latency',
            {
                kind: 'aggregate',
                function: 'percentile',
                percentile: '50',
                method: 'linear',
                column: { source: 'probes', column: 'latency_ms' },
            },
            'ms',
        );
        const count = metric('Rows', { kind: 'count', source: 'probes' }, '');
        const agreement = contract(
            [
                service({
                    metrics: [median, count],
                    objectives: [
                        fast(),
                        objective({
                            name: 'Some',
                            metric: 'Rows',
                            comparator: '>=',
                            threshold: { value: '1', unit: 'count' },
                            where: [
                                { column: { source: 'probes', column: 'latency_ms' }, operator: '!=', values: ['5'] },
                            ],
                        }),
                    ],
                }),
            ],
            [latencySource(path)],
        );
        await expect(evaluate(agreement)).rejects.toThrow(
            /empty\.csv:3:24: expected a number such as 12\.5 in column "latency_ms", found an empty field/,
        );
    });

    it('counts late rows exactly when the metric keeps no values (share of events)', async () => {
        // Same order as above, with "80 % of latency <= 300 ms": January gets 100 and, late, 900 → 1 of 2 = 50 % → breached.
        // February has no event: the agreement says that such a window is not determined.
        const path = tempFile(
            'late-share.csv',
            latencyCsv([
                ['2025-01-10T00:00:00Z', 'a', 100],
                ['2025-03-10T00:00:00Z', 'a', 100],
                ['2025-01-11T00:00:00Z', 'a', 900],
            ]),
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [p95('linear')],
                        objectives: [fast({ share: { value: '80', unit: '%' }, whenNoEvents: 'not-determined' })],
                    }),
                ],
                [latencySource(path)],
            ),
        );
        expect(windows(report).map((w) => [w.label, w.verdict, w.value])).toEqual([
            ['2025-01', 'breached', '50'],
            ['2025-02', 'not-determined', undefined],
            ['2025-03', 'met', '100'],
        ]);
    });
});

describe('events', () => {
    it('measures resolution time on business hours, paused while waiting for the customer', async () => {
        // Calendar Mon–Fri 08:00–20:00 Europe/Berlin. Ticket 1: opened Fri 7 March 19:00, resolved Mon 10 March 09:30
        // → 1 h Friday + 1.5 h Monday = 2.5 h, minus 30 min waiting = 2 h → within 2 h.
        // Ticket 2: opened Tue 11 March 10:00, resolved 13:00 → 3 h → late. Ticket 3: still open. As of 1 April
        // (the end of March, local midnight), the open ticket is judged there: it has run 10 h on Wed 12 March alone,
        // past 2 h → it certainly missed and counts.
        // 1 of 3 tickets within 2 h = 33.333333…% < 90 % → breached.
        const path = tempFile(
            'tickets.csv',
            'opened,resolved,waiting,priority\n' +
                '2025-03-07T19:00:00+01:00,2025-03-10T09:30:00+01:00,PT30M,P1\n' +
                '2025-03-11T10:00:00+01:00,2025-03-11T13:00:00+01:00,,P1\n' +
                '2025-03-12T10:00:00+01:00,,,P1\n' +
                '2025-03-12T10:00:00+01:00,2025-03-20T10:00:00+01:00,,P3\n',
        );
        const tickets = dataSource(
            path,
            [
                column('opened', 'time'),
                column('resolved', 'time'),
                column('waiting', 'duration'),
                column('priority', 'text'),
            ],
            { name: 'tickets' },
        );
        const resolution = metric(
            'Resolution',
            {
                kind: 'elapsed',
                start: { source: 'tickets', column: 'opened' },
                end: { source: 'tickets', column: 'resolved' },
                calendar: 'Business',
                paused: { source: 'tickets', column: 'waiting' },
            },
            'ms',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [resolution],
                        objectives: [
                            objective({
                                name: 'P1',
                                metric: 'Resolution',
                                comparator: '<=',
                                threshold: { value: '7200000', unit: 'ms' },
                                share: { value: '90', unit: '%' },
                                where: [
                                    {
                                        column: { source: 'tickets', column: 'priority' },
                                        operator: '=',
                                        values: ['P1'],
                                    },
                                ],
                            }),
                        ],
                    }),
                ],
                [tickets],
                {
                    calendars: [
                        {
                            name: 'Business',
                            always: false,
                            hours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '20:00' }],
                            holidays: [],
                        },
                    ],
                },
            ),
            { asOf: '2025-04-01' },
        );
        const [march] = windows(report);
        expect(march).toMatchObject({ value: '33.333333', verdict: 'breached' });
        expect(march.counts).toMatchObject({ rows: 3, counted: 3, missing: 0 });
        expect(march.breach).toMatchObject({
            first: '2025-03-11T10:00:00+01:00',
            last: '2025-03-12T10:00:00+01:00',
            count: 2,
        });
        expect(march.reason).toContain(
            '1 event(s) without an end had already exceeded the threshold at 2025-04-01T00:00:00+02:00',
        );
    });

    it('evaluates rolling windows, one per day over the trailing N days', async () => {
        // Five days of 1000 samples; day 2 has 4 down. Rolling 3 days → windows ending on days 3, 4 and 5:
        // days 1–3 and 2–4 hold 2996 up of 3000 = 99.866667 % (breached), days 3–5 hold 3000 of 3000 (met).
        const csv = [0, 4, 0, 0, 0]
            .map((down, d) =>
                probeCsv(MARCH_START + d * 86_400_000, 1000, (i) => i < down).replace(
                    /^timestamp,up\n/,
                    d === 0 ? 'timestamp,up\n' : '',
                ),
            )
            .join('');
        const report = await run(csv, {
            metrics: [sampleAvailability],
            objectives: [uptime({ window: { kind: 'rolling', days: 3 } })],
            remedies: [remedy({ objective: 'Uptime', perBreach: [{ kind: 'fixed', value: '10', currency: 'EUR' }] })],
        });
        const list = windows(report);
        expect(list.map((w) => [w.label, w.value, w.verdict, w.counts.counted])).toEqual([
            ['2025-03-01..2025-03-03', '99.866667', 'breached', 3000],
            ['2025-03-02..2025-03-04', '99.866667', 'breached', 3000],
            ['2025-03-03..2025-03-05', '100', 'met', 3000],
        ]);
        expect([list[0].start, list[0].end]).toEqual(['2025-03-01T00:00:00+01:00', '2025-03-04T00:00:00+01:00']);
        expect(report.services[0].objectives[0].notes).toContain(
            "credits are not computed for rolling windows: each day's trailing window overlaps the ones before it",
        );
    });
});

describe('objectives that cannot be evaluated', () => {
    it('refuses a share of events on an availability metric instead of comparing the wrong number', async () => {
        const report = await run(probeCsv(MARCH_START, 10), {
            metrics: [sampleAvailability],
            objectives: [uptime({ share: { value: '95', unit: '%' } })],
        });
        const [only] = windows(report);
        expect(only.verdict).toBe('not-determined');
        expect(only.reason).toContain('not for probe-availability metrics');
    });
});

describe('time zones', () => {
    it('rejects an unknown zone with a clear message', async () => {
        const agreement = contract([service({ metrics: [sampleAvailability], objectives: [uptime()] })], [], {
            timeZone: 'Mars/Olympus',
        });
        await expect(evaluate(agreement)).rejects.toThrow('unknown IANA time zone "Mars/Olympus"');
    });
});

describe('unreadable data', () => {
    it('throws a DataError, or with skipBadRows reports the source and leaves its objectives undetermined', async () => {
        // A file that does not exist in the contract's folder (a file outside it is refused, see confinement.test.ts).
        const missing = join(tmpdir(), 'nonexistent', 'probes.csv');
        const source = dataSource(missing, [column('timestamp', 'time'), column('up', 'boolean')], {
            sampleIntervalMs: 60_000,
        });
        const agreement = contract([service({ metrics: [sampleAvailability], objectives: [uptime()] })], [source]);
        await expect(evaluate(agreement)).rejects.toThrow(
            `${missing}: expected a readable data file, found no such file`,
        );
        const report = await evaluate(agreement, { skipBadRows: true });
        expect(report.dataSources[0].error).toContain('no such file');
        const [only] = windows(report);
        expect(only.verdict).toBe('not-determined');
        expect(only.reason).toContain('the data source probes could not be read');
        expect(report.summary.notDetermined).toBe(1);
    });
});

describe('reports', () => {
    it('renders text and JSON', async () => {
        const report = await run(
            probeCsv(MARCH_START, MARCH_MINUTES, (i) => i < 60),
            {
                fee: { amount: '1240.00', currency: 'EUR', per: 'month' },
                metrics: [contractAvailability()],
                objectives: [uptime()],
                remedies: [
                    remedy({
                        objective: 'Uptime',
                        tiers: [
                            {
                                direction: 'below',
                                threshold: { value: '99.9', unit: '%' },
                                amount: { kind: 'fee-share', percent: '10' },
                                location: at,
                            },
                        ],
                    }),
                ],
            },
        );
        const text = formatTextReport(report);
        // 1 − 60/44 580 = 99.865410…% (shown to 6 decimals, trailing zero dropped); 60 min down of the 44.58 min
        // allowed; 10 % of 1240.00 = 124.00 EUR.
        expect(text).toContain('2025-03  BREACHED  99.86541 %');
        expect(text).toContain('downtime 60 min of 44.58 min allowed');
        expect(text).toContain('credit 124.00 EUR (tier below 99.9 %)');
        expect(text).toContain('Summary: 0 met, 1 breached, 0 not determined');
        const json = toJsonReport(report) as { version: number; breached: boolean; summary: { credits: unknown[] } };
        expect(json.version).toBe(1);
        expect(json.breached).toBe(true);
        expect(json.summary.credits).toEqual([{ amount: '124.00', currency: 'EUR' }]);
    });
});

describe('leap seconds', () => {
    it('charges a probe at 23:59:60Z to its own day, on the fast and the general CSV path', async () => {
        // 31 December 2016 ended with a leap second. Sample form, per UTC day: the probe at 23:58 is up and the
        // one at 23:59:60 down, so 31 December has 1 up of 2 = 50 %; 1 January only its up probe at 00:00, 100 %.
        // Were the leap second read as 00:00:00 of the next day, the figures would swap.
        const path = tempFile(
            'leap.csv',
            'timestamp,up\n2016-12-31T23:58:00Z,1\n2016-12-31T23:59:60Z,0\n2017-01-01T00:00:00Z,1\n',
        );
        const source = dataSource(path, [column('timestamp', 'time'), column('up', 'boolean')], {
            sampleIntervalMs: 60_000,
        });
        const daily = uptime({ window: { kind: 'calendar', unit: 'day' } });
        const agreement = contract([service({ metrics: [sampleAvailability], objectives: [daily] })], [source], {
            timeZone: 'UTC',
        });
        for (const csvFastPath of [true, false]) {
            const report = await evaluate(agreement, {}, { csvFastPath });
            expect(windows(report).map((w) => [w.label, w.value])).toEqual([
                ['2016-12-31', '50'],
                ['2017-01-01', '100'],
            ]);
        }
    });
});
