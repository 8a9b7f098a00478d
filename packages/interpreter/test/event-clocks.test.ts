/**
 * Clocks of events: pauses from a status-change log on business hours, limits in business days, and
 * cut-offs after a window. Calendar Mon–Fri 08:00–20:00, Europe/Berlin; figures worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Calendar, Contract, CutOff, DataSource, MetricDefinition, Objective } from '../src/model.js';
import { column, contract, dataSource, metric, objective, service, tempFile } from './helpers.js';

const HOUR = 3_600_000;
const business = (holidays: string[] = []): Calendar => ({
    name: 'Business',
    always: false,
    hours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '20:00' }],
    holidays,
});

function tickets(
    csv: string,
    definition: Partial<Extract<MetricDefinition, { kind: 'elapsed' }>>,
    target: Partial<Objective>,
    extra: { sources?: DataSource[]; calendar?: Calendar } = {},
): Contract {
    const source = dataSource(
        tempFile('t.csv', csv),
        [column('id', 'text'), column('opened', 'time'), column('resolved', 'time')],
        { name: 'tk' },
    );
    const resolution = metric(
        'Res',
        {
            kind: 'elapsed',
            start: { source: 'tk', column: 'opened' },
            end: { source: 'tk', column: 'resolved' },
            calendar: 'Business',
            ...definition,
        },
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
                        threshold: { value: String(4 * HOUR), unit: 'ms' },
                        ...target,
                    }),
                ],
            }),
        ],
        [source, ...(extra.sources ?? [])],
        { calendars: [extra.calendar ?? business()] },
    );
}

const statusLog = (csv: string) =>
    dataSource(
        tempFile('s.csv', csv),
        [column('ticket', 'text'), column('changed_at', 'time'), column('to_status', 'text')],
        {
            name: 'status',
        },
    );
const pausedWhile = {
    source: 'status',
    key: { source: 'status', column: 'ticket' },
    eventKey: { source: 'tk', column: 'id' },
    status: { source: 'status', column: 'to_status' },
    statuses: ['waiting-for-customer'],
};

describe('a status-change log', () => {
    // T1: opened Thu 13 March 16:00, waiting for the customer Thu 18:00 → Fri 09:00, resolved Fri 12:00.
    // Business time: Thu 16–20 (4 h) + Fri 08–12 (4 h) = 8 h; paused within it: Thu 18–20 (2 h) + Fri 08–09 (1 h)
    // = 3 h → 5 h, past 4 h. Fifteen hours of wall-clock waiting taken off the 8 h would give 0 (met).
    const log =
        'ticket,changed_at,to_status\nT1,2025-03-13T18:00:00+01:00,waiting-for-customer\nT1,2025-03-14T09:00:00+01:00,in-progress\n';

    it('stops the clock while the status holds, on business hours only', async () => {
        const csv = 'id,opened,resolved\nT1,2025-03-13T16:00:00+01:00,2025-03-14T12:00:00+01:00\n';
        const report = await evaluate(tickets(csv, { pausedWhile }, {}, { sources: [statusLog(log)] }), {
            asOf: '2026-01-01',
        });
        const [march] = report.services[0].objectives[0].windows;
        expect(march).toMatchObject({ value: String(5 * HOUR), verdict: 'breached' });
        expect(report.dataSources.find((s) => s.name === 'status')?.rowsRead).toBe(2);
    });

    it('stops it across a holiday the same way', async () => {
        // Friday 14 March a holiday, waiting Thu 18:00 → Mon 17 March 09:00, resolved Mon 12:00:
        // business time Thu 4 h + Mon 4 h = 8 h, paused Thu 2 h + Mon 1 h = 3 h → 5 h.
        const csv = 'id,opened,resolved\nT1,2025-03-13T16:00:00+01:00,2025-03-17T12:00:00+01:00\n';
        const holidayLog = log.replace('2025-03-14T09:00:00+01:00', '2025-03-17T09:00:00+01:00');
        const report = await evaluate(
            tickets(csv, { pausedWhile }, {}, { sources: [statusLog(holidayLog)], calendar: business(['2025-03-14']) }),
            { asOf: '2026-01-01' },
        );
        expect(report.services[0].objectives[0].windows[0].value).toBe(String(5 * HOUR));
    });

    it('leaves the clock running for an event the log does not name', async () => {
        // T2: Mon 10 March 09:00 → 12:00, nothing in the log: 3 h.
        const csv = 'id,opened,resolved\nT2,2025-03-10T09:00:00+01:00,2025-03-10T12:00:00+01:00\n';
        const report = await evaluate(tickets(csv, { pausedWhile }, {}, { sources: [statusLog(log)] }), {
            asOf: '2026-01-01',
        });
        expect(report.services[0].objectives[0].windows[0]).toMatchObject({ value: String(3 * HOUR), verdict: 'met' });
    });
});

describe('a limit in business days', () => {
    // A: Mon 10 March 10:00 → Wed 12 March 19:00: done by Wednesday's close, the 2nd business day after Monday → 2.
    // B: Fri 14 March 21:00 (after hours) → Mon 17 March 10:00: not by Friday's close; Saturday and Sunday are no
    // business days; by Monday's close → 1.
    const csv =
        'id,opened,resolved\nA,2025-03-10T10:00:00+01:00,2025-03-12T19:00:00+01:00\nB,2025-03-14T21:00:00+01:00,2025-03-17T10:00:00+01:00\n';
    const within = (days: string, extra: Partial<Objective> = {}) =>
        tickets(csv, {}, { threshold: { value: days, unit: 'business-day' }, ...extra });

    it('counts the business days an event took: the worst is 2', async () => {
        const [march] = (await evaluate(within('2'), { asOf: '2026-01-01' })).services[0].objectives[0].windows;
        expect(march).toMatchObject({ value: '2', verdict: 'met' });
    });

    it('judges "within 1 business day": 1 of 2, 50 %', async () => {
        const report = await evaluate(within('1', { share: { value: '50', unit: '%' } }), { asOf: '2026-01-01' });
        expect(report.services[0].objectives[0].windows[0]).toMatchObject({ value: '50', verdict: 'met' });
    });

    it('needs a calendar', async () => {
        const noCalendar = tickets(csv, { calendar: undefined }, { threshold: { value: '1', unit: 'business-day' } });
        const [window] = (await evaluate(noCalendar, { asOf: '2026-01-01' })).services[0].objectives[0].windows;
        expect(window.reason).toContain('a limit in business days needs a calendar');
    });
});

describe('a cut-off after each window', () => {
    // Week 2025-W11 (Mon 10 – Sun 16 March), judged the next business day at 10:00: Mon 17 March 10:00.
    // Limit 24 h on the wall clock. A: Sun 16 12:00 → Mon 17 09:00 (21 h, before the cut-off) → within.
    // B: Sun 16 20:00 → Mon 17 11:00: after the cut-off, so open then, 14 h so far → pending, left out.
    // C: Fri 14 08:00 → Mon 17 12:00: open at the cut-off with 74 h → missed. 1 of 2 = 50 %.
    const csv = [
        'id,opened,resolved',
        'A,2025-03-16T12:00:00+01:00,2025-03-17T09:00:00+01:00',
        'B,2025-03-16T20:00:00+01:00,2025-03-17T11:00:00+01:00',
        'C,2025-03-14T08:00:00+01:00,2025-03-17T12:00:00+01:00',
    ].join('\n');
    const cutOff: CutOff = { days: 1, business: true, at: '10:00', calendar: 'Business' };
    const weekly = (extra: Partial<Objective>) =>
        tickets(
            csv,
            { calendar: undefined },
            {
                threshold: { value: String(24 * HOUR), unit: 'ms' },
                share: { value: '90', unit: '%' },
                window: { kind: 'calendar', unit: 'week' },
                ...extra,
            },
        );
    const week11 = async (c: Contract, asOf: string) =>
        (await evaluate(c, { asOf })).services[0].objectives[0].windows[0];

    it('judges the window with what was known at the cut-off', async () => {
        const week = await week11(weekly({ cutOff }), '2026-01-01');
        expect(week).toMatchObject({ label: '2025-W11', value: '50', counts: { counted: 2, missing: 1 } });
    });

    it('differs from judging with every end in the data', async () => {
        // A and B within, C missed: 2 of 3 = 66.666667 %.
        const week = await week11(weekly({}), '2026-01-01');
        expect(week.value).toBe('66.666667');
    });

    it('is in progress until its cut-off has passed', async () => {
        const week = await week11(weekly({ cutOff }), '2025-03-17T08:00:00+01:00');
        expect(week.verdict).toBe('in-progress');
        expect(week.reason).toContain('until its cut-off at 2025-03-17T10:00:00+01:00');
    });
});
