/**
 * Events across window ends (MTBF and MTTR placed alike), windows in which nothing happened,
 * informational objectives, weighted outages and scheduled availability. Figures worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Column, Contract, MetricDefinition, Objective } from '../src/model.js';
import { at, column, contract, dataSource, metric, objective, remedy, service, tempFile } from './helpers.js';

const HOUR = 3_600_000;
const AS_OF = { asOf: '2026-01-01' };

function incidents(
    csv: string,
    metrics: { name: string; definition: MetricDefinition; unit: '%' | 'ms' }[],
    objectives: Objective[],
    extra: Partial<Contract> = {},
    columns: Column[] = [column('start', 'time'), column('end', 'time')],
): Contract {
    const source = dataSource(tempFile('i.csv', csv), columns, { name: 'i' });
    return contract(
        [service({ metrics: metrics.map((m) => metric(m.name, m.definition, m.unit)), objectives })],
        [source],
        { timeZone: 'UTC', ...extra },
    );
}

const start = { source: 'i', column: 'start' };
const end = { source: 'i', column: 'end' };

describe('an incident that crosses a window end', () => {
    // Incident 1: 31 March 23:00 → 1 April 01:00 (1 h in each quarter); incident 2: 10 May 00:00 → 01:00.
    const csv = 'start,end\n2025-03-31T23:00:00Z,2025-04-01T01:00:00Z\n2025-05-10T00:00:00Z,2025-05-10T01:00:00Z\n';
    const quarter = { kind: 'calendar', unit: 'quarter' } as const;
    const agreement = incidents(
        csv,
        [
            { name: 'Between', definition: { kind: 'mtbf', start, end }, unit: 'ms' },
            { name: 'Repair', definition: { kind: 'mttr', start, end }, unit: 'ms' },
        ],
        [
            objective({
                name: 'Mtbf',
                metric: 'Between',
                comparator: '>=',
                threshold: { value: '0', unit: 'ms' },
                window: quarter,
            }),
            objective({
                name: 'Mttr',
                metric: 'Repair',
                comparator: '<=',
                threshold: { value: String(4 * HOUR), unit: 'ms' },
                window: quarter,
            }),
        ],
        { term: { start: '2025-01-01', end: '2025-06-30' } },
    );

    it('is downtime in both windows and a failure in the one it started in (MTBF)', async () => {
        // Q1: 90 days = 2 160 h, 1 h down, 1 failure → 2 159 h. Q2: 91 days = 2 184 h, 1 h + 1 h down,
        // 1 failure (the May incident) → 2 182 h.
        const report = await evaluate(agreement, AS_OF);
        const [mtbf] = report.services[0].objectives;
        expect(mtbf.windows.map((w) => [w.label, w.value])).toEqual([
            ['2025-Q1', String(2159 * HOUR)],
            ['2025-Q2', String(2182 * HOUR)],
        ]);
    });

    it('counts its whole length in the window it started in (MTTR)', async () => {
        // Q1: incident 1, 2 h. Q2: incident 2, 1 h.
        const report = await evaluate(agreement, AS_OF);
        const [, mttr] = report.services[0].objectives;
        expect(mttr.windows.map((w) => [w.label, w.value])).toEqual([
            ['2025-Q1', String(2 * HOUR)],
            ['2025-Q2', String(HOUR)],
        ]);
    });
});

describe('a window in which nothing happened', () => {
    // Incidents in January and March; February has none.
    const csv = 'start,end\n2025-01-10T00:00:00Z,2025-01-10T02:00:00Z\n2025-03-10T00:00:00Z,2025-03-10T01:00:00Z\n';
    const mttr = (extra: Partial<Objective> = {}) =>
        incidents(
            csv,
            [{ name: 'Repair', definition: { kind: 'mttr', start, end }, unit: 'ms' }],
            [
                objective({
                    name: 'Mttr',
                    metric: 'Repair',
                    comparator: '<=',
                    threshold: { value: String(4 * HOUR), unit: 'ms' },
                    ...extra,
                }),
            ],
            { term: { start: '2025-01-01', end: '2025-03-31' } },
        );

    it('is met, and the report says why', async () => {
        const [, february] = (await evaluate(mttr(), AS_OF)).services[0].objectives[0].windows;
        expect(february).toMatchObject({ label: '2025-02', verdict: 'met' });
        expect(february.value).toBeUndefined();
        expect(february.reason).toContain('no incidents in the window: met, as nothing happened');
    });

    it('is not determined when the agreement says so', async () => {
        const [, february] = (await evaluate(mttr({ whenNoEvents: 'not-determined' }), AS_OF)).services[0].objectives[0]
            .windows;
        expect(february).toMatchObject({ label: '2025-02', verdict: 'not-determined' });
    });
});

describe('an informational objective', () => {
    it('is reported, but is no breach, no count in the summary and owes nothing', async () => {
        // One incident of 2 h in January (44 640 min): 1 − 120/44 640 = 99.731183 % < 99.9 % → breached, in both.
        const csv = 'start,end\n2025-01-10T00:00:00Z,2025-01-10T02:00:00Z\n';
        const availability: MetricDefinition = { kind: 'outage-availability', start, end };
        const threshold = { value: '99.9', unit: '%' } as const;
        const agreement = incidents(
            csv,
            [{ name: 'A', definition: availability, unit: '%' }],
            [
                objective({ name: 'Binding', metric: 'A', comparator: '>=', threshold: { value: '99', unit: '%' } }),
                objective({ name: 'Shown', metric: 'A', comparator: '>=', threshold, informational: true }),
            ],
            { term: { start: '2025-01-01', end: '2025-01-31' } },
        );
        const withCredit = {
            ...agreement,
            services: [
                {
                    ...agreement.services[0],
                    fee: { amount: '100.00', currency: 'EUR', per: 'month' as const },
                    remedies: [
                        remedy({
                            objective: 'Shown',
                            tiers: [
                                {
                                    direction: 'below' as const,
                                    threshold,
                                    amount: { kind: 'fee-share' as const, percent: '10' },
                                    location: at,
                                },
                            ],
                        }),
                    ],
                },
            ],
        };
        const report = await evaluate(withCredit, AS_OF);
        const [binding, shown] = report.services[0].objectives;
        expect(binding.windows[0]).toMatchObject({ verdict: 'met', value: '99.731183' });
        expect(shown).toMatchObject({ informational: true, windows: [{ verdict: 'breached', remedies: [] }] });
        expect(report.summary).toMatchObject({ met: 1, breached: 0, credits: [] });
        expect(report.breached).toBe(false);
    });
});

describe('weighted outages and scheduled availability', () => {
    const april = { term: { start: '2025-04-01', end: '2025-04-30' } };
    const weighted = (csv: string, unit?: '%') =>
        incidents(
            csv,
            [
                {
                    name: 'A',
                    definition: {
                        kind: 'outage-availability',
                        start,
                        end,
                        weight: { source: 'i', column: 'affected' },
                    },
                    unit: '%',
                },
            ],
            [objective({ metric: 'A', comparator: '>=', threshold: { value: '99.9', unit: '%' } })],
            april,
            [column('start', 'time'), column('end', 'time'), column('affected', 'number', unit ? { unit } : {})],
        );

    it('count each outage by the share it affects', async () => {
        // April: 30 days = 43 200 min. 60 min at 0.40 and 30 min at 1.0 → 24 + 30 = 54 min → 1 − 54/43 200 = 99.875 %.
        const csv =
            'start,end,affected\n2025-04-02T10:00:00Z,2025-04-02T11:00:00Z,0.40\n2025-04-20T10:00:00Z,2025-04-20T10:30:00Z,1.0\n';
        const [window] = (await evaluate(weighted(csv), AS_OF)).services[0].objectives[0].windows;
        expect(window).toMatchObject({ value: '99.875', downtimeMs: 54 * 60_000 });
        const inPercent = csv.replace('0.40', '40').replace(',1.0\n', ',100\n');
        const [same] = (await evaluate(weighted(inPercent, '%'), AS_OF)).services[0].objectives[0].windows;
        expect(same.value).toBe('99.875');
    });

    it('take the largest share where outages overlap', async () => {
        // 10:00–11:00 at 0.4 and 10:30–10:45 at 1.0: 30 min × 0.4 + 15 min × 1.0 + 15 min × 0.4 = 33 min.
        const csv =
            'start,end,affected\n2025-04-02T10:00:00Z,2025-04-02T11:00:00Z,0.4\n2025-04-02T10:30:00Z,2025-04-02T10:45:00Z,1\n';
        const [window] = (await evaluate(weighted(csv), AS_OF)).services[0].objectives[0].windows;
        expect(window.downtimeMs).toBe(33 * 60_000);
    });

    it('refuse a share above 1', async () => {
        const csv = 'start,end,affected\n2025-04-02T10:00:00Z,2025-04-02T11:00:00Z,1.5\n';
        await expect(evaluate(weighted(csv), AS_OF)).rejects.toThrow('expected "affected" between 0 and 1, found 1.5');
    });

    it('measure scheduled availability over the time that is not excluded', async () => {
        // 600 min of planned downtime (an excluded period) and a 100-min outage in April:
        // scheduled 1 − 100/42 600 = 99.765258 %; over the whole window 1 − 100/43 200 = 99.768519 %.
        const csv = 'start,end\n2025-04-10T00:00:00Z,2025-04-10T01:40:00Z\n';
        const planned = { kind: 'period' as const, from: '2025-04-05T00:00', to: '2025-04-05T10:00', location: at };
        const build = (denominator: 'window' | 'scheduled') => {
            const c = incidents(
                csv,
                [{ name: 'A', definition: { kind: 'outage-availability', start, end, denominator }, unit: '%' }],
                [objective({ metric: 'A', comparator: '>=', threshold: { value: '99', unit: '%' } })],
                april,
            );
            return { ...c, services: [{ ...c.services[0], exclusions: [planned] }] };
        };
        const [scheduled] = (await evaluate(build('scheduled'), AS_OF)).services[0].objectives[0].windows;
        const [window] = (await evaluate(build('window'), AS_OF)).services[0].objectives[0].windows;
        expect([scheduled.value, window.value]).toEqual(['99.765258', '99.768519']);
    });
});

describe('requests counted as failures', () => {
    it('give 1 − Σ bad / Σ total', async () => {
        // 3 rows in March: 1 000, 2 000 and 1 000 requests with 1, 2 and 0 failures → 1 − 3/4 000 = 99.925 %.
        const csv =
            'ts,total,failed\n2025-03-01T00:00:00Z,1000,1\n2025-03-02T00:00:00Z,2000,2\n2025-03-03T00:00:00Z,1000,0\n';
        const source = dataSource(
            tempFile('r.csv', csv),
            [column('ts', 'time'), column('total', 'number'), column('failed', 'number')],
            {
                name: 'r',
            },
        );
        const served: MetricDefinition = {
            kind: 'request-availability',
            good: { source: 'r', column: 'failed' },
            total: { source: 'r', column: 'total' },
            counts: 'bad',
        };
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [metric('S', served, '%')],
                        objectives: [
                            objective({ metric: 'S', comparator: '>=', threshold: { value: '99.9', unit: '%' } }),
                        ],
                    }),
                ],
                [source],
                { timeZone: 'UTC' },
            ),
            AS_OF,
        );
        expect(report.services[0].objectives[0].windows[0]).toMatchObject({
            value: '99.925',
            counts: { up: 3997, down: 3 },
        });
    });
});

describe('a window with little data', () => {
    it('says so on its verdict when the objective has no coverage bound', async () => {
        // 10 one-minute samples, all up, in a day of 1 440 minutes: coverage 0.694 %, 100 % available (sample form).
        const csv =
            ['timestamp,up', ...Array.from({ length: 10 }, (_, i) => `2025-03-01T10:0${i}:00Z,1`)].join('\n') + '\n';
        const source = dataSource(tempFile('p.csv', csv), [column('timestamp', 'time'), column('up', 'boolean')], {
            sampleIntervalMs: 60_000,
        });
        const availability: MetricDefinition = {
            kind: 'probe-availability',
            form: 'sample',
            samples: { source: 'probes', column: 'up' },
            missing: 'unknown',
        };
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [metric('A', availability, '%')],
                        objectives: [
                            objective({
                                metric: 'A',
                                comparator: '>=',
                                threshold: { value: '99', unit: '%' },
                                window: { kind: 'calendar', unit: 'day' },
                            }),
                        ],
                    }),
                ],
                [source],
                { timeZone: 'UTC' },
            ),
            AS_OF,
        );
        const [day] = report.services[0].objectives[0].windows;
        expect(day).toMatchObject({ verdict: 'met', coverage: '0.694' });
        expect(day.reason).toContain('LOW COVERAGE: only 0.694 % of the window has data');
    });
});

describe('missing samples as up', () => {
    it('count when no sample of the window is there at all', async () => {
        // Samples only on 1 March; 2 March has none: with "missing as up", 2 March is 100 % from its 1 440 missing
        // samples (sample form), where it used to be "no samples".
        const csv =
            [
                'timestamp,up',
                ...Array.from(
                    { length: 1440 },
                    (_, i) => `${new Date(Date.UTC(2025, 2, 1) + i * 60_000).toISOString()},1`,
                ),
            ].join('\n') + '\n';
        const source = dataSource(tempFile('p.csv', csv), [column('timestamp', 'time'), column('up', 'boolean')], {
            sampleIntervalMs: 60_000,
            completeUntil: '2025-03-03',
        });
        const availability: MetricDefinition = {
            kind: 'probe-availability',
            form: 'sample',
            samples: { source: 'probes', column: 'up' },
            missing: 'up',
        };
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [metric('A', availability, '%')],
                        objectives: [
                            objective({
                                metric: 'A',
                                comparator: '>=',
                                threshold: { value: '99', unit: '%' },
                                window: { kind: 'calendar', unit: 'day' },
                            }),
                        ],
                    }),
                ],
                [source],
                { timeZone: 'UTC' },
            ),
            { ...AS_OF, from: '2025-03-01', to: '2025-03-03' },
        );
        const days = report.services[0].objectives[0].windows;
        expect(days.map((d) => [d.label, d.verdict, d.value, d.counts.missing])).toEqual([
            ['2025-03-01', 'met', '100', 0],
            ['2025-03-02', 'met', '100', 1440],
        ]);
    });
});
