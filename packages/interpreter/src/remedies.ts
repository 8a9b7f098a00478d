/**
 * Credits, penalties and rewards owed per window.
 *
 * - Tiers: only the single applicable tier is paid — of the 'below' tiers the value is below,
 *   the one with the lowest threshold; of the 'above' tiers, the one with the highest.
 * - Rates are pro rata: "1 % of fee per point below" owes 2.4 % at 2.4 points below; "10 % per
 *   hour of downtime" owes 5 % for 30 minutes. Rates and per-breach amounts apply in breached
 *   windows only; tiers apply whenever the value is determined (so reward tiers work in met windows).
 * - Fee shares use the service fee scaled to the window: month, quarter and year windows scale by
 *   months (quarter = 3 months); day and week windows, and day/week fees, are prorated by days of
 *   the month the day falls in. A window or cap period that the term starts or ends inside pays
 *   for its covered days only, prorated by days.
 * - Caps apply in the order written, per window ('period') and then per month, quarter, year or term,
 *   against what earlier windows (in date order) already used; each group has its own caps.
 * - Money is exact until the window's amount is rounded once, half away from zero, to the
 *   currency's minor unit.
 */
import type { Amount, CalendarUnit, Cap, Fee, Objective, Remedy, Service } from './model.js';
import type { RemedyOutcome } from './report.js';
import { Rational } from './rational.js';
import { formatMoney, roundMoney } from './money.js';
import {
    DAY_MS,
    calendarSpan,
    civilFromDays,
    daysFromCivil,
    daysInMonth,
    formatDay,
    parseDay,
    type DayNumber,
    type Span,
    type Zone,
} from './time.js';
import { satisfies } from './kinds/shared.js';
import { quantityText } from './formats/windows.js';

/** One evaluated window of one group, as the remedies need it. */
export interface RemedyWindow {
    readonly span: Span;
    readonly group: string;
    readonly breached: boolean;
    /** The compared value (share in percent for share-of-events objectives); undefined when not determined. */
    readonly value?: Rational;
    readonly downtimeMs?: number;
    readonly outcomes: RemedyOutcome[];
}

export interface RemedyContext {
    readonly zone: Zone;
    readonly termDays?: { readonly first: DayNumber; readonly end: DayNumber };
    /** The window unit (undefined for rolling windows). */
    readonly windowUnit?: CalendarUnit;
}

const MONTHS: Partial<Record<CalendarUnit, number>> = { month: 1, quarter: 3, year: 12 };

/** The service fee for local days [first, end) of a window of `unit`. */
export function feeFor(fee: Fee, first: DayNumber, end: DayNumber, unit: CalendarUnit | undefined): Rational {
    const amount = Rational.parse(fee.amount);
    const windowMonths = unit ? MONTHS[unit] : undefined;
    const feeMonths = MONTHS[fee.per];
    if (windowMonths && feeMonths) return amount.mul(Rational.of(windowMonths, feeMonths));
    let total = Rational.ZERO;
    let day = first;
    while (day < end) {
        // Whole runs of days in one month share one daily rate.
        const { year, month } = civilFromDays(day);
        const monthEnd = daysFromCivil(year, month, 1) + daysInMonth(year, month);
        const runEnd = Math.min(end, monthEnd);
        total = total.add(dailyFee(fee, amount, day).mul(Rational.of(runEnd - day)));
        day = runEnd;
    }
    return total;
}

/**
 * The fee for the days [first, end) of a window or cap period, limited to the term: a month the
 * term starts or ends inside pays for its covered days only (prorated by days of the month).
 */
function feeInTerm(
    context: RemedyContext,
    fee: Fee,
    first: DayNumber,
    end: DayNumber,
    unit: CalendarUnit | undefined,
    notes: Set<string>,
): Rational {
    const term = context.termDays;
    if (!term || (first >= term.first && end <= term.end)) return feeFor(fee, first, end, unit);
    const coveredFirst = Math.max(first, term.first);
    const coveredEnd = Math.min(end, term.end);
    if (coveredEnd <= coveredFirst) return Rational.ZERO;
    notes.add(
        `the term starts or ends inside ${formatDay(first)}..${formatDay(end - 1)}: fee shares there are prorated to the ${coveredEnd - coveredFirst} covered days ${formatDay(coveredFirst)}..${formatDay(coveredEnd - 1)}`,
    );
    return feeFor(fee, coveredFirst, coveredEnd, undefined);
}

function dailyFee(fee: Fee, amount: Rational, day: DayNumber): Rational {
    const { year, month } = civilFromDays(day);
    switch (fee.per) {
        case 'day':
            return amount;
        case 'week':
            return amount.div(Rational.of(7));
        case 'month':
            return amount.div(Rational.of(daysInMonth(year, month)));
        case 'quarter': {
            const firstMonth = Math.floor((month - 1) / 3) * 3 + 1;
            const next = firstMonth === 10 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, firstMonth + 3, 1);
            return amount.div(Rational.of(next - daysFromCivil(year, firstMonth, 1)));
        }
        case 'year':
            return amount.div(Rational.of(daysFromCivil(year + 1, 1, 1) - daysFromCivil(year, 1, 1)));
    }
}

interface Part {
    currency: string;
    exact: Rational;
    basis: string;
}

/** Fills `outcomes` of each window, in date order per group, for every remedy on the objective. */
export function applyRemedies(
    context: RemedyContext,
    service: Service,
    objective: Objective,
    windows: readonly RemedyWindow[],
): string[] {
    const notes = new Set<string>();
    const remedies = service.remedies.filter((r) => r.objective === objective.name);
    if (remedies.length === 0) return [];
    if (
        context.windowUnit === 'day' ||
        context.windowUnit === 'week' ||
        service.fee?.per === 'day' ||
        service.fee?.per === 'week'
    ) {
        notes.add('fee shares are prorated by the days of the month each day falls in');
    }
    const target = Rational.parse(objective.share?.value ?? objective.threshold.value);
    const ordered = [...windows].sort((a, b) => a.span.start - b.span.start);
    for (const remedy of remedies) {
        const used = new Map<string, Rational>();
        for (const window of ordered) {
            if (window.value === undefined) continue;
            const parts = remedyParts(context, service, remedy, window, target, notes);
            for (const [currency, currencyParts] of groupBy(parts)) {
                const exact = currencyParts.reduce((sum, p) => sum.add(p.exact), Rational.ZERO);
                if (exact.sign() === 0 && !currencyParts.some((p) => p.basis.startsWith('tier'))) continue;
                const capped = applyCaps(context, service, remedy.caps, window, currency, exact, used, notes);
                window.outcomes.push({
                    kind: remedy.kind,
                    amount: formatMoney(capped, currency),
                    currency,
                    basis: currencyParts.map((p) => p.basis).join(' + '),
                    uncapped: formatMoney(exact, currency),
                    // Rounding to the minor unit is not capping: compare with the rounded uncapped amount.
                    capped: capped.cmp(roundMoney(exact, currency)) < 0,
                    claimBy:
                        remedy.claimWithinMs !== undefined
                            ? claimDeadline(context.zone, window.span, remedy.claimWithinMs)
                            : undefined,
                });
            }
        }
    }
    return [...notes];
}

function groupBy(parts: readonly Part[]): Map<string, Part[]> {
    const map = new Map<string, Part[]>();
    for (const part of parts) map.set(part.currency, [...(map.get(part.currency) ?? []), part]);
    return map;
}

function remedyParts(
    context: RemedyContext,
    service: Service,
    remedy: Remedy,
    window: RemedyWindow,
    target: Rational,
    notes: Set<string>,
): Part[] {
    const value = window.value!;
    const parts: Part[] = [];
    const money = (amount: Amount, times: Rational, basis: string): void => {
        if (amount.kind === 'fixed') {
            parts.push({ currency: amount.currency, exact: Rational.parse(amount.value).mul(times), basis });
        } else if (!service.fee) {
            notes.add(`"${amount.percent} % of fee" owes nothing: the service states no fee`);
        } else {
            const fee = feeInTerm(
                context,
                service.fee,
                window.span.firstDay,
                window.span.endDay,
                context.windowUnit,
                notes,
            );
            parts.push({
                currency: service.fee.currency,
                exact: Rational.parse(amount.percent).div(Rational.HUNDRED).mul(fee).mul(times),
                basis,
            });
        }
    };
    const tier = applicableTier(remedy, value);
    if (tier) money(tier.amount, Rational.ONE, `tier ${tier.direction} ${tier.threshold.value} ${tier.threshold.unit}`);
    if (!window.breached || remedy.kind === 'reward') return parts;
    for (const rate of remedy.rates) {
        const step = Rational.parse(rate.step.value);
        let missedBy: Rational | undefined;
        if (rate.basis === 'below') missedBy = target.sub(value);
        else if (rate.basis === 'above') missedBy = value.sub(target);
        else if (window.downtimeMs !== undefined) missedBy = Rational.of(window.downtimeMs);
        else notes.add('a rate per downtime owes nothing: this metric measures no downtime');
        if (missedBy === undefined || missedBy.sign() <= 0 || step.sign() <= 0) continue;
        const steps = missedBy.div(step);
        const per =
            rate.basis === 'downtime'
                ? `${quantityText(rate.step.value, rate.step.unit)} of downtime`
                : `${quantityText(rate.step.value, rate.step.unit)} ${rate.basis}`;
        money(rate.amount, steps, `${steps.toDecimalText(4)} × ${describeAmount(rate.amount)} per ${per}`);
    }
    for (const amount of remedy.perBreach) money(amount, Rational.ONE, `${describeAmount(amount)} per breach`);
    return parts;
}

function applicableTier(remedy: Remedy, value: Rational) {
    const below = remedy.tiers
        .filter((t) => t.direction === 'below' && satisfies(value, '<', Rational.parse(t.threshold.value)))
        .sort((a, b) => Rational.parse(a.threshold.value).cmp(Rational.parse(b.threshold.value)));
    if (below.length > 0) return below[0];
    const above = remedy.tiers
        .filter((t) => t.direction === 'above' && satisfies(value, '>', Rational.parse(t.threshold.value)))
        .sort((a, b) => Rational.parse(b.threshold.value).cmp(Rational.parse(a.threshold.value)));
    return above[0];
}

function describeAmount(amount: Amount): string {
    return amount.kind === 'fixed' ? `${amount.value} ${amount.currency}` : `${amount.percent} % of fee`;
}

function applyCaps(
    context: RemedyContext,
    service: Service,
    caps: readonly Cap[],
    window: RemedyWindow,
    currency: string,
    exact: Rational,
    used: Map<string, Rational>,
    notes: Set<string>,
): Rational {
    let amount = exact;
    const buckets: string[] = [];
    for (const [index, cap] of caps.entries()) {
        const limit = capLimit(context, service, cap, window, currency, notes);
        if (!limit) continue;
        const bucket = `${index}|${currency}|${window.group}|${capBucket(context, cap, window.span)}`;
        buckets.push(bucket);
        const room = limit.sub(used.get(bucket) ?? Rational.ZERO).max(Rational.ZERO);
        amount = amount.min(room);
    }
    const rounded = roundMoney(amount, currency);
    for (const bucket of buckets) used.set(bucket, (used.get(bucket) ?? Rational.ZERO).add(rounded));
    return rounded;
}

function capBucket(context: RemedyContext, cap: Cap, span: Span): string {
    if (cap.per === 'period') return `${span.start}`;
    if (cap.per === 'term') return 'term';
    return calendarSpan(context.zone, cap.per, span.firstDay).label;
}

function capLimit(
    context: RemedyContext,
    service: Service,
    cap: Cap,
    window: RemedyWindow,
    currency: string,
    notes: Set<string>,
): Rational | undefined {
    if (cap.amount.kind === 'fixed')
        return cap.amount.currency === currency ? Rational.parse(cap.amount.value) : undefined;
    if (!service.fee || service.fee.currency !== currency) return undefined;
    const share = Rational.parse(cap.amount.percent).div(Rational.HUNDRED);
    if (cap.per === 'period')
        return share.mul(
            feeInTerm(context, service.fee, window.span.firstDay, window.span.endDay, context.windowUnit, notes),
        );
    if (cap.per === 'term') {
        if (!context.termDays) {
            notes.add('a cap per term is not applied: the agreement states no term');
            return undefined;
        }
        return share.mul(feeFor(service.fee, context.termDays.first, context.termDays.end, undefined));
    }
    const period = calendarSpan(context.zone, cap.per, window.span.firstDay);
    return share.mul(feeInTerm(context, service.fee, period.firstDay, period.endDay, cap.per, notes));
}

/** Last local date to claim: whole days count from the window's end (30 days after a March window → 30 April). */
export function claimDeadline(zone: Zone, span: Span, withinMs: number): string {
    if (withinMs % DAY_MS === 0) return formatDay(span.endDay + withinMs / DAY_MS - 1);
    return formatDay(zone.localDay(span.end + withinMs - 1));
}

export function termDays(
    term: { start: string; end: string } | undefined,
): { first: DayNumber; end: DayNumber } | undefined {
    if (!term) return undefined;
    const first = parseDay(term.start);
    const last = parseDay(term.end);
    return first === undefined || last === undefined ? undefined : { first, end: last + 1 };
}
