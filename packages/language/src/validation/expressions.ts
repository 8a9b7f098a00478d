/**
 * Checks of expressions — indicators (per row) and slice metrics (over the rows of a slice): each
 * operator gets operands of the kind it works on, a slice reads columns only through an aggregate,
 * a row has no aggregates, and an indicator is not computed from itself.
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { isDurationUnit } from '../lowering/units.js';
import { Diagnostics } from './codes.js';
import { report } from './report.js';

type Kind = 'number' | 'duration' | 'time' | 'boolean' | 'text';

const WORDS: Readonly<Record<Kind, string>> = {
    number: 'a number',
    duration: 'a duration',
    time: 'a time',
    boolean: 'a truth value (true or false)',
    text: 'text',
};

/** Where an expression stands: a row (an indicator) or a slice (a slice metric). */
type Context = 'row' | 'slice';

export function checkIndicator(column: ast.Column, accept: ValidationAcceptor): void {
    if (!column.computed) return;
    const kind = kindOf(column.computed, 'row', accept);
    if (kind && kind !== 'number' && kind !== 'boolean') {
        mismatch(accept, column.computed, 'an indicator computes a number or a truth value', kind);
    }
    if (readsItself(column, column.computed, new Set())) {
        report(
            accept,
            Diagnostics.IndicatorCycle,
            `Indicator ${column.name} is computed from itself, directly or through other indicators.`,
            { node: column, property: 'name' },
        );
    }
}

export function checkSliceMetric(metric: ast.SliceMetric, accept: ValidationAcceptor): void {
    if (metric.bad) {
        const kind = kindOf(metric.bad, 'slice', accept);
        if (kind && kind !== 'boolean') mismatch(accept, metric.bad, 'a slice is bad when a condition holds', kind);
        if (metric.emptyValue) {
            report(
                accept,
                Diagnostics.EmptySliceRule,
                'A slice is good or bad: say "empty slices count as good" (or bad, or left out).',
                {
                    node: metric,
                    property: 'emptyValue',
                },
            );
        }
    }
    if (metric.value) {
        const kind = kindOf(metric.value, 'slice', accept);
        if (kind && kind !== 'number' && kind !== 'duration') {
            mismatch(accept, metric.value, 'the mean is taken of a number per slice', kind);
        }
        if (metric.emptyAs) {
            report(
                accept,
                Diagnostics.EmptySliceRule,
                'A mean of slice values needs a value for an empty slice: say "empty slices count as 0 %" (or a number, or left out).',
                { node: metric, property: 'emptyAs' },
            );
        }
    }
}

/** The kind of value an expression gives, reporting what does not fit; undefined where it cannot be told. */
function kindOf(expression: ast.Expression, context: Context, accept: ValidationAcceptor): Kind | undefined {
    if (ast.isBinaryExpression(expression)) return binaryKind(expression, context, accept);
    if (ast.isNotExpression(expression)) {
        expect(expression.operand, ['boolean'], '"not" turns round a truth value', context, accept);
        return 'boolean';
    }
    if (ast.isNegatedExpression(expression)) {
        return expect(expression.operand, ['number', 'duration'], 'a minus sign goes before a number', context, accept);
    }
    if (ast.isIfExpression(expression)) {
        expect(expression.condition, ['boolean'], '"if" needs a condition', context, accept);
        kindOf(expression.otherwise, context, accept);
        return kindOf(expression.then, context, accept);
    }
    if (ast.isSliceAggregate(expression)) return aggregateKind(expression, context, accept);
    if (ast.isLiteralExpression(expression)) {
        if (expression.text !== undefined) return 'text';
        if (expression.flag !== undefined) return 'boolean';
        return isDurationUnit(expression.unit) ? 'duration' : 'number';
    }
    if (ast.isColumnExpression(expression)) return columnKind(expression, context, accept);
    return undefined;
}

function binaryKind(expression: ast.BinaryExpression, context: Context, accept: ValidationAcceptor): Kind | undefined {
    const operator = expression.operator;
    if (operator === 'and' || operator === 'or') {
        expect(expression.left, ['boolean'], `"${operator}" joins conditions`, context, accept);
        expect(expression.right, ['boolean'], `"${operator}" joins conditions`, context, accept);
        return 'boolean';
    }
    const numeric: Kind[] = ['number', 'duration', 'time'];
    if (['+', '-', '*', '/'].includes(operator)) {
        const left = expect(expression.left, numeric, `"${operator}" works on numbers`, context, accept);
        const right = expect(expression.right, numeric, `"${operator}" works on numbers`, context, accept);
        if (operator === '/' && left === right) return 'number';
        return left === 'time' && right === 'time' ? 'duration' : (left ?? right);
    }
    const left = kindOf(expression.left, context, accept);
    const right = kindOf(expression.right, context, accept);
    const equality = operator === '=' || operator === '!=';
    const comparable = (a: Kind, b: Kind) =>
        a === b || (numeric.includes(a) && numeric.includes(b)) || (equality && a === 'boolean' && b === 'boolean');
    if (left && right && !comparable(left, right)) {
        report(accept, Diagnostics.ExpressionType, `"${operator}" compares ${WORDS[left]} with ${WORDS[right]}.`, {
            node: expression,
        });
    } else if (left === 'text' && !equality) {
        report(accept, Diagnostics.ExpressionType, `Text is compared with = or != only, not "${operator}".`, {
            node: expression,
        });
    }
    return 'boolean';
}

function aggregateKind(expression: ast.SliceAggregate, context: Context, accept: ValidationAcceptor): Kind | undefined {
    if (context === 'row') {
        report(
            accept,
            Diagnostics.ExpressionType,
            `"${expression.function}" adds up the rows of a time slice; an indicator is computed from one row.`,
            { node: expression },
        );
        return undefined;
    }
    if (!expression.of) return 'number';
    const fn = expression.function;
    if (fn === 'any' || fn === 'all' || fn === 'count') {
        expect(expression.of, ['boolean'], `"${fn} of" counts rows where a condition holds`, 'row', accept);
        return fn === 'count' ? 'number' : 'boolean';
    }
    return expect(expression.of, ['number', 'duration'], `"${fn} of" adds up numbers`, 'row', accept);
}

function columnKind(expression: ast.ColumnExpression, context: Context, accept: ValidationAcceptor): Kind | undefined {
    const column = expression.ref?.column?.ref;
    if (!column) return undefined;
    if (context === 'slice') {
        report(
            accept,
            Diagnostics.ExpressionType,
            `A slice holds many rows: read ${column.name} through an aggregate, such as sum of ${column.name} or any of ${column.name}.`,
            { node: expression },
        );
        return undefined;
    }
    if (column.computed) return column.computed === expression.$container ? undefined : indicatorKind(column.computed);
    return column.type as Kind | undefined;
}

/** An indicator's kind, without reporting (its own check reports on it). */
function indicatorKind(expression: ast.Expression): Kind | undefined {
    return kindOf(expression, 'row', () => undefined);
}

function expect(
    expression: ast.Expression,
    wanted: readonly Kind[],
    why: string,
    context: Context,
    accept: ValidationAcceptor,
): Kind | undefined {
    const kind = kindOf(expression, context, accept);
    if (kind && !wanted.includes(kind)) mismatch(accept, expression, why, kind);
    return kind;
}

function mismatch(accept: ValidationAcceptor, node: ast.Expression, why: string, found: Kind): void {
    report(accept, Diagnostics.ExpressionType, `${capitalised(why)}, but this is ${WORDS[found]}.`, { node });
}

function capitalised(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether the expression reads the indicator, directly or through other indicators. */
function readsItself(indicator: ast.Column, expression: AstNode | undefined, seen: Set<ast.Column>): boolean {
    if (!expression) return false;
    if (ast.isColumnExpression(expression)) {
        const column = expression.ref?.column?.ref;
        if (!column?.computed) return false;
        if (column === indicator) return true;
        if (seen.has(column)) return false;
        seen.add(column);
        return readsItself(indicator, column.computed, seen);
    }
    for (const child of childrenOf(expression)) if (readsItself(indicator, child, seen)) return true;
    return false;
}

function childrenOf(expression: AstNode): AstNode[] {
    if (ast.isBinaryExpression(expression)) return [expression.left, expression.right];
    if (ast.isNotExpression(expression) || ast.isNegatedExpression(expression)) return [expression.operand];
    if (ast.isIfExpression(expression)) return [expression.condition, expression.then, expression.otherwise];
    if (ast.isSliceAggregate(expression)) return expression.of ? [expression.of] : [];
    return [];
}
