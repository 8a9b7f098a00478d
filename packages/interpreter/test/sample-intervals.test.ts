import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Objective } from '../src/model.js';
import { column, contract, dataSource, maintenance, metric, objective, service, tempFile } from './helpers.js';

const FIVE_MINUTES = 300_000;

/** Samples every 5 min at hh:m3 and hh:m8 (offset 3 min) in UTC over [first, end); `downAt` lists the down ones. */
function samples(first: string, end: string, downAt: readonly string[]): string {
    const down = new Set(downAt.map((d) => Date.parse(d)));
    const lines = ['timestamp,up'];
    for (let t = Date.parse(first) + 180_000; t < Date.parse(end); t += FIVE_MINUTES)
        lines.push(`${new Date(t).toISOString()},${down.has(t) ? 0 : 1}`);
    return lines.join('\n') + '\n';
}

async function daily(csv: string) {
    const source = dataSource(tempFile('p.csv', csv), [column('timestamp', 'time'), column('up', 'boolean')], {
        sampleIntervalMs: FIVE_MINUTES,
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
    const perDay: Objective = objective({
        metric: 'Availability',
        comparator: '>=',
        threshold: { value: '99.9', unit: '%' },
        window: { kind: 'calendar', unit: 'day' },
    });
    const report = await evaluate(
        contract(
            [
                service({
                    metrics: [availability],
                    objectives: [perDay],
                    exclusions: [maintenance([7], '02:00', '04:00')],
                }),
            ],
            [source],
            { timeZone: 'UTC' },
        ),
    );
    return report.services[0].objectives[0].windows;
}

describe('a down probe sample covers [t, t + interval), split where it belongs', () => {
    it('charges only the part before a maintenance window', async () => {
        // Sunday 2025-03-16, maintenance 02:00–04:00. The sample at 01:58 is down for [01:58, 02:03): 2 min before
        // maintenance are downtime, 3 min inside it are not. Day: 1440 min → 1 − 2/1440 = 99.861111…%.
        const windows = await daily(samples('2025-03-16T00:00:00Z', '2025-03-17T00:00:00Z', ['2025-03-16T01:58:00Z']));
        expect(windows[0]).toMatchObject({
            label: '2025-03-16',
            verdict: 'breached',
            downtimeMs: 120_000,
            value: '99.861111',
        });
    });

    it('charges the part after a maintenance window of a sample that starts inside it', async () => {
        // The sample at 03:58 on Sunday 16 March is inside maintenance (not counted), but down for [03:58, 04:03):
        // the 3 min after 04:00 are downtime. Day: 1 − 3/1440 = 99.791666…%.
        const windows = await daily(samples('2025-03-16T00:00:00Z', '2025-03-17T00:00:00Z', ['2025-03-16T03:58:00Z']));
        expect(windows[0]).toMatchObject({ verdict: 'breached', downtimeMs: 180_000, value: '99.791667' });
        // 24 samples 02:03 … 03:58 are inside maintenance.
        expect(windows[0].counts).toMatchObject({ down: 0, excluded: 24 });
    });

    it('charges the part past the window end to the next window', async () => {
        // Monday 2025-03-17 23:58 down for [23:58, 00:03): 2 min on the 17th, 3 min on the 18th.
        // 17th: 1 − 2/1440 = 99.861111…%; 18th: no down sample of its own, 1 − 3/1440 = 99.791666…% (breached).
        const windows = await daily(samples('2025-03-17T00:00:00Z', '2025-03-19T00:00:00Z', ['2025-03-17T23:58:00Z']));
        expect(windows.map((w) => [w.label, w.downtimeMs, w.value])).toEqual([
            ['2025-03-17', 120_000, '99.861111'],
            ['2025-03-18', 180_000, '99.791667'],
        ]);
        expect(windows[1].counts.down).toBe(0);
        expect(windows[1].reason).toContain('180 s of downtime from a down sample of the window before');
    });

    it('counts overlapping down samples once', async () => {
        // Two down samples 2 min apart (10:03 and an extra row at 10:05): [10:03, 10:08) ∪ [10:05, 10:10) = 7 min, not 10.
        const csv =
            samples('2025-03-18T00:00:00Z', '2025-03-19T00:00:00Z', ['2025-03-18T10:03:00Z']) +
            '2025-03-18T10:05:00Z,0\n';
        const windows = await daily(csv);
        expect(windows[0].downtimeMs).toBe(7 * 60_000);
    });
});
