/**
 * Time slices and indicators. Every figure is counted by hand from the data the test writes:
 * day windows in UTC, so a day is 1 440 one-minute slices or 288 five-minute slices.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Column, Contract, MetricDefinition, WindowReport } from '../src/model.js';
import { column, contract, dataSource, metric, objective, service, tempFile } from './helpers.js';
import { and, any, col, div, eq, gt, not, num, sub, sum, text } from './expression-builders.js';

const DAY = Date.UTC(2025, 2, 1);
const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();

function agreement(csv: string, columns: Column[], definition: MetricDefinition, threshold = '99'): Contract {
    const source = dataSource(tempFile('m.csv', csv), columns, { name: 'm' });
    return contract(
        [
            service({
                metrics: [metric('Uptime', definition, '%')],
                objectives: [
                    objective({
                        metric: 'Uptime',
                        comparator: '>=',
                        threshold: { value: threshold, unit: '%' },
                        window: { kind: 'calendar', unit: 'day' },
                    }),
                ],
            }),
        ],
        [source],
        { timeZone: 'UTC' },
    );
}

async function windows(c: Contract): Promise<WindowReport[]> {
    return (await evaluate(c, { asOf: '2026-01-01' })).services[0].objectives[0].windows;
}

/** Per-minute request counts of 1 March: `minute(i)` gives [requests, errors] or undefined for no row. */
function minutes(minute: (i: number) => [number, number] | undefined, days = 1): string {
    const rows = ['minute,requests,errors'];
    for (let i = 0; i < days * 1440; i++) {
        const counts = minute(i);
        if (counts) rows.push(`${iso(DAY + i * MINUTE)},${counts[0]},${counts[1]}`);
    }
    return rows.join('\n') + '\n';
}

const COUNTS = [column('minute', 'time'), column('requests', 'number'), column('errors', 'number')];
const errorRate = div(sum(col('m', 'errors')), sum(col('m', 'requests')));

function badMinutes(minRun = 1, empty: 'good' | 'bad' | 'excluded' = 'good'): MetricDefinition {
    return {
        kind: 'slices',
        source: 'm',
        sliceMs: MINUTE,
        measure: 'good-share',
        bad: gt(errorRate, num('0.05')),
        minRun,
        empty,
    };
}

describe('good and bad slices', () => {
    // 10 minutes at 6 of 100 (bad), 5 at exactly 5 of 100 (not above 5 %, good), 20 with 0 requests
    // (0/0: unknown, an empty slice), the rest 0 of 100.
    const csv = minutes((i) => (i < 10 ? [100, 6] : i < 15 ? [100, 5] : i < 35 ? [0, 0] : [100, 0]));

    it('counts a slice bad when its error rate is above the threshold, exactly at 5 %', async () => {
        // Empty slices count as good: 1 430 good of 1 440 = 99.305555…%.
        const [day] = await windows(agreement(csv, COUNTS, badMinutes()));
        expect(day).toMatchObject({
            value: '99.305556',
            verdict: 'met',
            downtimeMs: 10 * MINUTE,
            counts: { counted: 1440, up: 1430, down: 10, missing: 20 },
        });
        expect(day.reason).toContain('20 slices without data counted as good');
    });

    it('says how empty slices count: bad, or left out', async () => {
        // As bad: 1 410 good of 1 440 = 97.916667 %. Left out: 1 410 of 1 420 = 99.295775 %.
        const [asBad] = await windows(agreement(csv, COUNTS, badMinutes(1, 'bad')));
        expect(asBad).toMatchObject({ value: '97.916667', counts: { up: 1410, down: 30 } });
        const [leftOut] = await windows(agreement(csv, COUNTS, badMinutes(1, 'excluded')));
        expect(leftOut).toMatchObject({ value: '99.295775', counts: { counted: 1420 }, coverage: '98.611' });
    });

    it('differs from request weighting on the same data, as contracts say', async () => {
        // Σ over the day: 1 000 + 500 + 140 500 = 142 000 requests, 60 + 25 = 85 errors.
        const [weighted] = await windows(
            agreement(
                csv.replace('minute,requests,errors', 'minute,total,bad'),
                [column('minute', 'time'), column('total', 'number'), column('bad', 'number')],
                {
                    kind: 'request-availability',
                    good: { source: 'm', column: 'bad' },
                    total: { source: 'm', column: 'total' },
                },
            ),
        );
        // Good here is the error column, so the value is 85 / 142 000 = 0.059859 %, and request-weighted
        // availability 1 − 85/142 000 = 99.940141 %, against 99.305556 % counted by slices.
        expect(weighted.value).toBe('0.059859');
    });
});

describe('runs of bad slices', () => {
    it('counts bad slices only in runs of at least N: a run of N − 1 is forgiven', async () => {
        // Runs of 4 (00:00–00:03), 4 (01:00–01:03) and 5 (02:00–02:04) bad minutes; at least 5 → only the 5 count:
        // 1 435 of 1 440 = 99.652778 %.
        const bad = (i: number) => (i < 4 || (i >= 60 && i < 64) || (i >= 120 && i < 125) ? [100, 50] : [100, 0]);
        const [day] = await windows(agreement(minutes(bad as never), COUNTS, badMinutes(5)));
        expect(day).toMatchObject({ value: '99.652778', counts: { down: 5 } });
        expect(day.reason).toContain('8 bad slices in runs shorter than 5 count as good');
    });

    it('joins a run across the end of a window', async () => {
        // Three bad minutes at 23:57–23:59 on 1 March and three at 00:00–00:02 on 2 March: one run of 6 ≥ 5,
        // so each day has 3 bad minutes: 1 437 / 1 440 = 99.791667 %.
        const bad = (i: number) => (i >= 1437 && i < 1443 ? [100, 50] : [100, 0]);
        const days = await windows(agreement(minutes(bad as never, 2), COUNTS, badMinutes(5)));
        expect(days.map((d) => [d.label, d.value, d.counts.down])).toEqual([
            ['2025-03-01', '99.791667', 3],
            ['2025-03-02', '99.791667', 3],
        ]);
    });
});

describe('the mean of slice values', () => {
    // 5-minute rows on 1 March: 144 slices with 0 errors of 100, 2 slices with 50 errors of 50, 142 without rows.
    function fiveMinutes(): string {
        const rows = ['interval,total,errors'];
        for (let i = 0; i < 146; i++) {
            rows.push(`${iso(DAY + i * 5 * MINUTE)},${i < 2 ? 50 : 100},${i < 2 ? 50 : 0}`);
        }
        return rows.join('\n') + '\n';
    }
    const columns = [column('interval', 'time'), column('total', 'number'), column('errors', 'number')];
    const uptime = (empty: string): MetricDefinition => ({
        kind: 'slices',
        source: 'm',
        sliceMs: 5 * MINUTE,
        measure: 'mean',
        value: sub(num('1'), div(sum(col('m', 'errors')), sum(col('m', 'total')))),
        percent: true,
        empty,
    });

    it('averages every slice of the window alike, an empty slice counting as stated', async () => {
        // Empty slices at 100 %: (144 + 142) / 288 = 99.305556 %. Left out: 144 / 146 = 98.630137 %.
        // Weighted by requests it would be 1 − 100/14 500 = 99.310345 %: a different number.
        const [asFull] = await windows(agreement(fiveMinutes(), columns, uptime('1')));
        expect(asFull).toMatchObject({ value: '99.305556', counts: { counted: 288, missing: 142 } });
        const [leftOut] = await windows(agreement(fiveMinutes(), columns, uptime('excluded')));
        expect(leftOut).toMatchObject({ value: '98.630137', counts: { counted: 146 } });
    });

    it('compares the mean exactly at the threshold', async () => {
        // Threshold 286/288 % exactly is not a decimal; 99.305555… against 99.305556 is just below → breached,
        // and against 99.305555 just above → met.
        const [above] = await windows(agreement(fiveMinutes(), columns, uptime('1'), '99.305556'));
        expect(above.verdict).toBe('breached');
        const [below] = await windows(agreement(fiveMinutes(), columns, uptime('1'), '99.305555'));
        expect(below.verdict).toBe('met');
    });
});

describe('indicators', () => {
    // Power on two feeds, one row a minute on 1 March: feed A down 10:00–10:39, feed B down 10:30–10:59.
    function feeds(): string {
        const rows = ['minute,a_up,b_up'];
        for (let i = 0; i < 1440; i++) {
            const aDown = i >= 600 && i < 640;
            const bDown = i >= 630 && i < 660;
            rows.push(`${iso(DAY + i * MINUTE)},${aDown ? 0 : 1},${bDown ? 0 : 1}`);
        }
        return rows.join('\n') + '\n';
    }
    const powerOut: Column = column('power_out', 'boolean', {
        computed: and(not(col('m', 'a_up')), not(col('m', 'b_up'))),
    });
    const columns = [column('minute', 'time'), column('a_up', 'boolean'), column('b_up', 'boolean'), powerOut];

    it('combine columns of a row: a minute is out only when both feeds are down', async () => {
        // Both down 10:30–10:39: 10 bad minutes → 1 430 / 1 440 = 99.305556 %; feed A alone would give 40.
        const [day] = await windows(
            agreement(feeds(), columns, {
                kind: 'slices',
                source: 'm',
                sliceMs: MINUTE,
                measure: 'good-share',
                bad: any(col('m', 'power_out')),
                minRun: 1,
                empty: 'excluded',
            }),
        );
        expect(day).toMatchObject({ value: '99.305556', counts: { down: 10 } });
    });

    it('serve as the samples of probe availability', async () => {
        // up = not power_out: 1 430 up samples of 1 440 (sample form) = 99.305556 %.
        const up = column('up', 'boolean', { computed: not(col('m', 'power_out')) });
        const source = dataSource(tempFile('f.csv', feeds()), [...columns, up], {
            name: 'm',
            sampleIntervalMs: MINUTE,
        });
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [
                            metric(
                                'A',
                                {
                                    kind: 'probe-availability',
                                    form: 'sample',
                                    samples: { source: 'm', column: 'up' },
                                    missing: 'unknown',
                                },
                                '%',
                            ),
                        ],
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
            { asOf: '2026-01-01' },
        );
        expect(report.services[0].objectives[0].windows[0]).toMatchObject({
            value: '99.305556',
            counts: { up: 1430, down: 10 },
        });
    });

    it('compare text columns, and are unknown where a value is missing', async () => {
        // status "down" on 3 minutes; one row has no status (unknown → an empty slice, left out): 1 436 / 1 439.
        const rows = ['minute,status'];
        for (let i = 0; i < 1440; i++) rows.push(`${iso(DAY + i * MINUTE)},${i < 3 ? 'down' : i === 3 ? '' : 'ok'}`);
        const down = column('is_down', 'boolean', { computed: eq(col('m', 'status'), text('down')) });
        const [day] = await windows(
            agreement(rows.join('\n') + '\n', [column('minute', 'time'), column('status', 'text'), down], {
                kind: 'slices',
                source: 'm',
                sliceMs: MINUTE,
                measure: 'good-share',
                bad: any(col('m', 'is_down')),
                minRun: 1,
                empty: 'excluded',
            }),
        );
        expect(day).toMatchObject({ value: '99.791522', counts: { down: 3, missing: 1 } });
    });
});
