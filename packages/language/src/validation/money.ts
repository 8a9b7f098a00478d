import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { canonicalValue } from '../lowering/units.js';
import { Diagnostics } from './codes.js';
import { compareDecimals } from './decimals.js';
import { agreementCurrency, measuredTarget } from './queries.js';
import { report } from './report.js';
import { dimensionOf, measuredDimension, type Dimension } from './units.js';

const CURRENCY_CODE = /^[A-Z]{3}$/;

function checkCurrencyCode(
    node: ast.Currency | ast.Fee | ast.FixedAmount,
    code: string | undefined,
    accept: ValidationAcceptor,
): boolean {
    if (code === undefined) return false;
    if (CURRENCY_CODE.test(code)) return true;
    const fixable = /^[a-zA-Z]{3}$/.test(code);
    report(
        accept,
        Diagnostics.InvalidCurrency,
        `'${code}' is not a currency code: write three upper-case letters${fixable ? `, '${code.toUpperCase()}'` : ' such as EUR, USD or GBP'}.`,
        {
            node,
            property: ast.isCurrency(node) ? 'code' : 'currency',
            data: fixable ? { replacement: code.toUpperCase() } : undefined,
        },
    );
    return false;
}

export function checkAgreementCurrency(currency: ast.Currency, accept: ValidationAcceptor): void {
    checkCurrencyCode(currency, currency.code, accept);
}

/** A fee or fixed amount: a valid code, and the agreement's currency when it declares one. */
export function checkAmountCurrency(node: ast.Fee | ast.FixedAmount, accept: ValidationAcceptor): void {
    if (!checkCurrencyCode(node, node.currency, accept)) return;
    const expected = agreementCurrency(node);
    if (expected && CURRENCY_CODE.test(expected) && expected !== node.currency) {
        report(
            accept,
            Diagnostics.CurrencyMismatch,
            `This amount is in ${node.currency}, but the agreement's currency is ${expected}; say how it converts, or use ${expected}.`,
            { node, property: 'currency' },
        );
    }
}

export function checkFeeShareHasFee(remedy: ast.Remedy, accept: ValidationAcceptor): void {
    const service = remedy.$container;
    const paysShare = remedy.clauses.some((c) => 'amount' in c && ast.isFeeShare(c.amount));
    if (paysShare && !service.members.some(ast.isFee)) {
        report(
            accept,
            Diagnostics.FeeShareWithoutFee,
            `This ${remedy.kind} pays a % of the fee, but service ${service.name} has no fee: add one (e.g. \`fee 1000.00 EUR per month\`) or use fixed amounts.`,
            { node: remedy, property: 'kind' },
        );
    }
}

/** An amount as a comparable key: fee shares compare with fee shares, fixed amounts within one currency. */
function amountKey(amount: ast.Amount | undefined): { scale: string; value: string } | undefined {
    if (ast.isFeeShare(amount))
        return amount.percent === undefined ? undefined : { scale: '% of fee', value: amount.percent };
    if (ast.isFixedAmount(amount))
        return amount.value === undefined ? undefined : { scale: amount.currency, value: amount.value };
    return undefined;
}

function describeAmount(amount: ast.Amount): string {
    return ast.isFeeShare(amount) ? `${amount.percent} % of the fee` : `${amount.value} ${amount.currency}`;
}

function describeQuantity(q: ast.Quantity): string {
    return `${q.value}${q.unit ? ` ${q.unit}` : ''}`;
}

/** A tier threshold in the objective's measured dimension, canonicalised (durations in ms), or undefined. */
function tierValue(tier: ast.Tier, dimension: Dimension | undefined): string | undefined {
    return dimension !== undefined &&
        tier.threshold?.value !== undefined &&
        dimensionOf(tier.threshold.unit) === dimension
        ? canonicalValue(tier.threshold.value, tier.threshold.unit)
        : undefined;
}

const DIRECTIONS = ['below', 'above'] as const;

/**
 * Tiers of a credit or penalty. For `below` tiers a lower threshold is worse service, for `above`
 * tiers a higher one; worse service must not pay less, and no two tiers may start at the same point.
 */
export function checkTiers(remedy: ast.Remedy, accept: ValidationAcceptor): void {
    const objective = remedy.objective?.ref;
    if (!objective) return;
    const dimension = measuredDimension(objective);
    for (const direction of DIRECTIONS) {
        const tiers = comparableTiers(remedy, direction, dimension);
        checkOverlaps(tiers, accept);
        if (remedy.kind === 'reward') continue;
        // From better to worse service.
        const ordered = [...tiers].sort((a, b) => compareDecimals(a.value, b.value) * (direction === 'below' ? -1 : 1));
        checkWorseServicePaysMore(
            ordered.map((t) => t.tier),
            accept,
        );
        if (ordered.length > 0) checkFirstTierStart(ordered[0].tier, ordered[0].value, objective, accept);
    }
}

/** The remedy's tiers in one direction whose threshold is in the measured dimension, with that threshold canonicalised. */
function comparableTiers(
    remedy: ast.Remedy,
    direction: ast.Tier['direction'],
    dimension: Dimension | undefined,
): { tier: ast.Tier; value: string }[] {
    const tiers: { tier: ast.Tier; value: string }[] = [];
    for (const clause of remedy.clauses) {
        if (!ast.isTier(clause) || clause.direction !== direction) continue;
        const value = tierValue(clause, dimension);
        if (value !== undefined) tiers.push({ tier: clause, value });
    }
    return tiers;
}

function checkOverlaps(tiers: readonly { tier: ast.Tier; value: string }[], accept: ValidationAcceptor): void {
    tiers.forEach(({ tier, value }, index) => {
        const earlier = tiers.slice(0, index).find((t) => compareDecimals(t.value, value) === 0);
        if (earlier) {
            report(
                accept,
                Diagnostics.OverlappingTiers,
                `Two tiers start ${tier.direction} ${describeQuantity(tier.threshold)} (see line ${(earlier.tier.$cstNode?.range.start.line ?? 0) + 1}); ` +
                    'only one can apply: change or remove one.',
                { node: tier, property: 'threshold' },
            );
        }
    });
}

function checkWorseServicePaysMore(ordered: readonly ast.Tier[], accept: ValidationAcceptor): void {
    for (let i = 1; i < ordered.length; i++) {
        const better = amountKey(ordered[i - 1].amount);
        const worse = amountKey(ordered[i].amount);
        if (better && worse && better.scale === worse.scale && compareDecimals(worse.value, better.value) < 0) {
            report(
                accept,
                Diagnostics.TierPaysLessForWorse,
                `Worse service ${ordered[i].direction} ${describeQuantity(ordered[i].threshold)} pays ${describeAmount(ordered[i].amount)}, ` +
                    `less than the ${describeAmount(ordered[i - 1].amount)} paid ${ordered[i - 1].direction} ${describeQuantity(ordered[i - 1].threshold)}.`,
                { node: ordered[i], property: 'amount' },
            );
        }
    }
}

/** The tier nearest the objective's threshold must start at it, or misses in between owe nothing. */
function checkFirstTierStart(
    first: ast.Tier,
    firstValue: string,
    objective: ast.Objective,
    accept: ValidationAcceptor,
): void {
    const measured = measuredTarget(objective);
    if (!measured) return;
    const { threshold, atLeast } = measured;
    if (atLeast !== (first.direction === 'below')) return;
    const objectiveValue = canonicalValue(threshold.value, threshold.unit);
    const gap = compareDecimals(firstValue, objectiveValue) * (atLeast ? 1 : -1) < 0;
    if (gap) {
        report(
            accept,
            Diagnostics.TierGap,
            `Objective ${objective.name} is missed ${atLeast ? 'below' : 'above'} ${describeQuantity(threshold)}, but the first tier starts ` +
                `${first.direction} ${describeQuantity(first.threshold)}: a miss between the two owes nothing. Start the first tier at ${describeQuantity(threshold)}.`,
            { node: first, property: 'threshold' },
        );
    }
}

/** A cap lower than a tier's amount means that tier is never paid as written. */
export function checkCaps(remedy: ast.Remedy, accept: ValidationAcceptor): void {
    const tiers = remedy.clauses.filter(ast.isTier);
    for (const cap of remedy.clauses.filter(ast.isCap)) {
        const limit = amountKey(cap.amount);
        const exceeding =
            limit &&
            tiers.find((t) => {
                const key = amountKey(t.amount);
                return key !== undefined && key.scale === limit.scale && compareDecimals(key.value, limit.value) > 0;
            });
        if (exceeding) {
            report(
                accept,
                Diagnostics.CapBelowTier,
                `The cap of ${describeAmount(cap.amount)} per ${cap.scope} is below the tier ${exceeding.direction} ` +
                    `${describeQuantity(exceeding.threshold)} (${describeAmount(exceeding.amount)}), which can then never be paid in full.`,
                { node: cap, property: 'amount' },
            );
        }
    }
}
