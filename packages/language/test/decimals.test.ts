import { describe, expect, it } from 'vitest';
import { compareDecimals } from '../src/validation/decimals.js';

/** Deterministic pseudo-random numbers (a linear congruential generator), so failures repeat. */
function randomSource(seed: number): () => number {
    let state = seed;
    return () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
    };
}

function digits(random: () => number, count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += String(Math.floor(random() * 10));
    return text;
}

/** Decimal text as NUMBER literals hold it, from 1 to 24 digits, often sharing digits with `near`. */
function decimal(random: () => number, near?: string): string {
    if (near && random() < 0.5) {
        const cut = Math.floor(random() * near.length);
        const tail = near.slice(cut).replace(/\d/g, () => digits(random, 1));
        return near.slice(0, cut) + tail;
    }
    const whole = digits(random, 1 + Math.floor(random() * 12));
    return random() < 0.3 ? whole : `${whole}.${digits(random, 1 + Math.floor(random() * 12))}`;
}

/**
 * The independent method: pad both whole parts to one length with leading zeros and both
 * fractions to one length with trailing zeros; equal-length digit strings then order as texts.
 */
function byPaddedText(a: string, b: string): number {
    const [aWhole, aFraction = ''] = a.split('.');
    const [bWhole, bFraction = ''] = b.split('.');
    const wholeLength = Math.max(aWhole.length, bWhole.length);
    const fractionLength = Math.max(aFraction.length, bFraction.length);
    const padded = (whole: string, fraction: string) =>
        whole.padStart(wholeLength, '0') + fraction.padEnd(fractionLength, '0');
    const x = padded(aWhole, aFraction);
    const y = padded(bWhole, bFraction);
    return x < y ? -1 : x > y ? 1 : 0;
}

describe('compareDecimals', () => {
    it('orders short and long decimal texts exactly, as padded digit strings order', () => {
        const random = randomSource(7);
        let long = 0;
        for (let i = 0; i < 20_000; i++) {
            const a = decimal(random);
            const b = decimal(random, a);
            if (a.length > 16 || b.length > 16) long++;
            expect(compareDecimals(a, b), `${a} vs ${b}`).toBe(byPaddedText(a, b));
            expect(compareDecimals(b, a), `${b} vs ${a}`).toBe(byPaddedText(b, a));
        }
        // Both the short (Number) and the long (BigInt) path ran many times.
        expect(long).toBeGreaterThan(1000);
        expect(long).toBeLessThan(19_000);
    });

    it('tells apart texts that differ in the 15th digit, and equal values written differently', () => {
        expect(compareDecimals('99999999999999.9', '99999999999999.8')).toBe(1);
        expect(compareDecimals('0.00000000000001', '0.00000000000002')).toBe(-1);
        expect(compareDecimals('100', '100.000')).toBe(0);
        expect(compareDecimals('007.50', '7.5')).toBe(0);
        // 17 digits: beyond what a double keeps apart (both are 0.30000000000000004 as doubles).
        expect(compareDecimals('0.30000000000000004', '0.30000000000000003')).toBe(1);
    });
});
