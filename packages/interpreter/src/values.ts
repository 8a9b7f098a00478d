/**
 * Parsers for the values in data files, working on bytes so that the CSV fast path allocates no
 * strings. Each returns NaN for text it cannot read; the caller turns that into a DataError.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, daysFromCivil, type Zone } from './time.js';

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

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

export function parseNumberText(text: string): number {
    const trimmed = text.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return NaN;
    return Number(trimmed);
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

    constructor(private readonly zone: Zone | undefined) {}

    parseBytes(buf: Uint8Array, start: number, end: number): number {
        const n = end - start;
        if (n < 16) return NaN;
        const year = num(buf, start, 4);
        const month = num(buf, start + 5, 2);
        const day = num(buf, start + 8, 2);
        const hour = num(buf, start + 11, 2);
        const minute = num(buf, start + 14, 2);
        const sep = buf[start + 10];
        if (
            year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 ||
            minute < 0 || minute > 59 || buf[start + 4] !== 45 || buf[start + 7] !== 45 ||
            (sep !== 84 && sep !== 32 && sep !== 116) || buf[start + 13] !== 58
        ) {
            return NaN;
        }
        let i = start + 16;
        let ms = 0;
        if (i < end && buf[i] === 58) {
            const second = num(buf, i + 1, 2);
            if (second < 0 || second > 60) return NaN;
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
        }
        const local = (daysFromCivil(year, month, day) * 24 + hour) * HOUR_MS + minute * MINUTE_MS + ms;
        if (day > 28 && day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return NaN;
        if (i === end) return this.zone ? this.localToUtc(local) : NaN;
        const c = buf[i];
        if ((c === 90 || c === 122) && i + 1 === end) return local;
        if (c !== 43 && c !== 45) return NaN;
        const offsetHours = num(buf, i + 1, 2);
        let offsetMinutes = 0;
        const rest = end - (i + 3);
        if (rest === 3 && buf[i + 3] === 58) offsetMinutes = num(buf, i + 4, 2);
        else if (rest === 2) offsetMinutes = num(buf, i + 3, 2);
        else if (rest !== 0) return NaN;
        if (offsetHours < 0 || offsetMinutes < 0) return NaN;
        const offset = (offsetHours * 60 + offsetMinutes) * MINUTE_MS;
        return c === 43 ? local - offset : local + offset;
    }

    parseText(text: string): number {
        const bytes = Buffer.from(text.trim(), 'latin1');
        return this.parseBytes(bytes, 0, bytes.length);
    }

    /** Whether a timestamp without offset could be read (the source declares a zone). */
    get acceptsLocal(): boolean {
        return this.zone !== undefined;
    }

    private localToUtc(localMs: number): number {
        const hour = Math.floor(localMs / HOUR_MS);
        let shift = this.hourShift.get(hour);
        if (shift === undefined) {
            shift = this.zone!.toUtc(hour * HOUR_MS) - hour * HOUR_MS;
            this.hourShift.set(hour, shift);
        }
        return localMs + shift;
    }
}

function num(buf: Uint8Array, start: number, width: number): number {
    let value = 0;
    for (let i = start; i < start + width; i++) {
        const d = digit(buf[i] ?? 0);
        if (d < 0) return -1;
        value = value * 10 + d;
    }
    return value;
}

const DURATION_UNITS: Record<string, number> = {
    ms: 1, s: 1000, sec: 1000, min: MINUTE_MS, m: MINUTE_MS, h: HOUR_MS, hr: HOUR_MS, d: DAY_MS,
};

/**
 * A duration in ms: ISO 8601 (`PT1H30M`), a clock `HH:MM[:SS]`, a number with a unit
 * (`90 min`, `2h`, `1500ms`), or a bare number of milliseconds.
 */
export function parseDurationText(text: string): number {
    const t = text.trim();
    const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
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
