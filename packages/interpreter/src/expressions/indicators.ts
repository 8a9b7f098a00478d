/**
 * Indicators: columns computed for each row from other columns of the same source
 * (`indicator failing = errors / requests > 5 %`). The reader decodes the columns they read; each
 * row is then extended by the indicators' values, in an order where every indicator comes after
 * the indicators it reads, and handed on like any row.
 */
import type { Column, Expression } from '../model.js';
import { Rational } from '../rational.js';
import type { SlotResolver } from '../conditions.js';
import type { Row } from '../sources/row-source.js';
import { compileExpression, type Compiled, type Leaves } from './compile.js';

/** The columns an expression reads directly. */
export function columnsOf(expression: Expression): string[] {
    switch (expression.kind) {
        case 'column':
            return [expression.ref.column];
        case 'number':
        case 'text':
        case 'boolean':
            return [];
        case 'not':
        case 'negate':
            return columnsOf(expression.operand);
        case 'arithmetic':
        case 'compare':
        case 'logic':
            return [...columnsOf(expression.left), ...columnsOf(expression.right)];
        case 'if':
            return [
                ...columnsOf(expression.condition),
                ...columnsOf(expression.then),
                ...columnsOf(expression.otherwise),
            ];
        case 'aggregate':
            return expression.of ? columnsOf(expression.of) : [];
    }
}

/**
 * The indicators among `names` and every indicator they read, dependencies first, and the file
 * columns they read. A cycle is refused (validation reports it on the .sla file first).
 */
export function indicatorOrder(
    columns: readonly Column[],
    names: Iterable<string>,
): { readonly indicators: Column[]; readonly inputs: Set<string> } {
    const byName = new Map(columns.map((c) => [c.name, c]));
    const indicators: Column[] = [];
    const inputs = new Set<string>();
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string): void => {
        const column = byName.get(name);
        if (!column?.computed) {
            inputs.add(name);
            return;
        }
        if (state.get(name) === 'done') return;
        if (state.get(name) === 'visiting') throw new RangeError(`the indicator ${name} is computed from itself`);
        state.set(name, 'visiting');
        for (const input of columnsOf(column.computed)) visit(input);
        state.set(name, 'done');
        indicators.push(column);
    };
    for (const name of names) visit(name);
    return { indicators, inputs };
}

/** Reads the columns of a row: numbers, booleans and times as values, text only in = and != with a text. */
function rowLeaves(resolve: SlotResolver): Leaves<Row> {
    return {
        leaf(expression) {
            if (expression.kind === 'column') {
                const { slot } = resolve(expression.ref.column);
                return {
                    float: (row) => row.values[slot],
                    exact: (row) => {
                        const value = row.values[slot];
                        return Number.isNaN(value) ? undefined : Rational.fromNumber(value);
                    },
                };
            }
            if (expression.kind === 'compare' && (expression.operator === '=' || expression.operator === '!=')) {
                return textComparison(expression.left, expression.right, expression.operator, resolve);
            }
            return undefined;
        },
    };
}

function textComparison(
    left: Expression,
    right: Expression,
    operator: '=' | '!=',
    resolve: SlotResolver,
): Compiled<Row> | undefined {
    const [column, text] = left.kind === 'text' ? [right, left] : [left, right];
    if (column.kind !== 'column' || text.kind !== 'text') return undefined;
    const { slot } = resolve(column.ref.column);
    const wanted = text.value;
    const equal = operator === '=';
    // An empty field is a missing value: the comparison is unknown, not false.
    const float = (row: Row) => {
        const value = row.texts[slot];
        return value === undefined || value === '' ? NaN : (value === wanted) === equal ? 1 : 0;
    };
    return {
        float,
        exact: (row) => {
            const value = float(row);
            return Number.isNaN(value) ? undefined : Rational.of(value);
        },
    };
}

/**
 * A function that extends each row by the indicators' values. The row it returns is reused for
 * every row; `readSlots` is how many slots the reader fills (the indicators' slots follow).
 */
export function indicatorsOf(
    indicators: readonly Column[],
    resolve: SlotResolver,
    readSlots: number,
): (row: Row) => Row {
    const width = readSlots + indicators.length;
    const extended: Row = {
        line: 0,
        values: new Float64Array(width),
        texts: new Array<string | undefined>(width).fill(undefined),
        ids: new Int32Array(width).fill(-1),
    };
    const leaves = rowLeaves(resolve);
    const computed = indicators.map((column) => ({
        slot: resolve(column.name).slot,
        value: compileExpression(column.computed!, leaves).float,
    }));
    return (row) => {
        extended.line = row.line;
        extended.values.set(row.values.subarray(0, readSlots));
        for (let slot = 0; slot < readSlots; slot++) {
            extended.texts[slot] = row.texts[slot];
            extended.ids[slot] = row.ids[slot];
        }
        for (const { slot, value } of computed) extended.values[slot] = value(extended);
        return extended;
    };
}
