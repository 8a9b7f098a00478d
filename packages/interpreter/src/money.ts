/** Money: exact decimal amounts rounded once per window to the currency's minor unit. */
import { type Rational } from './rational.js';

/** Currencies whose minor unit is not 1/100 (ISO 4217). */
const MINOR_UNIT_DIGITS: Record<string, number> = {
    BIF: 0,
    CLP: 0,
    DJF: 0,
    GNF: 0,
    ISK: 0,
    JPY: 0,
    KMF: 0,
    KRW: 0,
    PYG: 0,
    RWF: 0,
    UGX: 0,
    UYI: 0,
    VND: 0,
    VUV: 0,
    XAF: 0,
    XOF: 0,
    XPF: 0,
    BHD: 3,
    IQD: 3,
    JOD: 3,
    KWD: 3,
    LYD: 3,
    OMR: 3,
    TND: 3,
    CLF: 4,
    UYW: 4,
};

export function minorUnitDigits(currency: string): number {
    return MINOR_UNIT_DIGITS[currency.toUpperCase()] ?? 2;
}

/** Rounds half away from zero to the currency's minor unit and formats with exactly that many decimals. */
export function formatMoney(amount: Rational, currency: string): string {
    return amount.toFixed(minorUnitDigits(currency));
}

export function roundMoney(amount: Rational, currency: string): Rational {
    return amount.roundHalfAwayFromZero(minorUnitDigits(currency));
}
