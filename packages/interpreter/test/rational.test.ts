import { describe, expect, it } from 'vitest';
import { Rational } from '../src/rational.js';
import { formatMoney } from '../src/money.js';

describe('Rational', () => {
    it('parses decimal text exactly', () => {
        // 99.9 = 999/10; 1240.00 = 1240; -0.5 = -1/2; 1.5e3 = 1500
        expect(Rational.parse('99.9')).toEqual(Rational.of(999, 10));
        expect(Rational.parse('1240.00')).toEqual(Rational.of(1240));
        expect(Rational.parse('-0.5')).toEqual(Rational.of(-1, 2));
        expect(Rational.parse('1.5e3')).toEqual(Rational.of(1500));
        expect(() => Rational.parse('12a')).toThrow(RangeError);
    });

    it('compares 999 up of 1000 as exactly 99.9 %', () => {
        // 999 · 100 / 1000 = 99900/1000 = 999/10, and 99.9 = 999/10.
        const availability = Rational.of(999 * 100, 1000);
        expect(availability.cmp(Rational.parse('99.9'))).toBe(0);
        // The allowed downtime share 1 − 0.999 is exactly 1/1000 (in floats, (1 − 0.999)·100 = 0.10000000000000009).
        expect(Rational.ONE.sub(Rational.parse('0.999')).mul(Rational.HUNDRED)).toEqual(Rational.of(1, 10));
    });

    it('reads a float as the decimal it was written as', () => {
        // 0.1 is stored as 0.1000000000000000055…; its shortest text is "0.1" = 1/10.
        expect(Rational.fromNumber(0.1)).toEqual(Rational.of(1, 10));
        expect(Rational.fromNumber(123.4).cmp(Rational.parse('123.4'))).toBe(0);
    });

    it('rounds half away from zero', () => {
        // 2.345 → 2.35 (the 5 rounds up), -2.345 → -2.35 (away from zero), 2.3449 → 2.34.
        expect(Rational.parse('2.345').toFixed(2)).toBe('2.35');
        expect(Rational.parse('-2.345').toFixed(2)).toBe('-2.35');
        expect(Rational.parse('2.3449').toFixed(2)).toBe('2.34');
        // 0.5 → 1 and -0.5 → -1 at zero decimals (banker's rounding would give 0).
        expect(Rational.parse('0.5').toFixed(0)).toBe('1');
        expect(Rational.parse('-0.5').toFixed(0)).toBe('-1');
        expect(Rational.parse('0.004').toFixed(2)).toBe('0.00');
    });

    it('formats money to the currency minor unit', () => {
        // 10 % of 100.05 = 10.005 → 10.01 EUR. 1.005 → 1.01, where the float 1.005 (1.00499999…) gives "1.00".
        expect(formatMoney(Rational.parse('100.05').mul(Rational.parse('0.1')), 'EUR')).toBe('10.01');
        expect(formatMoney(Rational.parse('1.005'), 'EUR')).toBe('1.01');
        expect((1.005).toFixed(2)).toBe('1.00');
        // JPY has no minor unit: 100.5 → 101. KWD has three decimals: 1.2345 → 1.235.
        expect(formatMoney(Rational.parse('100.5'), 'JPY')).toBe('101');
        expect(formatMoney(Rational.parse('1.2345'), 'KWD')).toBe('1.235');
    });

    it('shows at most six decimals, exactly when the value terminates', () => {
        // 74225/743 = 99.899057873485868… → 99.899058; 1/4 = 0.25 exactly.
        expect(Rational.of(74225, 743).toDecimalText(6)).toBe('99.899058');
        expect(Rational.of(1, 4).toDecimalText(6)).toBe('0.25');
        expect(Rational.of(100).toDecimalText(6)).toBe('100');
    });
});
