import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { decimalBeside } from '../src/display.js';
import { Rational } from '../src/rational.js';
import { DataError } from '../src/data-error.js';
import { at, column, contract, dataSource, metric, objective, remedy, service, tempFile } from './helpers.js';

describe('values beside a threshold', () => {
    it('shows more decimals when six would land on the threshold', () => {
        // 99.8999999 rounds to 99.9 at six decimals; against 99.9 it must read 99.8999999.
        expect(decimalBeside(Rational.parse('99.8999999'), Rational.parse('99.9'), 6)).toBe('99.8999999');
        // 1 − 2 592 001 / 2 592 000 000 = 99.89999996141…% (an April with one ms over budget): 8 decimals differ.
        expect(
            decimalBeside(Rational.HUNDRED.sub(Rational.of(2_592_001 * 100, 2_592_000_000)), Rational.parse('99.9'), 6),
        ).toBe('99.89999996');
        expect(decimalBeside(Rational.parse('99.9'), Rational.parse('99.9'), 6)).toBe('99.9');
        expect(decimalBeside(Rational.parse('99.95'), Rational.parse('99.9'), 6)).toBe('99.95');
    });

    it('reports a breached request availability just under the target with the digits that show it', async () => {
        // 998 999 999 of 1 000 000 000 = 99.8999999 % < 99.9 % → breached, shown as 99.8999999 (not 99.9).
        const source = dataSource(
            tempFile('r.csv', 'ts,ok,total\n2025-03-01T00:00:00Z,998999999,1000000000\n'),
            [column('ts', 'time'), column('ok', 'number'), column('total', 'number')],
            { name: 'req' },
        );
        const served = metric(
            'R',
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
                        metrics: [served],
                        objectives: [
                            objective({ metric: 'R', comparator: '>=', threshold: { value: '99.9', unit: '%' } }),
                        ],
                    }),
                ],
                [source],
                { timeZone: 'UTC' },
            ),
        );
        expect(report.services[0].objectives[0].windows[0]).toMatchObject({ verdict: 'breached', value: '99.8999999' });
    });
});

describe('remedy amounts', () => {
    /** Hourly samples over March 2025 (UTC), the first `down` hours down. */
    function march(down: number): string {
        const lines = ['timestamp,up'];
        for (let h = 0; h < 744; h++)
            lines.push(`${new Date(Date.UTC(2025, 2, 1) + h * 3_600_000).toISOString()},${h < down ? 0 : 1}`);
        return lines.join('\n') + '\n';
    }

    async function owed(remedies: ReturnType<typeof remedy>[]) {
        const source = dataSource(tempFile('p.csv', march(2)), [column('timestamp', 'time'), column('up', 'boolean')], {
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
        const report = await evaluate(
            contract(
                [
                    service({
                        fee: { amount: '100', currency: 'EUR', per: 'month' },
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
        return report.services[0].objectives[0].windows[0].remedies;
    }

    it('is not "capped" when only rounding to cents lowered it', async () => {
        // 2 of 744 h down → breached; tier 33.333 % of 100 EUR = 33.333 → 33.33 EUR; there is no cap.
        const [credit] = await owed([
            remedy({
                objective: 'Uptime',
                tiers: [
                    {
                        direction: 'below',
                        threshold: { value: '99.9', unit: '%' },
                        amount: { kind: 'fee-share', percent: '33.333' },
                        location: at,
                    },
                ],
            }),
        ]);
        expect(credit).toMatchObject({ amount: '33.33', uncapped: '33.33', capped: false });
    });

    it('writes a downtime rate as the contract does', async () => {
        // 2 h down × 10 % of 100 EUR per hour = 20.00 EUR.
        const [penalty] = await owed([
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
            }),
        ]);
        expect(penalty).toMatchObject({ amount: '20.00', basis: '2 × 10 % of fee per 1 h of downtime' });
    });
});

describe('excluded time of aggregates', () => {
    it('adds the time of rows excluded by a cause, once for rows also in an excluded period', async () => {
        // Hourly latency rows on 1 March 2025 (UTC). Period exclusion 00:00–02:00 = 2 h. Rows tagged "customer" at
        // 01:00 (inside the period: counted there only), 05:00 and 06:00 (2 h more). Excluded: 4 rows, 4 h = 14 400 000 ms.
        const lines = ['timestamp,lat,cause'];
        for (let h = 0; h < 24; h++)
            lines.push(
                `${new Date(Date.UTC(2025, 2, 1, h)).toISOString()},10,${[1, 5, 6].includes(h) ? 'customer' : ''}`,
            );
        const source = dataSource(
            tempFile('l.csv', lines.join('\n') + '\n'),
            [column('timestamp', 'time'), column('lat', 'number'), column('cause', 'text')],
            { sampleIntervalMs: 3_600_000 },
        );
        const latency = metric(
            'L',
            { kind: 'aggregate', function: 'max', column: { source: 'probes', column: 'lat' } },
            'ms',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [latency],
                        objectives: [
                            objective({
                                metric: 'L',
                                comparator: '<=',
                                threshold: { value: '100', unit: 'ms' },
                                window: { kind: 'calendar', unit: 'day' },
                            }),
                        ],
                        exclusions: [
                            { kind: 'period', from: '2025-03-01T00:00', to: '2025-03-01T02:00', location: at },
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
                { timeZone: 'UTC' },
            ),
        );
        const [day] = report.services[0].objectives[0].windows;
        expect(day.counts).toMatchObject({ rows: 24, counted: 20, excluded: 4 });
        expect(day.excludedMs).toBe(4 * 3_600_000);
    });
});

describe('dates that do not exist', () => {
    it('says that 30 February does not exist', async () => {
        const source = dataSource(
            tempFile('p.csv', 'timestamp,up\n2025-02-30T00:01:00Z,1\n'),
            [column('timestamp', 'time'), column('up', 'boolean')],
            { sampleIntervalMs: 60_000 },
        );
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
        const error = await evaluate(
            contract(
                [
                    service({
                        metrics: [availability],
                        objectives: [
                            objective({
                                metric: 'Availability',
                                comparator: '>=',
                                threshold: { value: '99', unit: '%' },
                            }),
                        ],
                    }),
                ],
                [source],
            ),
        ).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(DataError);
        expect((error as DataError).message).toContain('2025-02-30 does not exist: 2025-02 has 28 days');
        expect((error as DataError).message).toContain('--skip-bad-rows');
    });
});
