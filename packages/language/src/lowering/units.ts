import type { DecimalText, Unit } from '@sla/interpreter';

const MS_PER_UNIT: Readonly<Record<string, bigint>> = {
    ms: 1n,
    s: 1_000n,
    sec: 1_000n,
    second: 1_000n,
    seconds: 1_000n,
    min: 60_000n,
    minute: 60_000n,
    minutes: 60_000n,
    h: 3_600_000n,
    hour: 3_600_000n,
    hours: 3_600_000n,
    d: 86_400_000n,
    day: 86_400_000n,
    days: 86_400_000n,
    week: 604_800_000n,
    weeks: 604_800_000n,
};

/** Milliseconds in one of the written duration unit, or undefined if `unit` is not a duration. */
export function millisecondsPer(unit: string | undefined): bigint | undefined {
    return unit === undefined ? undefined : MS_PER_UNIT[unit];
}

/** `business day(s)`: a datatype rule of two keywords arrives without the space between them. */
export function isBusinessDays(unit: string | undefined): boolean {
    return unit === 'businessday' || unit === 'businessdays';
}

/** A percentage as the fraction it stands for in an expression, exactly: `5` (%) is `0.05`. */
export function percentAsFraction(value: DecimalText): DecimalText {
    const [whole, fraction = ''] = value.split('.');
    const digits = (whole + fraction).padStart(fraction.length + 3, '0');
    const point = digits.length - fraction.length - 2;
    const result = `${digits.slice(0, point).replace(/^0+(?=\d)/, '')}.${digits.slice(point)}`.replace(/\.?0+$/, '');
    return result === '' ? '0' : result;
}

export function isDurationUnit(unit: string | undefined): boolean {
    return millisecondsPer(unit) !== undefined;
}

/** The canonical unit of a written unit: every duration becomes 'ms', no unit is a 'count'. */
export function canonicalUnit(unit: string | undefined): Unit {
    if (unit === undefined) return 'count';
    if (isBusinessDays(unit)) return 'business-day';
    if (isDurationUnit(unit)) return 'ms';
    if (unit === 'point' || unit === 'points') return '%';
    return unit as Unit;
}

/** A written quantity in its canonical unit, exactly: `1.5 h` is `5400000` ms. */
export function canonicalValue(value: DecimalText, unit: string | undefined): DecimalText {
    const factor = millisecondsPer(unit);
    return factor === undefined ? value : multiplyDecimal(value, factor);
}

/** Exact product of decimal text and an integer, as decimal text without trailing zeros. */
export function multiplyDecimal(value: DecimalText, factor: bigint): DecimalText {
    const [whole, fraction = ''] = value.split('.');
    const scaled = BigInt(whole + fraction) * factor;
    if (fraction.length === 0) return scaled.toString();
    const digits = scaled.toString().padStart(fraction.length + 1, '0');
    const integerPart = digits.slice(0, digits.length - fraction.length);
    const fractionPart = digits.slice(digits.length - fraction.length).replace(/0+$/, '');
    return fractionPart ? `${integerPart}.${fractionPart}` : integerPart;
}

/** A duration quantity as a whole number of milliseconds (sub-millisecond parts are rounded down). */
export function durationMs(value: DecimalText, unit: string | undefined): number {
    return Number(canonicalValue(value, unit).split('.')[0]);
}
