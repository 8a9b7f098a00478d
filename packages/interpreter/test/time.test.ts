import { describe, expect, it } from 'vitest';
import { Zone, calendarSpan, daysFromCivil, HOUR_MS } from '../src/time.js';
import { dailySpans, exclusionIntervals } from '../src/intervals.js';

const berlin = new Zone('Europe/Berlin');
const day = (y: number, m: number, d: number) => daysFromCivil(y, m, d);

describe('local time in Europe/Berlin', () => {
    it('starts March 2025 at local midnight and makes it 743 hours long', () => {
        // 1 March 00:00 CET (+01:00) = 28 Feb 23:00Z; 1 April 00:00 CEST (+02:00) = 31 March 22:00Z.
        // 31 days · 24 h − 1 h (clocks go forward on 30 March) = 743 h.
        const march = calendarSpan(berlin, 'month', day(2025, 3, 14));
        expect(new Date(march.start).toISOString()).toBe('2025-02-28T23:00:00.000Z');
        expect(new Date(march.end).toISOString()).toBe('2025-03-31T22:00:00.000Z');
        expect((march.end - march.start) / HOUR_MS).toBe(743);
        expect(march.label).toBe('2025-03');
        expect(berlin.format(march.start)).toBe('2025-03-01T00:00:00+01:00');
        expect(berlin.format(march.end)).toBe('2025-04-01T00:00:00+02:00');
    });

    it('makes October 2025 745 hours long', () => {
        // Clocks go back on 26 October: 31 · 24 + 1 = 745 h.
        const october = calendarSpan(berlin, 'month', day(2025, 10, 1));
        expect((october.end - october.start) / HOUR_MS).toBe(745);
    });

    it('labels ISO weeks and quarters', () => {
        // 29 December 2025 is a Monday in ISO week 1 of 2026.
        expect(calendarSpan(berlin, 'week', day(2025, 12, 31)).label).toBe('2026-W01');
        expect(berlin.format(calendarSpan(berlin, 'week', day(2025, 12, 31)).start)).toBe('2025-12-29T00:00:00+01:00');
        expect(calendarSpan(berlin, 'quarter', day(2025, 5, 2)).label).toBe('2025-Q2');
    });

    it('makes Sunday 02:00–04:00 one hour long on the night clocks go forward', () => {
        // 30 March 2025: 02:00 CET does not exist (clocks jump to 03:00 CEST = 01:00Z); 04:00 CEST = 02:00Z.
        const spans = dailySpans(berlin, [7], '02:00', '04:00', day(2025, 3, 30), day(2025, 3, 31));
        expect(spans).toEqual([{ start: Date.parse('2025-03-30T01:00:00Z'), end: Date.parse('2025-03-30T02:00:00Z') }]);
    });

    it('makes Sunday 02:00–04:00 three hours long on the night clocks go back', () => {
        // 26 October 2025: 02:00 first occurs in CEST (00:00Z); 04:00 CET = 03:00Z.
        const spans = dailySpans(berlin, [7], '02:00', '04:00', day(2025, 10, 26), day(2025, 10, 27));
        expect(spans).toEqual([{ start: Date.parse('2025-10-26T00:00:00Z'), end: Date.parse('2025-10-26T03:00:00Z') }]);
    });

    it('expands a window across midnight into the next day', () => {
        // Saturday 22:00 to 02:00 from Saturday 1 March 2025 (CET): 21:00Z to 01:00Z, four hours.
        const march = calendarSpan(berlin, 'month', day(2025, 3, 1));
        const spans = exclusionIntervals(
            berlin,
            [{ kind: 'maintenance', days: [6], from: '22:00', to: '02:00', location: undefined as never }],
            march.start,
            march.end,
        );
        expect(spans[0]).toEqual({
            start: Date.parse('2025-03-01T21:00:00Z'),
            end: Date.parse('2025-03-02T01:00:00Z'),
        });
        // Saturdays in March 2025: 1, 8, 15, 22, 29 → five windows of 4 h.
        expect(spans.length).toBe(5);
        expect(spans.reduce((sum, s) => sum + s.end - s.start, 0)).toBe(5 * 4 * HOUR_MS);
    });
});
