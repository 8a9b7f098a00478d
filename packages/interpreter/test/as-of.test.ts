/**
 * Evaluation as of a moment: windows that end after the as-of instant are in progress (a value so
 * far and the budget left, no verdict, no money); windows after the agreement's data are not
 * determined, never met; open events are judged at the as-of instant.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Contract, DataSource } from '../src/model.js';
import { column, contract, dataSource, metric, objective, probeCsv, remedy, service, tempFile } from './helpers.js';

const DAY = 86_400_000;

/** One probe a minute from 1 March 2025 (UTC) for `days` days; `down(i)` marks minute i down; contract form, 99.9 % a month. */
function probes(days: number, down: (i: number) => boolean, extra: Partial<Contract> = {}): Contract {
    const source = dataSource(
        tempFile('p.csv', probeCsv(Date.UTC(2025, 2, 1), days * 1440, down)),
        [column('timestamp', 'time'), column('up', 'boolean')],
        { sampleIntervalMs: 60_000 },
    );
    const availability = metric(
        'A',
        {
            kind: 'probe-availability',
            form: 'contract',
            samples: { source: 'probes', column: 'up' },
            missing: 'unknown',
        },
        '%',
    );
    return contract(
        [
            service({
                metrics: [availability],
                objectives: [objective({ metric: 'A', comparator: '>=', threshold: { value: '99.9', unit: '%' } })],
                fee: { amount: '100.00', currency: 'EUR', per: 'month' },
                remedies: [
                    remedy({
                        objective: 'Uptime',
                        tiers: [
                            {
                                direction: 'below',
                                threshold: { value: '99.9', unit: '%' },
                                amount: { kind: 'fee-share', percent: '10' },
                                location: source.location,
                            },
                        ],
                    }),
                ],
            }),
        ],
        [source],
        { timeZone: 'UTC', ...extra },
    );
}

/** Outage rows; availability from incident downtime, 99.9 % a month, over a term. */
function outages(csv: string, term: Contract['term'], extra: Partial<DataSource> = {}): Contract {
    const source = dataSource(tempFile('o.csv', csv), [column('start', 'time'), column('end', 'time')], {
        name: 'outages',
        ...extra,
    });
    const availability = metric(
        'A',
        {
            kind: 'outage-availability',
            start: { source: 'outages', column: 'start' },
            end: { source: 'outages', column: 'end' },
        },
        '%',
    );
    return contract(
        [
            service({
                metrics: [availability],
                objectives: [objective({ metric: 'A', comparator: '>=', threshold: { value: '99.9', unit: '%' } })],
            }),
        ],
        [source],
        { timeZone: 'UTC', term },
    );
}

describe('a window that ends after the as-of instant', () => {
    // As of 11 March 00:00Z: 10 days of March have passed, with 50 down minutes (first 50 of 1 March).
    // Value so far over 14 400 min: 1 − 50/14 400 = 99.652777…%. Budget of the whole month (31 days =
    // 44 640 min): 0.1 % × 44 640 = 44.64 min = 2 678 400 ms; left 44.64 − 50 = −5.36 min (already exceeded).
    const agreement = probes(31, (i) => i < 50);

    it('is in progress: the value so far and the budget left, no verdict and no money', async () => {
        const report = await evaluate(agreement, { asOf: '2025-03-11' });
        const [march] = report.services[0].objectives[0].windows;
        expect(march).toMatchObject({
            verdict: 'in-progress',
            value: '99.652778',
            downtimeMs: 50 * 60_000,
            downtimeBudgetMs: 2_678_400,
            downtimeBudgetLeftMs: 2_678_400 - 3_000_000,
            remedies: [],
        });
        expect(march.reason).toContain('in progress as of 2025-03-11T00:00:00Z');
        expect(report.summary).toMatchObject({ met: 0, breached: 0, notDetermined: 0, inProgress: 1 });
        expect(report.breached).toBe(false);
        expect(report.asOf).toBe('2025-03-11T00:00:00Z');
    });

    it('reads nothing after the as-of instant, and says how many rows it left', async () => {
        const report = await evaluate(agreement, { asOf: '2025-03-11' });
        // 31 days of minutes, 10 of them read: 21 × 1 440 = 30 240 rows after the as-of instant.
        expect(report.dataSources[0].rowsOutsideRange).toBe(30_240);
    });

    it('is judged once the as-of instant reaches its end, exactly at its end', async () => {
        // As of 1 April 00:00Z, March has ended: 1 − 50/44 640 = 99.887993 % < 99.9 % → breached, 10 % of 100.00.
        const report = await evaluate(agreement, { asOf: '2025-04-01T00:00:00Z' });
        const [march] = report.services[0].objectives[0].windows;
        expect(march).toMatchObject({ verdict: 'breached', value: '99.887993' });
        expect(march.remedies.map((r) => r.amount)).toEqual(['10.00']);
    });

    it('stands at the end of the term when the as-of instant is later', async () => {
        const withTerm = probes(31, () => false, { term: { start: '2025-03-01', end: '2025-03-31' } });
        const report = await evaluate(withTerm, { asOf: '2030-01-01' });
        expect(report.asOf).toBe('2025-04-01T00:00:00Z');
        expect(report.services[0].objectives[0].windows[0].verdict).toBe('met');
    });
});

describe('windows after the data', () => {
    // Term: the year 2025. One outage of 60 min on 10 February; the log's last instant is 10 Feb 01:00.
    const csv = 'start,end\n2025-02-10T00:00:00Z,2025-02-10T01:00:00Z\n';
    const term = { start: '2025-01-01', end: '2025-12-31' };

    it('are not determined, never met, unless the source is declared complete', async () => {
        const report = await evaluate(outages(csv, term), { asOf: '2025-06-15' });
        const windows = report.services[0].objectives[0].windows;
        // January and February are judged (February: 1 − 60/40 320 = 99.851190 %); March to May start after
        // the data's end (10 Feb 01:00); June is in progress; July onwards lie after the as-of instant.
        expect(windows.map((w) => [w.label, w.verdict])).toEqual([
            ['2025-01', 'met'],
            ['2025-02', 'breached'],
            ['2025-03', 'not-determined'],
            ['2025-04', 'not-determined'],
            ['2025-05', 'not-determined'],
            ['2025-06', 'in-progress'],
        ]);
        expect(windows[2].reason).toContain("no data after 2025-02-10T01:00:00Z, where the agreement's data ends");
        expect(report.dataSources[0].dataEnd).toBe('2025-02-10T01:00:00Z');
    });

    it('are judged up to the date the source is complete until', async () => {
        const report = await evaluate(outages(csv, term, { completeUntil: '2025-05-01' }), { asOf: '2025-06-15' });
        const windows = report.services[0].objectives[0].windows;
        expect(windows.map((w) => [w.label, w.verdict])).toEqual([
            ['2025-01', 'met'],
            ['2025-02', 'breached'],
            ['2025-03', 'met'],
            ['2025-04', 'met'],
            ['2025-05', 'not-determined'],
            ['2025-06', 'in-progress'],
        ]);
        expect(report.dataSources[0].dataEnd).toBe('2025-05-01T00:00:00Z');
    });
});

describe('an event without an end at the as-of instant', () => {
    function tickets(csv: string): Contract {
        const source = dataSource(tempFile('t.csv', csv), [column('opened', 'time'), column('resolved', 'time')], {
            name: 'tk',
        });
        const resolution = metric(
            'Res',
            { kind: 'elapsed', start: { source: 'tk', column: 'opened' }, end: { source: 'tk', column: 'resolved' } },
            'ms',
        );
        return contract(
            [
                service({
                    metrics: [resolution],
                    objectives: [
                        objective({
                            metric: 'Res',
                            comparator: '<=',
                            threshold: { value: String(4 * 3_600_000), unit: 'ms' },
                            share: { value: '50', unit: '%' },
                            window: { kind: 'calendar', unit: 'day' },
                        }),
                    ],
                }),
            ],
            [source],
            { timeZone: 'UTC' },
        );
    }
    // 1 March: ticket A opened 08:00, resolved 09:00 (1 h, within 4 h); ticket B opened 10:00, resolved 2 March 10:00.
    const csv =
        'opened,resolved\n2025-03-01T08:00:00Z,2025-03-01T09:00:00Z\n2025-03-01T10:00:00Z,2025-03-02T10:00:00Z\n';

    it('is pending while its limit has not passed, and left out of the share', async () => {
        // As of 1 March 12:00, B has run 2 h of its 4 h and has no end yet (its end is later): pending.
        const report = await evaluate(tickets(csv), { asOf: '2025-03-01T12:00:00Z' });
        const [day] = report.services[0].objectives[0].windows;
        expect(day).toMatchObject({ verdict: 'in-progress', value: '100', counts: { counted: 1, missing: 1 } });
        expect(day.reason).toContain('1 event(s) without an end are left out');
    });

    it('is a miss once its limit has passed, measured to the as-of instant', async () => {
        // As of 2 March 00:00 (the day has ended), B has run 14 h > 4 h: a miss. 1 of 2 = 50 % ≥ 50 % → met.
        const report = await evaluate(tickets(csv), { asOf: '2025-03-02T00:00:00Z' });
        const [day] = report.services[0].objectives[0].windows;
        expect(day).toMatchObject({ verdict: 'met', value: '50', counts: { counted: 2, missing: 0 } });
        expect(day.reason).toContain('had already exceeded the threshold at 2025-03-02T00:00:00Z');
    });

    it('counts with its real end once the as-of instant has passed it', async () => {
        // Without an as-of (now, long after): B took 24 h, a miss: 50 %.
        const report = await evaluate(tickets(csv));
        const [day] = report.services[0].objectives[0].windows;
        expect(day).toMatchObject({ verdict: 'met', value: '50', counts: { counted: 2 } });
        expect(day.reason ?? '').not.toContain('without an end');
        expect(report.asOf.length).toBeGreaterThan(0);
        expect(Date.parse(report.asOf)).toBeGreaterThan(Date.now() - DAY);
    });
});
