/**
 * Half-open UTC intervals [start, end) and the local-time rules that produce them: recurring
 * maintenance windows, explicit periods and calendar coverage hours, expanded per window.
 */
import type { Calendar, Exclusion, IsoWeekday } from './model.js';
import { DAY_MS, MINUTE_MS, isoWeekday, parseDay, parseLocalTime, type DayNumber, type Zone } from './time.js';

export interface Interval {
    readonly start: number;
    readonly end: number;
}

/** Sorted, non-overlapping, non-empty intervals. */
export function merge(intervals: readonly Interval[]): Interval[] {
    const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
    const merged: Interval[] = [];
    for (const interval of sorted) {
        const last = merged[merged.length - 1];
        if (last && interval.start <= last.end) {
            if (interval.end > last.end) merged[merged.length - 1] = { start: last.start, end: interval.end };
        } else {
            merged.push(interval);
        }
    }
    return merged;
}

/** Intersection of two merged lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
    const result: Interval[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        const start = Math.max(a[i].start, b[j].start);
        const end = Math.min(a[i].end, b[j].end);
        if (end > start) result.push({ start, end });
        if (a[i].end < b[j].end) i++;
        else j++;
    }
    return result;
}

/** `a` minus `b`, both merged. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
    const result: Interval[] = [];
    for (const interval of a) {
        let start = interval.start;
        for (const cut of b) {
            if (cut.end <= start || cut.start >= interval.end) continue;
            if (cut.start > start) result.push({ start, end: cut.start });
            start = Math.max(start, cut.end);
        }
        if (start < interval.end) result.push({ start, end: interval.end });
    }
    return result;
}

export function totalLength(intervals: readonly Interval[]): number {
    let total = 0;
    for (const i of intervals) total += i.end - i.start;
    return total;
}

/** Whether a merged list contains the instant. */
export function contains(intervals: readonly Interval[], t: number): boolean {
    let lo = 0;
    let hi = intervals.length - 1;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (t < intervals[mid].start) hi = mid - 1;
        else if (t >= intervals[mid].end) lo = mid + 1;
        else return true;
    }
    return false;
}

/**
 * `contains` for instants that mostly arrive in time order: it remembers the gap between
 * intervals that the last instant fell into (or the interval it was in), so ordered data costs
 * two comparisons per lookup; other instants are placed by binary search.
 */
export class IntervalCursor {
    /** The last instant was in [gapStart, gapEnd), outside every interval. */
    private gapStart = 0;
    private gapEnd = 0;

    constructor(private readonly intervals: readonly Interval[]) {}

    contains(t: number): boolean {
        if (t >= this.gapStart && t < this.gapEnd) return false;
        const intervals = this.intervals;
        // The first interval ending after t.
        let lo = 0;
        let hi = intervals.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (intervals[mid].end <= t) lo = mid + 1;
            else hi = mid;
        }
        if (lo < intervals.length && t >= intervals[lo].start) return true;
        this.gapStart = lo > 0 ? intervals[lo - 1].end : -Infinity;
        this.gapEnd = lo < intervals.length ? intervals[lo].start : Infinity;
        return false;
    }
}

/**
 * A daily local span (from–to on given weekdays; `to` at or before `from` runs past midnight)
 * as UTC intervals for the local days [firstDay, endDay). The day before is included so that a
 * span starting the evening before reaches into the range. DST-correct: Sunday 02:00–04:00 in
 * Europe/Berlin on 2025-03-30 is 01:00Z–02:00Z, one hour long.
 */
export function dailySpans(
    zone: Zone,
    days: readonly IsoWeekday[],
    from: string,
    to: string,
    firstDay: DayNumber,
    endDay: DayNumber,
    skipDay?: (day: DayNumber) => boolean,
): Interval[] {
    const fromMinutes = parseLocalTime(from);
    const toMinutes = parseLocalTime(to);
    const intervals: Interval[] = [];
    for (let day = firstDay - 1; day < endDay; day++) {
        if (!days.includes(isoWeekday(day)) || skipDay?.(day)) continue;
        const endDayOfSpan = toMinutes <= fromMinutes ? day + 1 : day;
        intervals.push({
            start: zone.toUtc(day * DAY_MS + fromMinutes * MINUTE_MS),
            end: zone.toUtc(endDayOfSpan * DAY_MS + toMinutes * MINUTE_MS),
        });
    }
    return merge(intervals);
}

/** Parses a local `YYYY-MM-DD[THH:MM[:SS]]` to an instant in the zone. */
export function localDateTime(zone: Zone, text: string): number {
    const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
    const day = match ? parseDay(match[1]) : undefined;
    if (!match || day === undefined) throw new RangeError(`not a local date-time: "${text}"`);
    const ms = (Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0)) * MINUTE_MS + Number(match[4] ?? 0) * 1000;
    return zone.toUtc(day * DAY_MS + ms);
}

/** Time exclusions (maintenance and periods) inside [start, end), merged. */
export function exclusionIntervals(
    zone: Zone,
    exclusions: readonly Exclusion[],
    start: number,
    end: number,
): Interval[] {
    const firstDay = zone.localDay(start);
    const endDay = zone.localDay(end - 1) + 1;
    const intervals: Interval[] = [];
    for (const exclusion of exclusions) {
        if (exclusion.kind === 'maintenance') {
            intervals.push(...dailySpans(zone, exclusion.days, exclusion.from, exclusion.to, firstDay, endDay));
        } else if (exclusion.kind === 'period') {
            intervals.push({ start: localDateTime(zone, exclusion.from), end: localDateTime(zone, exclusion.to) });
        }
    }
    return intersect(merge(intervals), [{ start, end }]);
}

/** The calendar's coverage hours inside [start, end), merged; holidays are skipped by the day a span starts. */
export function calendarIntervals(zone: Zone, calendar: Calendar, start: number, end: number): Interval[] {
    if (calendar.always) return end > start ? [{ start, end }] : [];
    const firstDay = zone.localDay(start);
    const endDay = zone.localDay(end - 1) + 1;
    const holidays = new Set(calendar.holidays.map((h) => parseDay(h)));
    const intervals: Interval[] = [];
    for (const hours of calendar.hours) {
        intervals.push(
            ...dailySpans(zone, hours.days, hours.from, hours.to, firstDay, endDay, (day) => holidays.has(day)),
        );
    }
    return intersect(merge(intervals), [{ start, end }]);
}
