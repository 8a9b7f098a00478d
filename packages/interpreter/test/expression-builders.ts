/** Short builders for expressions in tests: `gt(div(sum(col('m', 'errors')), sum(col('m', 'requests'))), num('0.05'))`. */
import type { Expression, SliceAggregate } from '../src/model.js';

export const col = (source: string, column: string): Expression => ({ kind: 'column', ref: { source, column } });
export const num = (value: string): Expression => ({ kind: 'number', value });
export const text = (value: string): Expression => ({ kind: 'text', value });
export const not = (operand: Expression): Expression => ({ kind: 'not', operand });
export const and = (left: Expression, right: Expression): Expression => ({
    kind: 'logic',
    operator: 'and',
    left,
    right,
});
export const or = (left: Expression, right: Expression): Expression => ({ kind: 'logic', operator: 'or', left, right });
export const div = (left: Expression, right: Expression): Expression => ({
    kind: 'arithmetic',
    operator: '/',
    left,
    right,
});
export const sub = (left: Expression, right: Expression): Expression => ({
    kind: 'arithmetic',
    operator: '-',
    left,
    right,
});
export const gt = (left: Expression, right: Expression): Expression => ({
    kind: 'compare',
    operator: '>',
    left,
    right,
});
export const eq = (left: Expression, right: Expression): Expression => ({
    kind: 'compare',
    operator: '=',
    left,
    right,
});
const aggregate =
    (fn: SliceAggregate) =>
    (of?: Expression): Expression => ({ kind: 'aggregate', function: fn, of });
export const sum = aggregate('sum');
export const any = aggregate('any');
export const all = aggregate('all');
export const count = aggregate('count');
