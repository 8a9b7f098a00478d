import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { isBusinessDays, isDurationUnit } from '../lowering/units.js';
import { Diagnostics } from './codes.js';
import { compareDecimals } from './decimals.js';
import { compact, isAtLeast } from './queries.js';
import { report } from './report.js';

export type Dimension = 'percent' | 'duration' | 'data rate' | 'data size' | 'count';

const DIMENSION_WORDS: Readonly<Record<Dimension, string>> = {
    percent: 'a percentage (%)',
    duration: 'a duration (ms, s, min, h, d)',
    'data rate': 'a data rate (kbps, Mbps, Gbps)',
    'data size': 'a data size (KB, MB, GB)',
    count: 'a plain number without a unit',
};

export function dimensionOf(unit: string | undefined): Dimension {
    if (unit === undefined) return 'count';
    if (unit === '%') return 'percent';
    if (isDurationUnit(unit) || isBusinessDays(unit)) return 'duration';
    if (/bps$/.test(unit)) return 'data rate';
    return 'data size';
}

/** The dimension a metric's values have, or undefined when it cannot be told (unresolved or mistyped column). */
export function metricDimension(expression: ast.MetricExpression): Dimension | undefined {
    if (ast.isAvailabilityMetric(expression)) return 'percent';
    if (ast.isElapsedMetric(expression) || ast.isMeanTimeMetric(expression)) return 'duration';
    if (ast.isCountMetric(expression)) return 'count';
    if (ast.isSliceMetric(expression)) return 'percent';
    const column = expression?.column?.column?.ref;
    if (column?.type === 'duration') return 'duration';
    return column?.type === 'number' ? dimensionOf(column.unit) : undefined;
}

/** The dimension of what an objective's verdict compares: the share of events, or the metric's value. */
export function measuredDimension(objective: ast.Objective): Dimension | undefined {
    if (ast.isShareTarget(objective.target)) return 'percent';
    const metric = objective.target?.metric?.ref;
    return metric ? metricDimension(metric.expression) : undefined;
}

export function checkPercentageRange(quantity: ast.Quantity, accept: ValidationAcceptor): void {
    if (quantity.value !== undefined && quantity.unit === '%' && compareDecimals(quantity.value, '100') > 0) {
        report(
            accept,
            Diagnostics.PercentageOutOfRange,
            `${quantity.value} % is more than 100 %; a percentage here lies between 0 and 100.`,
            { node: quantity },
        );
    }
}

/** A share of the fee above 100 % pays more than the fee; a cap may legitimately allow that. */
export function checkFeeSharePercentage(share: ast.FeeShare, accept: ValidationAcceptor): void {
    if (ast.isCap(share.$container)) return;
    if (share.percent !== undefined && compareDecimals(share.percent, '100') > 0) {
        report(
            accept,
            Diagnostics.PercentageOutOfRange,
            `${share.percent} % of the fee is more than the whole fee; a share of the fee lies between 0 and 100 %.`,
            { node: share, property: 'percent' },
        );
    }
}

export function checkObjectiveUnits(objective: ast.Objective, accept: ValidationAcceptor): void {
    const target = objective.target;
    const metric = target?.metric?.ref;
    const valueDimension = metric ? metricDimension(metric.expression) : undefined;
    if (metric && valueDimension) {
        expectDimension(
            target.threshold,
            valueDimension,
            `${metric.name} is measured as ${DIMENSION_WORDS[valueDimension]}`,
            accept,
        );
    }
    if (ast.isShareTarget(target)) {
        expectDimension(target.share, 'percent', 'the share of events is a percentage', accept);
    }
    const measured = measuredDimension(objective);
    for (const option of objective.options) {
        if (ast.isBaseline(option) && measured) {
            expectDimension(
                option.value,
                measured,
                `the baseline is compared with ${DIMENSION_WORDS[measured]}`,
                accept,
            );
        } else if (ast.isCoverageRequirement(option)) {
            expectDimension(option.minimum, 'percent', 'coverage is the share of the window that has data', accept);
        }
    }
}

/** A tier's threshold is compared with what the objective measures. */
export function checkTierUnit(tier: ast.Tier, accept: ValidationAcceptor): void {
    const objective = tier.$container.objective?.ref;
    const measured = objective ? measuredDimension(objective) : undefined;
    if (objective && measured) {
        expectDimension(
            tier.threshold,
            measured,
            `objective ${objective.name} measures ${DIMENSION_WORDS[measured]}`,
            accept,
        );
    }
}

export function checkSampleInterval(sample: ast.SampleInterval, accept: ValidationAcceptor): void {
    expectDimension(sample.interval, 'duration', 'a sample interval is a duration', accept);
}

export function checkNoticePeriod(window: ast.MaintenanceWindow, accept: ValidationAcceptor): void {
    expectDimension(window.notice, 'duration', 'a notice period is a duration', accept);
}

export function checkClaimDeadline(claim: ast.ClaimDeadline, accept: ValidationAcceptor): void {
    expectDimension(claim.within, 'duration', 'a claim deadline is a duration', accept);
}

function expectDimension(
    quantity: ast.Quantity | undefined,
    expected: Dimension,
    reason: string,
    accept: ValidationAcceptor,
): void {
    if (quantity?.value === undefined) return;
    const actual = dimensionOf(quantity.unit);
    if (actual === expected) return;
    const written = `${quantity.value}${quantity.unit ? ` ${quantity.unit}` : ''}`;
    report(
        accept,
        Diagnostics.UnitMismatch,
        `'${written}' is ${DIMENSION_WORDS[actual]}, but ${reason}: write it as ${DIMENSION_WORDS[expected]}.`,
        { node: quantity },
    );
}

/** Availability and MTBF are better when higher; elapsed times and MTTR when lower. */
export function checkComparatorDirection(
    target: ast.ThresholdTarget | ast.ShareTarget,
    accept: ValidationAcceptor,
): void {
    const metric = target.metric?.ref;
    if (target.comparator === undefined) return;
    const higherIsBetter = metric ? betterWhenHigher(metric.expression) : undefined;
    if (metric === undefined || higherIsBetter === undefined || isAtLeast(target.comparator) === higherIsBetter) return;
    const better = higherIsBetter ? 'higher' : 'lower';
    const suggestion = higherIsBetter ? '>=' : '<=';
    report(
        accept,
        Diagnostics.ComparatorDirection,
        `${metric.name} is better when ${better}, but '${compact(target.comparator).replace(/^at(least|most)$/, 'at $1')}' is met by worse service and breached by better. Did you mean '${suggestion}'?`,
        { node: target, property: 'comparator', data: { replacement: suggestion } },
    );
}

function betterWhenHigher(expression: ast.MetricExpression): boolean | undefined {
    if (ast.isAvailabilityMetric(expression)) return true;
    if (ast.isMeanTimeMetric(expression)) return expression.function === 'mtbf';
    if (ast.isElapsedMetric(expression)) return false;
    return undefined;
}
