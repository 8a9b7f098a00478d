import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { column, contract, dataSource, maintenance, metric, objective, service, tempFile } from './helpers.js';

describe('other metric kinds', () => {
    it('measures outage availability across window boundaries, minus maintenance', async () => {
        // Outage 1: 31 March 23:00 → 1 April 01:00 CEST: 60 min in March, 60 min in April.
        // Outage 2: Sunday 6 April 01:00 → 03:00 CEST; maintenance Sunday 02:00–04:00 takes its second hour.
        // March: 1 − 60/44 580 min = 99.865410…%; April (720 h = 43 200 min): 1 − 120/43 200 = 99.722222…%.
        // Excluded in April: Sundays 6, 13, 20, 27 × 2 h = 480 min.
        const path = tempFile(
            'outages.csv',
            'start,end\n2025-03-31T23:00:00+02:00,2025-04-01T01:00:00+02:00\n2025-04-06T01:00:00+02:00,2025-04-06T03:00:00+02:00\n',
        );
        const source = dataSource(path, [column('start', 'time'), column('end', 'time')], { name: 'outages' });
        const availability = metric(
            'Availability',
            {
                kind: 'outage-availability',
                start: { source: 'outages', column: 'start' },
                end: { source: 'outages', column: 'end' },
            },
            '%',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [availability],
                        objectives: [
                            objective({
                                metric: 'Availability',
                                comparator: '>=',
                                threshold: { value: '99.9', unit: '%' },
                            }),
                        ],
                        exclusions: [maintenance([7], '02:00', '04:00')],
                    }),
                ],
                [source],
                { term: { start: '2025-03-01', end: '2025-04-30' } },
            ),
        );
        const windows = report.services[0].objectives[0].windows;
        expect(windows.map((w) => [w.label, w.value, w.downtimeMs, w.verdict])).toEqual([
            ['2025-03', '99.86541', 3_600_000, 'breached'],
            ['2025-04', '99.722222', 7_200_000, 'breached'],
        ]);
        expect(windows[1].excludedMs).toBe(480 * 60_000);
    });

    it('measures request availability as good / total, exactly', async () => {
        // (999 + 1998) / (1000 + 2000) = 2997/3000 = 99.9 % exactly → meets >= 99.9 %.
        const path = tempFile(
            'requests.csv',
            'timestamp,good,total\n2025-03-01T00:00:00Z,999,1000\n2025-03-02T00:00:00Z,1998,2000\n',
        );
        const source = dataSource(
            path,
            [column('timestamp', 'time'), column('good', 'number'), column('total', 'number')],
            { name: 'requests' },
        );
        const availability = metric(
            'Availability',
            {
                kind: 'request-availability',
                good: { source: 'requests', column: 'good' },
                total: { source: 'requests', column: 'total' },
            },
            '%',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [availability],
                        objectives: [
                            objective({
                                metric: 'Availability',
                                comparator: '>=',
                                threshold: { value: '99.9', unit: '%' },
                            }),
                        ],
                    }),
                ],
                [source],
            ),
        );
        expect(report.services[0].objectives[0].windows[0]).toMatchObject({
            value: '99.9',
            verdict: 'met',
            counts: { counted: 3000, up: 2997, down: 3 },
        });
    });

    it('measures MTTR and counts rows', async () => {
        // P1 repairs of 30 and 90 minutes: MTTR = 60 min = 3 600 000 ms ≤ 1 h → met.
        // Count of P1 tickets = 2 > 1 → breached; the P2 ticket is filtered out by `where`.
        const path = tempFile(
            'tickets.csv',
            'opened,resolved,priority\n' +
                '2025-03-03T10:00:00Z,2025-03-03T10:30:00Z,P1\n2025-03-04T10:00:00Z,2025-03-04T11:30:00Z,P1\n2025-03-05T10:00:00Z,2025-03-05T18:00:00Z,P2\n',
        );
        const source = dataSource(
            path,
            [column('opened', 'time'), column('resolved', 'time'), column('priority', 'text')],
            { name: 'tickets' },
        );
        const p1 = [{ column: { source: 'tickets', column: 'priority' }, operator: '=' as const, values: ['P1'] }];
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [
                            metric(
                                'Repair',
                                {
                                    kind: 'mttr',
                                    start: { source: 'tickets', column: 'opened' },
                                    end: { source: 'tickets', column: 'resolved' },
                                },
                                'ms',
                            ),
                            metric('Tickets', { kind: 'count', source: 'tickets' }, 'count'),
                        ],
                        objectives: [
                            objective({
                                name: 'Repair',
                                metric: 'Repair',
                                comparator: '<=',
                                threshold: { value: '3600000', unit: 'ms' },
                                where: p1,
                            }),
                            objective({
                                name: 'Few',
                                metric: 'Tickets',
                                comparator: '<=',
                                threshold: { value: '1', unit: 'count' },
                                where: p1,
                            }),
                        ],
                    }),
                ],
                [source],
            ),
        );
        const [repair, few] = report.services[0].objectives;
        expect(repair.windows[0]).toMatchObject({ value: '3600000', verdict: 'met' });
        expect(few.windows[0]).toMatchObject({ value: '2', verdict: 'breached' });
    });

    it('counts an outage without an end to the end of its window when no range is set', async () => {
        // No term, no --to: the open outage from 31 May 2025 12:00Z lasts to the end of May (1 June 00:00 CEST = 31 May 22:00Z),
        // 10 h = 600 min of 744 h = 44 640 min: 1 − 600/44 640 = 98.655914…%.
        const path = tempFile('open.csv', 'start,end\n2025-05-31T12:00:00Z,\n');
        const source = dataSource(path, [column('start', 'time'), column('end', 'time')], { name: 'outages' });
        const availability = metric(
            'Availability',
            {
                kind: 'outage-availability',
                start: { source: 'outages', column: 'start' },
                end: { source: 'outages', column: 'end' },
            },
            '%',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [availability],
                        objectives: [
                            objective({
                                metric: 'Availability',
                                comparator: '>=',
                                threshold: { value: '99.9', unit: '%' },
                            }),
                        ],
                    }),
                ],
                [source],
            ),
        );
        const [may] = report.services[0].objectives[0].windows;
        expect(may).toMatchObject({
            label: '2025-05',
            value: '98.655914',
            downtimeMs: 600 * 60_000,
            verdict: 'breached',
        });
        expect(may.reason).toContain('without an end');
    });

    it("carries an outage without an end into later windows that the agreement's other data reaches", async () => {
        // No term, no --to, as of 1 July 2025. The outage from 20 April 2025 00:00Z has no end: it lasts to the as-of
        // instant; the request log reaches 15 June, so the agreement's data reaches into June, and July is not listed. April: 11 of 30 days down = 1 − 11/30 = 63.333333…%;
        // May and June: down the whole window → 0 %.
        const outages = dataSource(
            tempFile('o.csv', 'start,end\n2025-04-20T00:00:00Z,\n'),
            [column('start', 'time'), column('end', 'time')],
            { name: 'outages' },
        );
        const requests = dataSource(
            tempFile('r.csv', 'ts,ok,total\n2025-04-01T00:00:00Z,1,1\n2025-06-15T00:00:00Z,1,1\n'),
            [column('ts', 'time'), column('ok', 'number'), column('total', 'number')],
            { name: 'req' },
        );
        const availability = metric(
            'Availability',
            {
                kind: 'outage-availability',
                start: { source: 'outages', column: 'start' },
                end: { source: 'outages', column: 'end' },
            },
            '%',
        );
        const served = metric(
            'Served',
            {
                kind: 'request-availability',
                good: { source: 'req', column: 'ok' },
                total: { source: 'req', column: 'total' },
            },
            '%',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [availability, served],
                        objectives: [
                            objective({
                                metric: 'Availability',
                                comparator: '>=',
                                threshold: { value: '99.9', unit: '%' },
                            }),
                            objective({
                                name: 'Requests',
                                metric: 'Served',
                                comparator: '>=',
                                threshold: { value: '99', unit: '%' },
                            }),
                        ],
                    }),
                ],
                [outages, requests],
                { timeZone: 'UTC' },
            ),
            { asOf: '2025-07-01T00:00:00Z' },
        );
        expect(report.services[0].objectives[0].windows.map((w) => [w.label, w.value])).toEqual([
            ['2025-04', '63.333333'],
            ['2025-05', '0'],
            ['2025-06', '0'],
        ]);
    });

    it("runs an event clock on the objective's during calendar", async () => {
        // Calendar Mon–Fri 08:00–20:00 (Europe/Berlin). A ticket opened Saturday 8 March 10:00 and resolved
        // Monday 10 March 09:00 counts 1 h of business time (Monday 08:00–09:00) → within 2 h → 100 % → met.
        const path = tempFile('t.csv', 'opened,resolved\n2025-03-08T10:00:00+01:00,2025-03-10T09:00:00+01:00\n');
        const source = dataSource(path, [column('opened', 'time'), column('resolved', 'time')], { name: 'tickets' });
        const resolution = metric(
            'Resolution',
            {
                kind: 'elapsed',
                start: { source: 'tickets', column: 'opened' },
                end: { source: 'tickets', column: 'resolved' },
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
                                metric: 'Resolution',
                                comparator: '<=',
                                threshold: { value: '7200000', unit: 'ms' },
                                share: { value: '90', unit: '%' },
                                during: 'Business',
                            }),
                        ],
                    }),
                ],
                [source],
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
        );
        expect(report.services[0].objectives[0].windows[0]).toMatchObject({
            value: '100',
            verdict: 'met',
            counts: { counted: 1 },
        });
    });
});
