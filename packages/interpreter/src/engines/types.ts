/**
 * The shape every engine client shares: a query opens a stream of row batches whose columns are
 * known before the first row, each value already typed. Engines differ only in how a request is
 * written (SQL or PromQL) and in how their native types map onto these kinds.
 */
import { EngineColumnTypeError, EngineMissingColumnError, type EngineErrorContext, type EngineKind } from './errors.js';

/**
 * What a value is, as the contract sees it. time → UTC milliseconds, number → a double,
 * boolean → true/false, text → string, duration → milliseconds; `other` is a type the tool does
 * not read (arrays, JSON, dates without time), passed on as the server's text.
 */
export type ValueKind = 'time' | 'number' | 'boolean' | 'text' | 'duration' | 'other';

export type EngineValue = number | string | boolean | null;
export type EngineRow = EngineValue[];

export interface ResultColumn {
    readonly name: string;
    /** The server's own type name, e.g. `timestamptz`, `Nullable(DateTime('UTC'))`. */
    readonly engineType: string;
    readonly kind: ValueKind;
}

/** A column the data source declares: the result must have it, with a kind that fits. */
export interface ExpectedColumn {
    readonly name: string;
    readonly kind: Exclude<ValueKind, 'other'>;
}

export interface QueryOptions {
    /** Name of the contract's data source, for error messages. */
    readonly source?: string;
    /** Deadline for the whole query, first row to last, in ms. Default 60 000. */
    readonly timeoutMs?: number;
    /** Columns the source declares; checked against the result before the first row is read. */
    readonly expect?: readonly ExpectedColumn[];
    /** Rows per batch (PostgreSQL fetch size, ClickHouse and DuckDB chunking). Default 10 000. */
    readonly batchSize?: number;
    /** Zone of timestamps that carry none (PostgreSQL `timestamp`, ClickHouse `DateTime` of a non-UTC zone). */
    readonly timeZone?: string;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_BATCH_SIZE = 10_000;

/** The rows of one query, in batches. Iterate it once; `close` stops early and frees the server's side. */
export interface RowStream extends AsyncIterable<readonly EngineRow[]> {
    readonly columns: readonly ResultColumn[];
    close(): Promise<void>;
}

export interface EngineClient<Request> {
    readonly engine: EngineKind;
    readonly connection: string;
    /** Runs a read-only query; resolves once the columns are known (and checked against `expect`). */
    query(request: Request, options?: QueryOptions): Promise<RowStream>;
    /** Closes pooled connections; a client is not used after this. */
    close(): Promise<void>;
}

/** Which engine kinds a declared kind accepts: a boolean may come as a 0/1 integer. */
function fits(expected: ExpectedColumn['kind'], column: ResultColumn, integer: boolean): boolean {
    if (expected === column.kind) return true;
    return expected === 'boolean' && column.kind === 'number' && integer;
}

/**
 * Checks the declared columns against the result: each must exist and fit. `isInteger` tells which
 * number columns are integers (so may carry a 0/1 boolean).
 */
export function checkExpectedColumns(
    context: EngineErrorContext,
    columns: readonly ResultColumn[],
    expected: readonly ExpectedColumn[] | undefined,
    isInteger: (column: ResultColumn) => boolean,
): void {
    for (const want of expected ?? []) {
        const column = columns.find((c) => c.name === want.name);
        if (!column) {
            const names = columns.map((c) => c.name).join(', ') || 'none';
            throw new EngineMissingColumnError(
                context,
                `the query returns no column "${want.name}" (it returns: ${names})`,
                '',
                'Name the column in the query (e.g. with AS) or correct the column in the data source.',
            );
        }
        if (!fits(want.kind, column, isInteger(column))) {
            throw new EngineColumnTypeError(
                context,
                `column "${want.name}" is ${column.engineType} (read as ${column.kind}), but the source declares it ${want.kind}`,
                '',
                `Cast it in the query or declare the column as ${column.kind}.`,
            );
        }
    }
}

/** The error for one value that cannot be read as its column's kind. */
export function badValue(
    context: EngineErrorContext,
    column: ResultColumn,
    rowNumber: number,
    value: string,
    expected: string,
): EngineColumnTypeError {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return new EngineColumnTypeError(
        context,
        `row ${rowNumber}, column "${column.name}" (${column.engineType}): expected ${expected}, found "${shown}"`,
        '',
        'Filter or convert such values in the query.',
    );
}
