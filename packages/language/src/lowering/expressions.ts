/**
 * Lowering of expressions (indicators and slice metrics) to the contract model: every number in its
 * column's terms (`5 %` is 0.05 as a fraction, `300 ms` is 300, `2 h` is 7200000), column references
 * resolved to their data source.
 */
import type * as model from '@sla/interpreter';
import * as ast from '../generated/ast.js';
import { canonicalValue, percentAsFraction } from './units.js';

export function lowerExpression(expression: ast.Expression): model.Expression {
    if (ast.isBinaryExpression(expression)) {
        const left = lowerExpression(expression.left);
        const right = lowerExpression(expression.right);
        const operator = expression.operator;
        if (operator === 'and' || operator === 'or') return { kind: 'logic', operator, left, right };
        if (operator === '+' || operator === '-' || operator === '*' || operator === '/') {
            return { kind: 'arithmetic', operator, left, right };
        }
        return { kind: 'compare', operator: operator as '>' | '>=' | '<' | '<=' | '=' | '!=', left, right };
    }
    if (ast.isNotExpression(expression)) return { kind: 'not', operand: lowerExpression(expression.operand) };
    if (ast.isNegatedExpression(expression)) return { kind: 'negate', operand: lowerExpression(expression.operand) };
    if (ast.isIfExpression(expression)) {
        return {
            kind: 'if',
            condition: lowerExpression(expression.condition),
            then: lowerExpression(expression.then),
            otherwise: lowerExpression(expression.otherwise),
        };
    }
    if (ast.isSliceAggregate(expression)) {
        return {
            kind: 'aggregate',
            function: expression.function as model.SliceAggregate,
            of: expression.of ? lowerExpression(expression.of) : undefined,
        };
    }
    if (ast.isLiteralExpression(expression)) {
        if (expression.text !== undefined) return { kind: 'text', value: expression.text };
        if (expression.flag !== undefined) return { kind: 'boolean', value: expression.flag === 'true' };
        return { kind: 'number', value: literalValue(expression.value!, expression.unit) };
    }
    const column = (expression as ast.ColumnExpression).ref.column.ref!;
    return { kind: 'column', ref: { source: (column.$container as ast.DataSource).name, column: column.name } };
}

/** A literal in the terms of the columns it meets: a percentage as a fraction, a duration in ms. */
export function literalValue(value: string, unit: string | undefined): string {
    return unit === '%' ? percentAsFraction(value) : canonicalValue(value, unit);
}

/** Whether the expression gives a truth value (a comparison, and/or/not, true/false, a boolean column). */
export function isBooleanExpression(expression: ast.Expression): boolean {
    if (ast.isBinaryExpression(expression)) return !['+', '-', '*', '/'].includes(expression.operator);
    if (ast.isNotExpression(expression)) return true;
    if (ast.isIfExpression(expression)) return isBooleanExpression(expression.then);
    if (ast.isSliceAggregate(expression)) return expression.function === 'any' || expression.function === 'all';
    if (ast.isLiteralExpression(expression)) return expression.flag !== undefined;
    if (ast.isColumnExpression(expression)) {
        const column = expression.ref.column.ref;
        return column?.type === 'boolean' || (column?.computed !== undefined && isBooleanExpression(column.computed));
    }
    return false;
}

/** A column's type: as declared, or an indicator's (a truth value or a number). */
export function columnType(column: ast.Column): ast.ColumnType {
    if (!column.computed) return column.type!;
    return isBooleanExpression(column.computed) ? 'boolean' : 'number';
}

/** Whether a mean of slice values is a share, shown as a percentage: it has a % in it or divides. */
export function isShare(expression: ast.Expression): boolean {
    if (ast.isBinaryExpression(expression)) {
        return expression.operator === '/' || isShare(expression.left) || isShare(expression.right);
    }
    if (ast.isNegatedExpression(expression) || ast.isNotExpression(expression)) return isShare(expression.operand);
    if (ast.isIfExpression(expression)) return isShare(expression.then) || isShare(expression.otherwise);
    if (ast.isSliceAggregate(expression)) return expression.of !== undefined && isShare(expression.of);
    return ast.isLiteralExpression(expression) && expression.unit === '%';
}

/** The slice metric's definition. */
export function lowerSliceMetric(metric: ast.SliceMetric): model.SliceDefinition {
    const common = {
        kind: 'slices' as const,
        source: metric.source.ref!.name,
        sliceMs: Number(canonicalValue(metric.size.value, metric.size.unit)),
    };
    if (metric.bad) {
        return {
            ...common,
            measure: 'good-share',
            bad: lowerExpression(metric.bad),
            minRun: metric.minRun ? Number(metric.minRun) : 1,
            empty: metric.emptyAs === 'good' || metric.emptyAs === 'bad' ? metric.emptyAs : 'excluded',
        };
    }
    const percent = isShare(metric.value!);
    const empty = metric.emptyValue
        ? percent && metric.emptyValue.unit === '%'
            ? percentAsFraction(metric.emptyValue.value)
            : canonicalValue(metric.emptyValue.value, metric.emptyValue.unit)
        : 'excluded';
    return { ...common, measure: 'mean', value: lowerExpression(metric.value!), percent, empty };
}
