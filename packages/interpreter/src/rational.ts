/**
 * Exact rational numbers on BigInt, for every comparison and amount that a verdict or a credit
 * depends on. Values are kept normalised: the denominator is positive and shares no factor with
 * the numerator.
 */
export class Rational {
    private constructor(
        readonly num: bigint,
        readonly den: bigint,
    ) {}

    static readonly ZERO = new Rational(0n, 1n);
    static readonly ONE = new Rational(1n, 1n);
    static readonly HUNDRED = new Rational(100n, 1n);

    static of(num: bigint | number, den: bigint | number = 1n): Rational {
        let n = BigInt(num);
        let d = BigInt(den);
        if (d === 0n) throw new RangeError('Rational with a zero denominator');
        if (d < 0n) {
            n = -n;
            d = -d;
        }
        const g = gcd(n < 0n ? -n : n, d);
        return g === 1n ? new Rational(n, d) : new Rational(n / g, d / g);
    }

    /** Parses decimal text such as "99.9", "-0.5", "1240.00" or "1.5e3". */
    static parse(text: string): Rational {
        const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
        if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
            throw new RangeError(`not a decimal number: "${text}"`);
        }
        const [, sign, whole, fraction = '', exponentText] = match;
        const exponent = Number(exponentText ?? 0) - fraction.length;
        let num = BigInt((whole || '0') + fraction);
        if (sign === '-') num = -num;
        return exponent >= 0 ? Rational.of(num * 10n ** BigInt(exponent)) : Rational.of(num, 10n ** BigInt(-exponent));
    }

    /**
     * The decimal that a binary float was read from: its shortest round-trip text. Data values
     * such as 123.4 then compare exactly with a threshold written as "123.4".
     */
    static fromNumber(value: number): Rational {
        if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
        if (Number.isInteger(value) && Number.isSafeInteger(value)) return new Rational(BigInt(value), 1n);
        return Rational.parse(String(value));
    }

    add(other: Rational): Rational {
        return Rational.of(this.num * other.den + other.num * this.den, this.den * other.den);
    }

    sub(other: Rational): Rational {
        return Rational.of(this.num * other.den - other.num * this.den, this.den * other.den);
    }

    mul(other: Rational): Rational {
        return Rational.of(this.num * other.num, this.den * other.den);
    }

    div(other: Rational): Rational {
        return Rational.of(this.num * other.den, this.den * other.num);
    }

    neg(): Rational {
        return new Rational(-this.num, this.den);
    }

    /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
    cmp(other: Rational): -1 | 0 | 1 {
        const left = this.num * other.den;
        const right = other.num * this.den;
        return left < right ? -1 : left > right ? 1 : 0;
    }

    sign(): -1 | 0 | 1 {
        return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
    }

    min(other: Rational): Rational {
        return this.cmp(other) <= 0 ? this : other;
    }

    max(other: Rational): Rational {
        return this.cmp(other) >= 0 ? this : other;
    }

    /** Largest integer not greater than this. */
    floor(): bigint {
        const q = this.num / this.den;
        return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
    }

    /** Rounds to `places` decimals, half away from zero (the money rule). */
    roundHalfAwayFromZero(places: number): Rational {
        const scale = 10n ** BigInt(places);
        const magnitude = (this.num < 0n ? -this.num : this.num) * scale;
        const rounded = (2n * magnitude + this.den) / (2n * this.den);
        return Rational.of(this.num < 0n ? -rounded : rounded, scale);
    }

    /** Fixed-point text with exactly `places` decimals, rounded half away from zero. */
    toFixed(places: number): string {
        const r = this.roundHalfAwayFromZero(places);
        const scale = 10n ** BigInt(places);
        const scaled = (r.num * scale) / r.den;
        const negative = scaled < 0n;
        const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
        const whole = digits.slice(0, digits.length - places);
        const fraction = places > 0 ? '.' + digits.slice(digits.length - places) : '';
        return (negative ? '-' : '') + whole + fraction;
    }

    /**
     * Shortest decimal text: exact when the value has at most `maxPlaces` decimals, otherwise
     * rounded (half away from zero) to `maxPlaces` with trailing zeros removed.
     */
    toDecimalText(maxPlaces = 6): string {
        const text = this.toFixed(maxPlaces);
        return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
    }

    toNumber(): number {
        return Number(this.num) / Number(this.den);
    }
}

function gcd(a: bigint, b: bigint): bigint {
    while (b !== 0n) [a, b] = [b, a % b];
    return a === 0n ? 1n : a;
}
