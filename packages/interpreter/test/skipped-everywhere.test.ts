import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Contract } from '../src/model.js';
import { column, contract, dataSource, metric, objective, service, tempFile } from './helpers.js';

/** Tickets read by two objectives: resolution time (which checks end ≥ start) and a count of tickets. */
function ticketsWithCount(csv: string, term?: Contract['term']): Contract {
    const source = dataSource(tempFile('t.csv', csv), [column('opened', 'time'), column('resolved', 'time')], {
        name: 'tk',
    });
    const resolution = metric(
        'Res',
        { kind: 'elapsed', start: { source: 'tk', column: 'opened' }, end: { source: 'tk', column: 'resolved' } },
        'ms',
    );
    const tickets = metric('Tickets', { kind: 'count', source: 'tk' }, 'count');
    return contract(
        [
            service({
                metrics: [resolution, tickets],
                objectives: [
                    objective({
                        name: 'Fast',
                        metric: 'Res',
                        comparator: '<=',
                        threshold: { value: '7200000', unit: 'ms' },
                    }),
                    objective({
                        name: 'Few',
                        metric: 'Tickets',
                        comparator: '<=',
                        threshold: { value: '10', unit: 'count' },
                    }),
                ],
            }),
        ],
        [source],
        { timeZone: 'UTC', term },
    );
}

describe('a row that one metric cannot accept', () => {
    // Line 3 ends before it starts: the elapsed metric rejects it, so the count must not see it either.
    const csv = [
        'opened,resolved',
        '2025-03-01T10:00:00Z,2025-03-01T11:00:00Z',
        '2025-03-02T10:00:00Z,2025-03-02T09:00:00Z',
        '2025-03-03T10:00:00Z,2025-03-03T10:30:00Z',
    ].join('\n');

    it('is skipped for every objective on the source, and listed once', async () => {
        const report = await evaluate(ticketsWithCount(csv), { skipBadRows: true });
        const [fast, few] = report.services[0].objectives;
        // Two tickets remain: 60 and 30 minutes; the count is 2, not 3.
        expect(fast.windows[0].counts.counted).toBe(2);
        expect(few.windows[0].value).toBe('2');
        expect(report.dataSources[0].rowsSkipped).toBe(1);
        expect(report.dataSources[0].skipped.map((s) => s.line)).toEqual([3]);
    });

    it('fails the evaluation without --skip-bad-rows, at its line', async () => {
        await expect(evaluate(ticketsWithCount(csv))).rejects.toMatchObject({ line: 3 });
    });
});

describe('rows outside the evaluated range', () => {
    // The term is March 2025 (inclusive dates); rows on 28 February and 1 April lie outside it.
    const csv = [
        'opened,resolved',
        '2025-02-28T10:00:00Z,2025-02-28T11:00:00Z',
        '2025-03-10T10:00:00Z,2025-03-10T11:00:00Z',
        '2025-04-01T00:00:00Z,2025-04-01T00:10:00Z',
    ].join('\n');
    const term = { start: '2025-03-01', end: '2025-03-31' };

    it('are counted and named in the data source notes, not dropped silently', async () => {
        const report = await evaluate(ticketsWithCount(csv, term));
        const source = report.dataSources[0];
        expect(source.rowsRead).toBe(3);
        expect(source.rowsOutsideRange).toBe(2);
        expect(source.notes).toContain(
            '2 rows lie outside the evaluated range (2025-03-01T00:00:00Z to 2025-04-01T00:00:00Z, set by the term) and were not evaluated',
        );
        expect(report.services[0].objectives[1].windows[0].value).toBe('1');
    });

    it('are counted also when --from/--to set the range', async () => {
        const report = await evaluate(ticketsWithCount(csv), { from: '2025-03-01', to: '2025-04-01' });
        expect(report.dataSources[0].rowsOutsideRange).toBe(2);
        expect(report.dataSources[0].notes?.[0]).toContain('set by the term and --from/--to');
    });

    it('leave no count when every row is inside', async () => {
        const report = await evaluate(ticketsWithCount(csv));
        expect(report.dataSources[0].rowsOutsideRange).toBeUndefined();
        expect(report.dataSources[0].notes).toBeUndefined();
    });
});
