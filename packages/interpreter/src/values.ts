/**
 * Parsers for the values in data files, working on bytes so that the CSV fast path allocates no
 * strings. Each returns NaN for text it cannot read; the caller turns that into a DataError.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, daysFromCivil, isDataYear, type Zone } from './time.js';

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Where in its minute a leap second (:60) is read: 59.999 s. */
const LEAP_SECOND_MS = 59_999;

function digit(code: number): number {
    return code >= 48 && code <= 57 ? code - 48 : -1;
}

/** A decimal number such as `-12.5`, `300` or `1.2e3`. */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
    let i = start;
    let negative = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
        negative = buf[i] === 45;
        i++;
    }
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = 0;
    let seenPoint = false;
    let any = false;
    for (; i < end; i++) {
        const c = buf[i];
        const d = digit(c);
        if (d >= 0) {
            any = true;
            if (mantissa !== 0 || d !== 0) digits++;
            mantissa = mantissa * 10 + d;
            if (seenPoint) fractionDigits++;
        } else if (c === 46 && !seenPoint) {
            seenPoint = true;
        } else {
            break;
        }
    }
    if (!any) return NaN;
    if (i === end && digits <= 15 && fractionDigits <= 22) {
        // Both operands are exact doubles, so the quotient is correctly rounded (Clinger's fast path).
        const value = fractionDigits ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
        return negative ? -value : value;
    }
    return parseNumberText(latin1(buf, start, end));
}

/** A decimal number; NaN for anything else, including one too large for a double (1e999). */
export function parseNumberText(text: string): number {
    const trimmed = text.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return NaN;
    const value = Number(trimmed);
    return Number.isFinite(value) ? value : NaN;
}

/**
 * Whether `value`, read from the decimal `text`, is the number the text means as far as any
 * comparison can tell: the text has at most 15 significant digits (then every two such numbers
 * stay apart and in order as doubles), or it is how the double is written shortest, as programs
 * print doubles (0.30000000000000004). 9007199254740993, read as 9007199254740992, is not.
 */
export function holdsAsWritten(text: string, value: number): boolean {
    const written = decimalDigits(text.trim());
    return written.digits.length <= 15 || sameDecimal(written, decimalDigits(String(value)));
}

interface DecimalDigits {
    readonly negative: boolean;
    /** The significant digits, without leading or trailing zeros ('' for zero). */
    readonly digits: string;
    /** The power of ten of the last digit. */
    readonly exponent: number;
}

function decimalDigits(text: string): DecimalDigits {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    const [, sign = '', whole = '', fraction = '', power = '0'] = match ?? [];
    const all = (whole + fraction).replace(/^0+/, '');
    const digits = all.replace(/0+$/, '');
    return {
        negative: sign === '-',
        digits,
        exponent: Number(power) - fraction.length + (all.length - digits.length),
    };
}

function sameDecimal(a: DecimalDigits, b: DecimalDigits): boolean {
    if (a.digits === '' || b.digits === '') return a.digits === b.digits;
    return a.negative === b.negative && a.digits === b.digits && a.exponent === b.exponent;
}

/** 1/0, true/false, up/down, yes/no in any case → 1 or 0. */
export function parseBooleanBytes(buf: Uint8Array, start: number, end: number): number {
    if (end - start === 1) {
        if (buf[start] === 49) return 1;
        if (buf[start] === 48) return 0;
    }
    return parseBooleanText(latin1(buf, start, end));
}

export function parseBooleanText(text: string): number {
    switch (text.trim().toLowerCase()) {
        case '1':
        case 'true':
        case 'up':
        case 'yes':
            return 1;
        case '0':
        case 'false':
        case 'down':
        case 'no':
            return 0;
        default:
            return NaN;
    }
}

/**
 * Reads `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` followed by `Z`, `±HH:MM`, `±HHMM` or `±HH`. Without an
 * offset the text is local time in `zone`; without a zone it is an error (NaN).
 */
export class TimestampParser {
    private readonly hourShift = new Map<number, number>();
    /** The last date prefix `YYYY-MM-DD` read and its day start in ms: consecutive rows mostly share it. */
    private readonly datePrefix = new Uint8Array(10);
    private datePrefixMs = NaN;

    constructor(private readonly zone: Zone | undefined) {}

    parseBytes(buf: Uint8Array, start: number, end: number): number {
        if (end - start < 16) return NaN;
        const dayMs = this.dayMs(buf, start);
        const sep = buf[start + 10];
        const hour = twoDigits(buf, start + 11);
        const minute = twoDigits(buf, start + 14);
        if (
            Number.isNaN(dayMs) ||
            (sep !== 84 && sep !== 32 && sep !== 116) ||
            buf[start + 13] !== 58 ||
            hour > 24 ||
            minute > 59
        ) {
            return NaN;
        }
        let i = start + 16;
        let ms = 0;
        if (i < end && buf[i] === 58) {
            if (i + 3 > end) return NaN;
            const second = twoDigits(buf, i + 1);
            if (!(second <= 60)) return NaN;
            ms = second * 1000;
            i += 3;
            if (i < end && (buf[i] === 46 || buf[i] === 44)) {
                i++;
                let scale = 100;
                const fractionStart = i;
                for (; i < end && digit(buf[i]) >= 0; i++) {
                    ms += digit(buf[i]) * scale;
                    scale /= 10;
                }
                if (i === fractionStart) return NaN;
                ms = Math.floor(ms);
            }
            // A leap second is the last millisecond of its minute: it stays in its day and window.
            if (second === 60) ms = LEAP_SECOND_MS;
        }
        const local = dayMs + hour * HOUR_MS + minute * MINUTE_MS + ms;
        if (i === end) return this.zone ? this.localToUtc(local) : NaN;
        const c = buf[i];
        if ((c === 90 || c === 122) && i + 1 === end) return local;
        if (c !== 43 && c !== 45) return NaN;
        const offsetHours = twoDigits(buf, i + 1);
        let offsetMinutes = 0;
        const rest = end - (i + 3);
        if (rest === 3 && buf[i + 3] === 58) offsetMinutes = twoDigits(buf, i + 4);
        else if (rest === 2) offsetMinutes = twoDigits(buf, i + 3);
        else if (rest !== 0) return NaN;
        if (!(offsetHours <= 23 && offsetMinutes <= 59)) return NaN;
        const offset = (offsetHours * 60 + offsetMinutes) * MINUTE_MS;
        return c === 43 ? local - offset : local + offset;
    }

    /** Start of the date `YYYY-MM-DD` at `start` in ms (as if UTC), or NaN. */
    private dayMs(buf: Uint8Array, start: number): number {
        const prefix = this.datePrefix;
        let same = !Number.isNaN(this.datePrefixMs);
        for (let k = 0; same && k < 10; k++) same = buf[start + k] === prefix[k];
        if (same) return this.datePrefixMs;
        const year = twoDigits(buf, start) * 100 + twoDigits(buf, start + 2);
        const month = twoDigits(buf, start + 5);
        const day = twoDigits(buf, start + 8);
        if (
            !isDataYear(year) ||
            buf[start + 4] !== 45 ||
            buf[start + 7] !== 45 ||
            !(month >= 1 && month <= 12) ||
            !(day >= 1 && day <= 31)
        )
            return NaN;
        if (day > 28 && day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return NaN;
        const ms = daysFromCivil(year, month, day) * DAY_MS;
        for (let k = 0; k < 10; k++) prefix[k] = buf[start + k];
        this.datePrefixMs = ms;
        return ms;
    }

    parseText(text: string): number {
        const bytes = Buffer.from(text.trim(), 'latin1');
        return this.parseBytes(bytes, 0, bytes.length);
    }

    /** Whether a timestamp without offset could be read (the source declares a zone). */
    get acceptsLocal(): boolean {
        return this.zone !== undefined;
    }

    /** Local times read that occur twice (clocks going back), per local day: the earliest and latest, as local ms. */
    readonly ambiguousByDay = new Map<number, { first: number; last: number }>();

    private localToUtc(localMs: number): number {
        const hour = Math.floor(localMs / HOUR_MS);
        let shift = this.hourShift.get(hour);
        if (shift === undefined) {
            const zone = this.zone!;
            const local = hour * HOUR_MS;
            // Within a day of a clock change (of any size, at any minute) times are converted one by one.
            const nearChange = zone.offsetAt(local - DAY_MS) !== zone.offsetAt(local + DAY_MS);
            shift = nearChange ? CLOCK_CHANGE : zone.toUtc(local) - local;
            this.hourShift.set(hour, shift);
        }
        return shift === CLOCK_CHANGE ? this.nearClockChange(localMs) : localMs + shift;
    }

    private nearClockChange(localMs: number): number {
        const { utc, ambiguous } = this.zone!.readLocal(localMs);
        if (ambiguous) {
            const day = Math.floor(localMs / DAY_MS);
            const seen = this.ambiguousByDay.get(day);
            if (!seen) this.ambiguousByDay.set(day, { first: localMs, last: localMs });
            else {
                seen.first = Math.min(seen.first, localMs);
                seen.last = Math.max(seen.last, localMs);
            }
        }
        return utc;
    }
}

/** `hourShift` of an hour within a day of a clock change: its times are converted one by one (no real shift is this). */
const CLOCK_CHANGE = Number.POSITIVE_INFINITY;

/** Two ASCII digits as a number, or NaN. */
export function twoDigits(buf: Uint8Array, i: number): number {
    const a = buf[i] - 48;
    const b = buf[i + 1] - 48;
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

const DURATION_UNITS: Record<string, number> = {
    ms: 1,
    s: 1000,
    sec: 1000,
    min: MINUTE_MS,
    m: MINUTE_MS,
    h: HOUR_MS,
    hr: HOUR_MS,
    d: DAY_MS,
};

/**
 * A duration in ms: ISO 8601 (`PT1H30M`), a clock `HH:MM[:SS]`, a number with a unit
 * (`90 min`, `2h`, `1500ms`), or a bare number of milliseconds.
 */
export function parseDurationText(text: string): number {
    const ms = durationMs(text.trim());
    return Number.isFinite(ms) ? ms : NaN;
}

function durationMs(t: string): number {
    const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
        t,
    );
    if (iso && t.length > 1 && !/T$/i.test(t)) {
        const [, d = '0', h = '0', m = '0', s = '0'] = iso;
        return Math.round(Number(d) * DAY_MS + Number(h) * HOUR_MS + Number(m) * MINUTE_MS + Number(s) * 1000);
    }
    const clock = /^(\d+):(\d{2})(?::(\d{2}))?$/.exec(t);
    if (clock) return (Number(clock[1]) * 60 + Number(clock[2])) * MINUTE_MS + Number(clock[3] ?? 0) * 1000;
    const withUnit = /^([+-]?\d+(?:\.\d+)?)\s*([a-z]+)?$/i.exec(t);
    if (withUnit) {
        const factor = withUnit[2] === undefined ? 1 : DURATION_UNITS[withUnit[2].toLowerCase()];
        if (factor !== undefined) return Math.round(Number(withUnit[1]) * factor);
    }
    return NaN;
}

export function latin1(buf: Uint8Array, start: number, end: number): string {
    return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}
