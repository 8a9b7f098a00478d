/**
 * Checks of a row against the meaning of the metric that reads it — values that parse but cannot
 * be true: more good requests than requests, an event that ends before it starts, more waiting
 * than elapsed time. Such a row is a DataError (or, with skipBadRows, skipped and counted).
 */
import type { ColumnRef, DataSource } from '../model.js';
import type { Row } from '../sources/row-source.js';
import type { SlotResolver } from '../conditions.js';
import { DataError } from '../data-error.js';

export type RowCheck = (row: Row) => DataError | undefined;

const SKIP_HINT = 'Correct the row, or run with --skip-bad-rows to count and skip such rows.';

export function rowError(source: DataSource, row: Row, expected: string, found: string): DataError {
    return new DataError(source.path, row.line, 1, expected, found, SKIP_HINT);
}

/** An event ends at or after its start, and waits (`paused`) no longer than it lasts. */
export function eventRowCheck(
    source: DataSource,
    resolve: SlotResolver,
    startRef: ColumnRef,
    endRef: ColumnRef,
    pausedRef?: ColumnRef,
): RowCheck {
    const start = resolve(startRef.column).slot;
    const end = resolve(endRef.column).slot;
    const paused = pausedRef ? resolve(pausedRef.column).slot : undefined;
    const startName = resolve(startRef.column).column.header;
    const endName = resolve(endRef.column).column.header;
    const pausedName = pausedRef ? resolve(pausedRef.column).column.header : '';
    return (row) => {
        const s = row.values[start];
        const e = row.values[end];
        if (e < s) {
            const found = `${endName} ${new Date(e).toISOString()} before ${startName} ${new Date(s).toISOString()}`;
            return rowError(source, row, `"${endName}" at or after "${startName}"`, found);
        }
        const p = paused === undefined ? NaN : row.values[paused];
        if (p > e - s) {
            const expected = `"${pausedName}" at most the time from "${startName}" to "${endName}"`;
            return rowError(source, row, expected, `${p / 60_000} min waiting in ${(e - s) / 60_000} min`);
        }
        if (p < 0) return rowError(source, row, `"${pausedName}" not negative`, `${p / 60_000} min`);
        return undefined;
    };
}
