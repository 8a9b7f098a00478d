/** Hour windows and month windows that start on a given day, in Europe/Berlin. */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { SpanLocator, Zone, anchoredMonth, clockHour, parseDay } from '../src/time.js';
import type { Window } from '../src/model.js';
import { column, contract, dataSource, metric, objective, probeCsv, service, tempFile } from './helpers.js';

const berlin = new Zone('Europe/Berlin');

function hoursOfDay(day: string): string[] {
    const locator = new SpanLocator(berlin, 'hour');
    const start = berlin.startOfDay(parseDay(day)!);
    const end = berlin.startOfDay(parseDay(day)! + 1);
    const labels: string[] = [];
    for (let span = locator.at(start); span.start < end; span = locator.next(span)) labels.push(span.label);
    return labels;
}

describe('hour windows', () => {
    it('are the clock hours of the zone: 23 on the night clocks go forward, 25 when they go back', () => {
        const spring = hoursOfDay('2025-03-30');
        expect(spring).toHaveLength(23);
        expect(spring.slice(0, 3)).toEqual(['2025-03-30T00h', '2025-03-30T01h', '2025-03-30T03h']);
        const autumn = hoursOfDay('2025-10-26');
        expect(autumn).toHaveLength(25);
        // The repeated hour is two windows, told apart by their offsets.
        expect(autumn.slice(1, 5)).toEqual([
            '2025-10-26T01h',
            '2025-10-26T02h+02:00',
            '2025-10-26T02h+01:00',
            '2025-10-26T03h',
        ]);
    });

    it('hold an hour of samples each', async () => {
        // One probe a minute from 1 March 00:00 Berlin (28 Feb 23:00Z) for a day: 24 hour windows of 60 samples.
        const path = tempFile(
            'p.csv',
            probeCsv(Date.UTC(2025, 1, 28, 23), 1440, (i) => i === 90),
        );
        const source = dataSource(path, [column('timestamp', 'time'), column('up', 'boolean')], {
            sampleIntervalMs: 60_000,
        });
        const window: Window = { kind: 'calendar', unit: 'hour' };
        const availability = metric(
            'A',
            {
                kind: 'probe-availability',
                form: 'sample',
                samples: { source: 'probes', column: 'up' },
                missing: 'unknown',
            },
            '%',
        );
        const report = await evaluate(
            contract(
                [
                    service({
                        metrics: [availability],
                        objectives: [
                            objective({ metric: 'A', comparator: '>=', threshold: { value: '99', unit: '%' }, window }),
                        ],
                    }),
                ],
                [source],
            ),
            { asOf: '2026-01-01' },
        );
        const windows = report.services[0].objectives[0].windows;
        expect(windows).toHaveLength(24);
        // Sample 90 is 01:30 Berlin: the 01h window has 59 of 60 up = 98.333333 % → breached.
        expect(windows[1]).toMatchObject({ label: '2025-03-01T01h', verdict: 'breached', value: '98.333333' });
        expect(windows.filter((w) => w.verdict === 'met')).toHaveLength(23);
    });

    it('show the hour at its start', () => {
        expect(clockHour(berlin, Date.UTC(2025, 2, 1, 9, 59)).label).toBe('2025-03-01T10h');
    });
});

describe('month windows starting on a day', () => {
    it('run from that day to the day before it a month later, at local midnight', () => {
        const span = anchoredMonth(berlin, 16, parseDay('2025-04-15')!);
        expect(span.label).toBe('2025-03-16..2025-04-15');
        expect(berlin.format(span.start)).toBe('2025-03-16T00:00:00+01:00');
        expect(berlin.format(span.end)).toBe('2025-04-16T00:00:00+02:00');
        expect(anchoredMonth(berlin, 16, parseDay('2025-04-16')!).label).toBe('2025-04-16..2025-05-15');
        expect(anchoredMonth(berlin, 16, parseDay('2025-01-03')!).label).toBe('2024-12-16..2025-01-15');
    });
});
