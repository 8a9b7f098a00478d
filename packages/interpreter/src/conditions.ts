/** `where` conditions and cause exclusions compiled to predicates over decoded rows. */
import type { Column, Condition } from './model.js';
import type { Row } from './sources/row-source.js';
import { parseBooleanText, parseDurationText, parseNumberText, TimestampParser } from './values.js';

export type RowPredicate = (row: Row) => boolean;

/** Resolves a column name of the objective's data source to its column and row slot. */
export type SlotResolver = (column: string) => { readonly column: Column; readonly slot: number };

/** All conditions hold; undefined when there are none, so that callers can skip the test. */
export function compileConditions(conditions: readonly Condition[], resolve: SlotResolver): RowPredicate | undefined {
    const predicates = conditions.map((c) => compileCondition(c, resolve));
    if (predicates.length === 0) return undefined;
    if (predicates.length === 1) return predicates[0];
    return (row) => predicates.every((p) => p(row));
}

function compileCondition(condition: Condition, resolve: SlotResolver): RowPredicate {
    const { column, slot } = resolve(condition.column.column);
    const negate = condition.operator === '!=' || condition.operator === 'not in';
    let test: RowPredicate;
    if (column.type === 'text') {
        const values = new Set(condition.values);
        test = (row) => values.has(row.texts[slot] ?? '');
    } else {
        const values = new Set(condition.values.map((v) => literalValue(column, v)));
        test = (row) => values.has(row.values[slot]);
    }
    return negate ? (row) => !test(row) : test;
}

function literalValue(column: Column, literal: string): number {
    switch (column.type) {
        case 'boolean':
            return parseBooleanText(literal);
        case 'duration':
            return parseDurationText(literal);
        case 'time':
            return new TimestampParser(undefined).parseText(literal);
        default:
            return parseNumberText(literal);
    }
}
