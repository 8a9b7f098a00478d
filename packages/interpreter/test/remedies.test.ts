import { describe, expect, it } from 'vitest';
import { feeFor } from '../src/remedies.js';
import { evaluate } from '../src/evaluate.js';
import { daysFromCivil } from '../src/time.js';
import { Rational } from '../src/rational.js';
import { at, column, contract, dataSource, metric, objective, remedy, service, tempFile } from './helpers.js';

const day = (y: number, m: number, d: number) => daysFromCivil(y, m, d);
const monthly = { amount: '1240.00', currency: 'EUR', per: 'month' as const };

describe('fee for a window', () => {
    it('scales by months for month, quarter and year windows', () => {
        // Quarter = 3 months: 3 × 1240 = 3720; a month of a 12 000 per year fee = 1000.
        expect(feeFor(monthly, day(2025, 1, 1), day(2025, 4, 1), 'quarter')).toEqual(Rational.of(3720));
        expect(
            feeFor({ amount: '12000', currency: 'EUR', per: 'year' }, day(2025, 2, 1), day(2025, 3, 1), 'month'),
        ).toEqual(Rational.of(1000));
    });

    it('prorates day and week windows by the days of each month', () => {
        // ISO week 2025-W14: Mon 31 March (1240/31 = 40) + 1–6 April (6 × 1240/30 = 248) = 288.
        expect(feeFor(monthly, day(2025, 3, 31), day(2025, 4, 7), 'week')).toEqual(Rational.of(288));
        // A weekly fee of 70 over March: 31 days × 10 = 310.
        expect(
            feeFor({ amount: '70', currency: 'EUR', per: 'week' }, day(2025, 3, 1), day(2025, 4, 1), 'month'),
        ).toEqual(Rational.of(310));
    });
});

describe('caps and rewards', () => {
    /** Hourly samples (interval 1 h) for Jan–Apr 2025 in UTC; `downIn(month)` samples down at the start of that month. */
    function hourlyCsv(downIn: (month: number) => number): string {
        const lines = ['timestamp,up'];
        for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2025, 4, 1); t += 3_600_000) {
            const date = new Date(t);
            const down = date.getUTCDate() === 1 && date.getUTCHours() < downIn(date.getUTCMonth() + 1);
            lines.push(`${date.toISOString()},${down ? 0 : 1}`);
        }
        return lines.join('\n') + '\n';
    }

    async function evaluateWith(csv: string, remedies: ReturnType<typeof remedy>[]) {
        const source = dataSource(tempFile('hourly.csv', csv), [column('timestamp', 'time'), column('up', 'boolean')], {
            sampleIntervalMs: 3_600_000,
        });
        const availability = metric(
            'Availability',
            {
                kind: 'probe-availability',
                form: 'sample',
                samples: { source: 'probes', column: 'up' },
                missing: 'unknown',
            },
            '%',
        );
        return evaluate(
            contract(
                [
                    service({
                        fee: monthly,
                        metrics: [availability],
                        remedies,
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
                { timeZone: 'UTC' },
            ),
        );
    }

    it('caps across windows per quarter in date order', async () => {
        // One hour down each month (e.g. January 743/744 = 99.865 %) → tier below 99.9: 50 % of 1240.00 = 620.00.
        // Cap 1000 EUR per quarter: January 620.00, February 380.00 (capped), March 0.00 (capped); April starts Q2: 620.00.
        const report = await evaluateWith(
            hourlyCsv(() => 1),
            [
                remedy({
                    objective: 'Uptime',
                    tiers: [
                        {
                            direction: 'below',
                            threshold: { value: '99.9', unit: '%' },
                            amount: { kind: 'fee-share', percent: '50' },
                            location: at,
                        },
                    ],
                    caps: [{ amount: { kind: 'fixed', value: '1000', currency: 'EUR' }, per: 'quarter' }],
                }),
            ],
        );
        const windows = report.services[0].objectives[0].windows;
        expect(windows.map((w) => [w.label, w.remedies[0].amount, w.remedies[0].capped])).toEqual([
            ['2025-01', '620.00', false],
            ['2025-02', '380.00', true],
            ['2025-03', '0.00', true],
            ['2025-04', '620.00', false],
        ]);
        expect(report.summary.credits).toEqual([{ amount: '1620.00', currency: 'EUR' }]);
    });

    it('pays a reward tier above the threshold, kept apart from credits', async () => {
        // No downtime: 100 % > 99.99 % → reward 5 % of 1240.00 = 62.00 in each of the four months = 248.00.
        const report = await evaluateWith(
            hourlyCsv(() => 0),
            [
                remedy({
                    objective: 'Uptime',
                    kind: 'reward',
                    tiers: [
                        {
                            direction: 'above',
                            threshold: { value: '99.99', unit: '%' },
                            amount: { kind: 'fee-share', percent: '5' },
                            location: at,
                        },
                    ],
                }),
            ],
        );
        const windows = report.services[0].objectives[0].windows;
        expect(windows.map((w) => w.remedies.map((r) => [r.kind, r.amount]))).toEqual(
            Array(4).fill([['reward', '62.00']]),
        );
        expect(report.summary).toMatchObject({ credits: [], rewards: [{ amount: '248.00', currency: 'EUR' }] });
    });
});
