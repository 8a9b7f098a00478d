/**
 * Local time in an IANA zone, computed with `Intl.DateTimeFormat` offsets. Conversions are
 * meant for window boundaries and exclusion intervals (a few per local day), never per row.
 */
import type { CalendarUnit, IsoWeekday } from './model.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A local calendar date as a day number: days since 1970-01-01. */
export type DayNumber = number;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): DayNumber {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const mp = (month + 9) % 12;
    const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}

export function civilFromDays(days: DayNumber): { year: number; month: number; day: number } {
    const date = new Date(days * DAY_MS);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number. */
export function isoWeekday(days: DayNumber): IsoWeekday {
    return (((((days + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

export function daysInMonth(year: number, month: number): number {
    return (
        daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1)
    );
}

export function formatDay(days: DayNumber): string {
    const { year, month, day } = civilFromDays(days);
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Parses `YYYY-MM-DD` to a day number, or undefined. */
export function parseDay(text: string): DayNumber | undefined {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return undefined;
    return daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Parses `HH:MM` to minutes after midnight. */
export function parseLocalTime(text: string): number {
    const match = /^(\d{1,2}):(\d{2})$/.exec(text);
    if (!match) throw new RangeError(`not a local time HH:MM: "${text}"`);
    return Number(match[1]) * 60 + Number(match[2]);
}

export function pad(value: number, width: number): string {
    return String(value).padStart(width, '0');
}

export class Zone {
    private readonly formatter: Intl.DateTimeFormat | undefined;
    private readonly offsetCache = new Map<number, number>();

    /** Throws a RangeError for a zone name that the runtime does not know. */
    constructor(readonly name: string) {
        this.formatter =
            name === 'UTC'
                ? undefined
                : new Intl.DateTimeFormat('en-US', {
                      timeZone: name,
                      hourCycle: 'h23',
                      year: 'numeric',
                      month: 'numeric',
                      day: 'numeric',
                      hour: 'numeric',
                      minute: 'numeric',
                      second: 'numeric',
                  });
    }

    /** Offset of local time from UTC at an instant, in ms (e.g. +3 600 000 for CET). */
    offsetAt(utcMs: number): number {
        if (!this.formatter) return 0;
        // Offsets change on whole minutes (St John's changed at 00:01 until 2011): cache per minute.
        const key = Math.floor(utcMs / MINUTE_MS);
        const cached = this.offsetCache.get(key);
        if (cached !== undefined) return cached;
        const seconds = Math.floor(utcMs / 1000) * 1000;
        const parts: Record<string, number> = {};
        for (const part of this.formatter.formatToParts(new Date(seconds))) {
            if (part.type !== 'literal') parts[part.type] = Number(part.value);
        }
        const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
        const offset = local - seconds;
        if (this.offsetCache.size > 100_000) this.offsetCache.clear();
        this.offsetCache.set(key, offset);
        return offset;
    }

    /**
     * The instant of a local wall-clock time. A time that does not exist (skipped when clocks go
     * forward) maps to the instant the same distance after the gap starts — 02:30 on a spring-forward
     * night in Europe/Berlin is 03:30 CEST; an ambiguous time (clocks go back) takes its first occurrence.
     */
    toUtc(localMs: number): number {
        return this.readLocal(localMs).utc;
    }

    /** `toUtc`, and whether the local time occurs twice (the hour repeated when clocks go back). */
    readLocal(localMs: number): { readonly utc: number; readonly ambiguous: boolean } {
        // The instants the local time would be with the offsets of the day before and the day after, and which are real.
        const before = this.offsetAt(localMs - DAY_MS);
        const after = this.offsetAt(localMs + DAY_MS);
        const early = localMs - before;
        const late = localMs - after;
        const earlyValid = this.offsetAt(early) === before;
        const lateValid = this.offsetAt(late) === after;
        if (earlyValid && lateValid) return { utc: Math.min(early, late), ambiguous: early !== late };
        return { utc: lateValid && !earlyValid ? late : early, ambiguous: false };
    }

    /** Instant of local midnight starting a local day. */
    startOfDay(day: DayNumber): number {
        return this.toUtc(day * DAY_MS);
    }

    /** Local wall-clock ms (as if UTC) of an instant. */
    toLocalMs(utcMs: number): number {
        return utcMs + this.offsetAt(utcMs);
    }

    localDay(utcMs: number): DayNumber {
        return Math.floor(this.toLocalMs(utcMs) / DAY_MS);
    }

    /** ISO 8601 local date-time with offset, e.g. `2025-03-01T00:00:00+01:00`. */
    format(utcMs: number): string {
        const offset = this.offsetAt(utcMs);
        const local = new Date(utcMs + offset);
        const ms = local.getUTCMilliseconds();
        const text =
            `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}` +
            `T${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}` +
            (ms ? `.${pad(ms, 3)}` : '');
        if (offset === 0 && this.name === 'UTC') return text + 'Z';
        const sign = offset < 0 ? '-' : '+';
        const minutes = Math.abs(offset) / MINUTE_MS;
        return `${text}${sign}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
    }
}

/** True when the runtime knows the IANA zone name. */
export function isKnownZone(name: string): boolean {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: name });
        return true;
    } catch {
        return false;
    }
}

/** A calendar window: [start, end) as UTC instants, with its label. */
export interface Span {
    readonly start: number;
    readonly end: number;
    readonly label: string;
    /** First local day of the window. */
    readonly firstDay: DayNumber;
    /** Local day after the window. */
    readonly endDay: DayNumber;
}

/** The calendar window of `unit` containing the local day. */
export function calendarSpan(zone: Zone, unit: CalendarUnit, day: DayNumber): Span {
    const { year, month } = civilFromDays(day);
    let first: DayNumber;
    let next: DayNumber;
    let label: string;
    switch (unit) {
        case 'day':
            first = day;
            next = day + 1;
            label = formatDay(day);
            break;
        case 'week': {
            first = day - (isoWeekday(day) - 1);
            next = first + 7;
            const thursday = first + 3;
            const isoYear = civilFromDays(thursday).year;
            const week = Math.floor((thursday - daysFromCivil(isoYear, 1, 1)) / 7) + 1;
            label = `${isoYear}-W${pad(week, 2)}`;
            break;
        }
        case 'month':
            first = daysFromCivil(year, month, 1);
            next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
            label = `${pad(year, 4)}-${pad(month, 2)}`;
            break;
        case 'quarter': {
            const quarter = Math.floor((month - 1) / 3);
            first = daysFromCivil(year, quarter * 3 + 1, 1);
            next = quarter === 3 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, quarter * 3 + 4, 1);
            label = `${pad(year, 4)}-Q${quarter + 1}`;
            break;
        }
        case 'year':
            first = daysFromCivil(year, 1, 1);
            next = daysFromCivil(year + 1, 1, 1);
            label = pad(year, 4);
            break;
    }
    return { start: zone.startOfDay(first), end: zone.startOfDay(next), label, firstDay: first, endDay: next };
}

/** The month window starting on `startDay` (1–28) that holds the local day: 16 March to 15 April. */
export function anchoredMonth(zone: Zone, startDay: number, day: DayNumber): Span {
    const { year, month, day: dom } = civilFromDays(day);
    const [y, m] = dom >= startDay ? [year, month] : month === 1 ? [year - 1, 12] : [year, month - 1];
    const first = daysFromCivil(y, m, startDay);
    const next = m === 12 ? daysFromCivil(y + 1, 1, startDay) : daysFromCivil(y, m + 1, startDay);
    const label = `${formatDay(first)}..${formatDay(next - 1)}`;
    return { start: zone.startOfDay(first), end: zone.startOfDay(next), label, firstDay: first, endDay: next };
}

/**
 * The clock hour of the agreement's zone that holds an instant: from local HH:00 for an hour of
 * absolute time. On the night clocks go back the repeated hour is two windows, labelled with
 * their offsets; on the night they go forward the skipped hour has none.
 */
export function clockHour(zone: Zone, utcMs: number): Span {
    const local = zone.toLocalMs(utcMs);
    const intoHour = ((local % HOUR_MS) + HOUR_MS) % HOUR_MS;
    const start = utcMs - intoHour;
    const startLocal = local - intoHour;
    const day = Math.floor(startLocal / DAY_MS);
    const text = zone.format(start);
    const repeated = zone.readLocal(startLocal).ambiguous;
    const label = `${text.slice(0, 13)}h${repeated ? text.slice(19) : ''}`;
    return { start, end: start + HOUR_MS, label, firstDay: day, endDay: day + 1 };
}

/** Finds the window of an instant, remembering the last one so that ordered data costs no zone lookups. */
export class SpanLocator {
    private last: Span | undefined;
    constructor(
        private readonly zone: Zone,
        private readonly unit: CalendarUnit | 'hour',
        private readonly startDay?: number,
    ) {}

    at(utcMs: number): Span {
        const last = this.last;
        if (last && utcMs >= last.start && utcMs < last.end) return last;
        const span = this.spanAt(utcMs);
        this.last = span;
        return span;
    }

    next(span: Span): Span {
        return this.unit === 'hour' ? clockHour(this.zone, span.end) : this.spanOfDay(span.endDay);
    }

    private spanAt(utcMs: number): Span {
        return this.unit === 'hour' ? clockHour(this.zone, utcMs) : this.spanOfDay(this.zone.localDay(utcMs));
    }

    private spanOfDay(day: DayNumber): Span {
        if (this.unit === 'month' && this.startDay !== undefined && this.startDay !== 1) {
            return anchoredMonth(this.zone, this.startDay, day);
        }
        return calendarSpan(this.zone, this.unit as CalendarUnit, day);
    }
}

/**
 * The years a timestamp in a data file may have. One mistyped year (9024 for 2024) would otherwise
 * open thousands of years of windows between it and the other rows, each without data.
 */
export const FIRST_DATA_YEAR = 1900;
export const LAST_DATA_YEAR = 2199;

export function isDataYear(year: number): boolean {
    return year >= FIRST_DATA_YEAR && year <= LAST_DATA_YEAR;
}

/** For a timestamp text whose date names a day that does not exist (2025-02-30) or lies outside the data years, says so; otherwise undefined. */
export function impossibleDate(text: string): string | undefined {
    const match = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (!match) return undefined;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (!isDataYear(year)) {
        return `${match[1]}-${match[2]}-${match[3]} is outside the years ${FIRST_DATA_YEAR}–${LAST_DATA_YEAR} that measurements are read for (a mistyped year?)`;
    }
    if (month < 1 || month > 12)
        return `${match[1]}-${match[2]}-${match[3]} does not exist: there is no month ${month}`;
    const length = daysInMonth(year, month);
    if (day < 1 || day > length)
        return `${match[1]}-${match[2]}-${match[3]} does not exist: ${match[1]}-${match[2]} has ${length} days`;
    return undefined;
}
