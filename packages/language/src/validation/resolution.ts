import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { durationMs } from '../lowering/units.js';
import { WINDOW_DAYS, allowedDowntimeMs, formatDuration } from '../sla-budget.js';
import { Diagnostics } from './codes.js';
import { compareDecimals } from './decimals.js';
import { isAtLeast } from './queries.js';
import { report } from './report.js';

/**
 * A probe sample stands for its whole interval, so an availability target whose downtime budget is
 * shorter than one interval is breached by a single missed sample: the data cannot resolve it.
 * The shortest length the window can have is the strictest case (a 28-day month).
 */
export function checkTargetResolution(objective: ast.Objective, accept: ValidationAcceptor): void {
    const target = objective.target;
    const expression = target?.metric?.ref?.expression;
    if (
        !ast.isThresholdTarget(target) ||
        !ast.isAvailabilityMetric(expression) ||
        !expression.samples ||
        expression.total
    )
        return;
    if (
        target.threshold?.value === undefined ||
        target.threshold.unit !== '%' ||
        target.comparator === undefined ||
        !isAtLeast(target.comparator)
    )
        return;
    // 100 % allows no downtime at all whatever the sampling, and more than 100 % is an error of its own.
    if (compareDecimals(target.threshold.value, '100') >= 0) return;
    const source = expression.samples.column?.ref?.$container;
    const interval = source?.options.find(ast.isSampleInterval)?.interval;
    const days = windowDays(objective.window);
    if (!source || interval?.value === undefined || interval.unit === undefined || days === undefined) return;
    const intervalMs = durationMs(interval.value, interval.unit);
    const allowedMs = allowedDowntimeMs(target.threshold.value, days);
    if (allowedMs >= intervalMs) return;
    const unit = objective.window.unit;
    const window = !unit ? `${days} days` : WINDOW_DAYS[unit].length > 1 ? `a ${days}-day ${unit}` : `a ${unit}`;
    report(
        accept,
        Diagnostics.UnresolvableTarget,
        `${target.threshold.value} % per ${unit ?? `rolling ${days} days`} allows ${formatDuration(allowedMs)} of downtime in ${window}, ` +
            `less than one ${interval.value} ${interval.unit} sample of ${source.name}: a single missed sample breaches it. ` +
            'Sample more often, lower the target, or use a longer window.',
        { node: target, property: 'threshold' },
    );
}

/** The shortest length in days the window can have, or undefined for a half-written window. */
function windowDays(window: ast.Window | undefined): number | undefined {
    if (window?.unit) return Math.min(...WINDOW_DAYS[window.unit]);
    return window?.length === undefined ? undefined : Number(window.length);
}
