/**
 * Checks of how objectives are measured: lengths that must be more than zero, month windows that
 * start on a day, limits in business days, wall-clock pauses on a business clock, and shares of
 * events over aggregates.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { isBusinessDays } from '../lowering/units.js';
import { Diagnostics } from './codes.js';
import { compareDecimals } from './decimals.js';
import { report } from './report.js';

function positive(value: string | undefined): boolean {
    return value === undefined || compareDecimals(value, '0') > 0;
}

export function checkSampleIntervalPositive(sample: ast.SampleInterval, accept: ValidationAcceptor): void {
    if (positive(sample.interval?.value)) return;
    report(
        accept,
        Diagnostics.NonPositiveDuration,
        'A sample interval of zero would give every window endless samples: write how often a sample is taken, e.g. "every 1 min".',
        {
            node: sample,
            property: 'interval',
        },
    );
}

export function checkSliceLengths(metric: ast.SliceMetric, accept: ValidationAcceptor): void {
    if (!positive(metric.size?.value)) {
        report(
            accept,
            Diagnostics.NonPositiveDuration,
            'Slices of zero length cut nothing: write their length, e.g. "slices of 1 min".',
            {
                node: metric,
                property: 'size',
            },
        );
    }
    if (metric.minRun !== undefined && !positive(metric.minRun)) {
        report(accept, Diagnostics.NonPositiveDuration, 'A run of bad slices is at least one slice long.', {
            node: metric,
            property: 'minRun',
        });
    }
}

export function checkCutOff(cutOff: ast.CutOffRule, accept: ValidationAcceptor): void {
    if (positive(cutOff.days)) return;
    report(
        accept,
        Diagnostics.NonPositiveDuration,
        'The cut-off day counts the day the window ends on as day 1: write day 1 or later.',
        { node: cutOff, property: 'days' },
    );
}

export function checkStartDay(window: ast.Window, accept: ValidationAcceptor): void {
    if (window.startDay === undefined) return;
    const day = Number(window.startDay);
    if (window.unit === 'month' && Number.isInteger(day) && day >= 1 && day <= 28) return;
    const why =
        window.unit !== 'month'
            ? `a ${window.unit} window does not start on a day of the month`
            : `day ${window.startDay} is not in every month`;
    report(accept, Diagnostics.InvalidStartDay, `A month window starts on day 1 to 28: ${why}.`, {
        node: window,
        property: 'startDay',
    });
}

export function checkBusinessDays(objective: ast.Objective, accept: ValidationAcceptor): void {
    const threshold = objective.target?.threshold;
    if (!threshold || !isBusinessDays(threshold.unit)) return;
    const metric = objective.target.metric?.ref?.expression;
    const onCalendar =
        ast.isElapsedMetric(metric) && (metric.calendar !== undefined || objective.options.some(ast.isCalendarScope));
    if (onCalendar) return;
    const why = ast.isElapsedMetric(metric)
        ? 'say which days are business days: "on CALENDAR" in the metric, or "during CALENDAR"'
        : 'business days measure elapsed times only';
    report(accept, Diagnostics.BusinessDaysNeedCalendar, `A limit in business days needs a calendar: ${why}.`, {
        node: threshold,
    });
}

export function checkWallClockPause(metric: ast.ElapsedMetric, accept: ValidationAcceptor): void {
    if (!metric.paused || !metric.calendar) return;
    report(
        accept,
        Diagnostics.WallClockPause,
        `The waiting time in ${metric.paused.column?.$refText} is wall-clock time, taken off business hours on ${metric.calendar.$refText} as it stands; a status-change log pauses the clock exactly: paused while LOG.status = "waiting" matching LOG.key = ${metric.start?.source?.$refText ?? 'SOURCE'}.id`,
        { node: metric, property: 'paused' },
    );
}

export function checkShareOverAggregate(target: ast.ShareTarget, accept: ValidationAcceptor): void {
    const metric = target.metric?.ref;
    if (!metric || !ast.isAggregateMetric(metric.expression)) return;
    const column = metric.expression.column?.column?.$refText ?? 'the column';
    report(
        accept,
        Diagnostics.AggregateInShare,
        `A share of events compares each row's ${column} with the threshold: the ${metric.expression.function} in ${metric.name} is not used.`,
        { node: target, property: 'metric' },
    );
}
