/**
 * Checks of a row against the meaning of the metric that reads it — values that parse but cannot
 * be true: more good requests than requests, an event that ends before it starts, more waiting
 * than elapsed time. Such a row is a DataError (or, with skipBadRows, skipped and counted).
 */
import type { DataSource, MetricDefinition } from './model.js';
import type { Row } from './sources/row-source.js';
import type { SlotResolver } from './conditions.js';
import { DataError } from './data-error.js';

export type RowCheck = (row: Row) => DataError | undefined;

const SKIP_HINT = 'Correct the row, or run with --skip-bad-rows to count and skip such rows.';

export function rowCheckFor(
    definition: MetricDefinition,
    source: DataSource,
    resolve: SlotResolver,
): RowCheck | undefined {
    const header = (name: string) => resolve(name).column.header;
    const error = (row: Row, expected: string, found: string) =>
        new DataError(source.path, row.line, 1, expected, found, SKIP_HINT);
    switch (definition.kind) {
        case 'request-availability': {
            const good = resolve(definition.good.column).slot;
            const total = resolve(definition.total.column).slot;
            const goodName = header(definition.good.column);
            const totalName = header(definition.total.column);
            return (row) => {
                const g = row.values[good];
                const t = row.values[total];
                if (g >= 0 && g <= t) return undefined;
                return error(row, `"${goodName}" between 0 and "${totalName}"`, `${goodName} ${g}, ${totalName} ${t}`);
            };
        }
        case 'outage-availability':
        case 'mttr':
        case 'mtbf':
        case 'elapsed': {
            const start = resolve(definition.start.column).slot;
            const end = resolve(definition.end.column).slot;
            const paused =
                definition.kind === 'elapsed' && definition.paused ? resolve(definition.paused.column).slot : undefined;
            const startName = header(definition.start.column);
            const endName = header(definition.end.column);
            const pausedName =
                definition.kind === 'elapsed' && definition.paused ? header(definition.paused.column) : '';
            return (row) => {
                const s = row.values[start];
                const e = row.values[end];
                if (e < s)
                    return error(
                        row,
                        `"${endName}" at or after "${startName}"`,
                        `${endName} ${new Date(e).toISOString()} before ${startName} ${new Date(s).toISOString()}`,
                    );
                const p = paused === undefined ? NaN : row.values[paused];
                if (p > e - s)
                    return error(
                        row,
                        `"${pausedName}" at most the time from "${startName}" to "${endName}"`,
                        `${p / 60_000} min waiting in ${(e - s) / 60_000} min`,
                    );
                if (p < 0) return error(row, `"${pausedName}" not negative`, `${p / 60_000} min`);
                return undefined;
            };
        }
        default:
            return undefined;
    }
}
