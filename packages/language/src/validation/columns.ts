import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { Diagnostics } from './codes.js';
import { compareDecimals } from './decimals.js';
import { report } from './report.js';
import { percentileOf } from '../lowering/sla-lowering.js';
import { columnType } from '../lowering/expressions.js';

type ColumnType = ast.ColumnType;

function expectColumnType(
    ref: ast.ColumnRef | undefined,
    allowed: readonly ColumnType[],
    role: string,
    accept: ValidationAcceptor,
): void {
    const column = ref?.column?.ref;
    const type = column && columnType(column);
    if (!ref || !column || allowed.includes(type as ColumnType)) return;
    report(
        accept,
        Diagnostics.ColumnTypeMismatch,
        `${role} needs a ${allowed.join(' or ')} column, but ${column.$container.name}.${column.name} is ${column.computed ? 'an indicator of' : 'declared'} ${type}.`,
        { node: ref, property: 'column' },
    );
}

export function checkMetricColumns(metric: ast.Metric, accept: ValidationAcceptor): void {
    const expression = metric.expression;
    if (ast.isAvailabilityMetric(expression)) {
        if (expression.total) {
            expectColumnType(
                expression.samples,
                ['number'],
                'Availability from request counts (good out of total)',
                accept,
            );
            expectColumnType(expression.total, ['number'], 'The total of request counts', accept);
        } else {
            expectColumnType(expression.samples, ['boolean'], 'Availability of probe samples (up or down)', accept);
        }
        expectColumnType(expression.outageStart, ['time'], 'The start of an outage', accept);
        expectColumnType(expression.outageEnd, ['time'], 'The end of an outage', accept);
    } else if (ast.isAggregateMetric(expression)) {
        expectColumnType(expression.column, ['number', 'duration'], `The ${expression.function} of values`, accept);
    } else if (ast.isElapsedMetric(expression) || ast.isMeanTimeMetric(expression)) {
        expectColumnType(expression.start, ['time'], 'The start of an elapsed time', accept);
        expectColumnType(expression.end, ['time'], 'The end of an elapsed time', accept);
        if (ast.isElapsedMetric(expression))
            expectColumnType(expression.paused, ['duration'], 'Paused time (waiting for the customer)', accept);
    }
}

const PLAIN_AGGREGATES = new Set(['mean', 'median', 'min', 'max', 'sum']);

/** mean, median, min, max, sum, or a percentile pN with 0 < N < 100 (p95, p99.9). */
export function checkAggregateFunction(expression: ast.AggregateMetric, accept: ValidationAcceptor): void {
    const name = expression.function;
    if (name === undefined || PLAIN_AGGREGATES.has(name)) return;
    const percentile = percentileOf(name);
    if (percentile !== undefined && compareDecimals(percentile, '0') > 0 && compareDecimals(percentile, '100') < 0)
        return;
    const why =
        percentile !== undefined
            ? `${name} is not a percentile: N in pN lies strictly between 0 and 100 (use min or max for the extremes)`
            : `Unknown aggregate function '${name}'`;
    report(
        accept,
        Diagnostics.UnknownAggregateFunction,
        `${why}. Use mean, median, min, max, sum or a percentile such as p50, p95 or p99.9.`,
        { node: expression, property: 'function' },
    );
}
