import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { EvaluationOptions } from '../src/evaluate.js';
import type { Contract } from '../src/model.js';
import { at, column, contract, dataSource, metric, objective, remedy, service, tempFile } from './helpers.js';

/** Hourly samples in UTC from `first` (inclusive) to `end` (exclusive); `isDown(t)` marks a sample down. */
function hourlyCsv(first: string, end: string, isDown: (t: number) => boolean = () => false): string {
    const lines = ['timestamp,up'];
    for (let t = Date.parse(first); t < Date.parse(end); t += 3_600_000)
        lines.push(`${new Date(t).toISOString()},${isDown(t) ? 0 : 1}`);
    return lines.join('\n') + '\n';
}

/** Contract-form availability ≥ 99.9 % per month, credit 100 % of a 3100 EUR monthly fee below 99.9 %. */
function agreement(csv: string, extra: Partial<Contract> = {}): Contract {
    const source = dataSource(tempFile('p.csv', csv), [column('timestamp', 'time'), column('up', 'boolean')], {
        sampleIntervalMs: 3_600_000,
    });
    const availability = metric(
        'Availability',
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
                fee: { amount: '3100', currency: 'EUR', per: 'month' },
                metrics: [availability],
                objectives: [
                    objective({ metric: 'Availability', comparator: '>=', threshold: { value: '99.9', unit: '%' } }),
                ],
                remedies: [
                    remedy({
                        objective: 'Uptime',
                        tiers: [
                            {
                                direction: 'below',
                                threshold: { value: '99.9', unit: '%' },
                                amount: { kind: 'fee-share', percent: '100' },
                                location: at,
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

async function windowsOf(c: Contract, options: EvaluationOptions = {}) {
    const report = await evaluate(c, options);
    return { report, objective: report.services[0].objectives[0], windows: report.services[0].objectives[0].windows };
}

describe('windows cut by the term', () => {
    it('measures the covered part of the first month and prorates its fee share by days', async () => {
        // Term 2025-01-15 to 2025-03-14; samples every hour over the term, one down on 20 January.
        // January covers 15–31 = 17 days = 408 h: availability = 1 − 1/408 = 99.754901…% < 99.9 % → breached;
        // budget 0.1 % of 408 h = 1 468 800 ms. Credit 100 % of the fee for 17 of January's 31 days:
        // 3100 / 31 × 17 = 1700.00 (not the whole month's 3100.00).
        const csv = hourlyCsv(
            '2025-01-15T00:00:00Z',
            '2025-03-15T00:00:00Z',
            (t) => t === Date.parse('2025-01-20T05:00:00Z'),
        );
        const {
            report,
            objective: uptime,
            windows,
        } = await windowsOf(agreement(csv, { term: { start: '2025-01-15', end: '2025-03-14' } }));
        expect(windows.map((w) => [w.label, w.start, w.end, w.verdict])).toEqual([
            ['2025-01', '2025-01-15T00:00:00Z', '2025-02-01T00:00:00Z', 'breached'],
            ['2025-02', '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z', 'met'],
            ['2025-03', '2025-03-01T00:00:00Z', '2025-03-15T00:00:00Z', 'met'],
        ]);
        expect(windows[0]).toMatchObject({ value: '99.754902', downtimeBudgetMs: 1_468_800, downtimeMs: 3_600_000 });
        expect(windows[0].remedies[0]).toMatchObject({ amount: '1700.00', capped: false });
        expect(uptime.notes.join(' ')).toContain('prorated to the 17 covered days 2025-01-15..2025-01-31');
        expect(report.range).toEqual({ start: '2025-01-15T00:00:00Z', end: '2025-03-15T00:00:00Z' });
    });
});

describe('windows cut by --from/--to', () => {
    it('leaves windows that are only partly inside the range undetermined, with no value or credit', async () => {
        // Data for all of January–March, one sample down in February (so a whole-February value would breach).
        // --from 2025-02-15 --to 2025-03-10 cuts February and March: both are not determined, nothing is owed,
        // and the report's range is what was evaluated: 15 February to 10 March.
        const csv = hourlyCsv(
            '2025-01-01T00:00:00Z',
            '2025-04-01T00:00:00Z',
            (t) => t === Date.parse('2025-02-20T05:00:00Z'),
        );
        const { report, windows } = await windowsOf(agreement(csv), { from: '2025-02-15', to: '2025-03-10' });
        expect(windows.map((w) => [w.label, w.start, w.end, w.verdict, w.value])).toEqual([
            ['2025-02', '2025-02-15T00:00:00Z', '2025-03-01T00:00:00Z', 'not-determined', undefined],
            ['2025-03', '2025-03-01T00:00:00Z', '2025-03-10T00:00:00Z', 'not-determined', undefined],
        ]);
        expect(windows[0].reason).toContain(
            'only partly inside the evaluated range (from 2025-02-15T00:00:00Z to 2025-03-10T00:00:00Z)',
        );
        expect(windows[0].remedies).toEqual([]);
        expect(report.summary).toMatchObject({ met: 0, breached: 0, notDetermined: 2, credits: [] });
        expect(report.range).toEqual({ start: '2025-02-15T00:00:00Z', end: '2025-03-10T00:00:00Z' });
    });

    it('judges whole windows inside the range normally', async () => {
        // --from 2025-02-01 --to 2025-03-01 is exactly February: 672 h, one down → 1 − 1/672 = 99.851190…% → breached, 3100.00.
        const csv = hourlyCsv(
            '2025-01-01T00:00:00Z',
            '2025-04-01T00:00:00Z',
            (t) => t === Date.parse('2025-02-20T05:00:00Z'),
        );
        const { windows } = await windowsOf(agreement(csv), { from: '2025-02-01', to: '2025-03-01' });
        expect(windows.map((w) => [w.label, w.verdict, w.value])).toEqual([['2025-02', 'breached', '99.85119']]);
        expect(windows[0].remedies[0].amount).toBe('3100.00');
    });

    it('counts a window cut by the term but wholly inside the requested range as whole', async () => {
        // Term starts 2025-01-15; --from 2025-01-10 reaches before it: January's covered part (15–31) is inside the range.
        const csv = hourlyCsv('2025-01-15T00:00:00Z', '2025-02-01T00:00:00Z');
        const { windows } = await windowsOf(agreement(csv, { term: { start: '2025-01-15', end: '2025-12-31' } }), {
            from: '2025-01-10',
            to: '2025-02-01',
        });
        expect(windows.map((w) => [w.label, w.verdict, w.value])).toEqual([['2025-01', 'met', '100']]);
    });
});
