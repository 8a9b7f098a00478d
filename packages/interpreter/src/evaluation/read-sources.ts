/**
 * Reading: each data source is read once for all the objectives that measure it, and each row
 * (or batch of rows) is handed to their runs.
 */
import { stat } from 'node:fs/promises';
import type { DataSource } from '../model.js';
import type { DataError } from '../data-error.js';
import type { SlotResolver } from '../conditions.js';
import { eachRow, scanDataSource, type FieldSpec, type Row, type RowBatch, type ScanResult } from '../reader.js';
import type { EvaluationOptions } from '../evaluate.js';
import type { ObjectiveRun } from './objective-run.js';
import { columnOf } from './plan.js';

const READER_THREAD_MIN_BYTES = 8 << 20;
const MAX_REJECTED_REASONS = 10;

/**
 * Reads a data source once for all its objectives. Percentile windows whose values were released
 * before all their rows had arrived (the file is not in time order) are then read again: a second
 * pass for those windows only, which keep their values to the end. It decodes the same columns, so
 * it accepts and skips exactly the rows the first pass did.
 */
export async function readSource(
    source: DataSource,
    runs: readonly ObjectiveRun[],
    options: EvaluationOptions,
): Promise<ScanResult> {
    const fields = fieldsOf(source, runs);
    const slotOf = new Map(fields.map((f, slot) => [f.column.name, slot]));
    const resolve: SlotResolver = (name) => ({ column: columnOf(source, name)!, slot: slotOf.get(name)! });
    for (const run of runs) run.bind(resolve, options.skipBadRows ?? false);
    const scan = await scannerOf(source, options);
    const result = await scan(
        fields,
        (row) => {
            for (const run of runs) run.onRow(row);
        },
        batchFeed(runs),
    );
    const late = runs.filter((run) => run.beginSecondPass());
    if (late.length > 0) {
        await scan(fields, (row) => {
            for (const run of late) run.onRowAgain(row);
        });
    }
    return withRejectedRows(result, runs);
}

/**
 * Hands a batch of rows whole to the runs that take batches, and row by row (each row made once)
 * to the others.
 */
function batchFeed(runs: readonly ObjectiveRun[]): (batch: RowBatch) => void {
    const batchRuns = runs.filter((run) => run.takesBatches);
    const rowRuns = runs.filter((run) => !run.takesBatches);
    const toRowRuns = eachRow((row) => {
        for (const run of rowRuns) run.onRow(row);
    });
    return (batch) => {
        for (const run of batchRuns) run.onBatch(batch);
        if (rowRuns.length > 0) toRowRuns(batch);
    };
}

/**
 * The columns the objectives read. A field may be empty only when every objective reading it allows
 * that (an open ticket's end, a `where` column): a row with an empty field that one objective needs
 * is malformed for all, as a row with an unreadable value is.
 */
function fieldsOf(source: DataSource, runs: readonly ObjectiveRun[]): FieldSpec[] {
    const optional = new Map<string, boolean>();
    for (const run of runs) {
        for (const [name, isOptional] of run.plan.uses) {
            optional.set(name, (optional.get(name) ?? true) && isOptional);
        }
    }
    return [...optional].map(([name, isOptional]) => ({ column: columnOf(source, name)!, optional: isOptional }));
}

/**
 * Reads a source with `onRow`, or, where rows arrive in batches (from the reader thread), with
 * `onBatch` (by default `onRow` for each row of the batch).
 */
type Scanner = (
    fields: readonly FieldSpec[],
    onRow: (row: Row) => void,
    onBatch?: (batch: RowBatch) => void,
) => Promise<ScanResult>;

/** How the source is read, decided once for both passes: on the reader thread when the file is large. */
async function scannerOf(source: DataSource, options: EvaluationOptions): Promise<Scanner> {
    const scanOptions = {
        skipBadRows: options.skipBadRows,
        fastPath: options.csvFastPath,
        chunkBytes: options.chunkBytes,
    };
    const thread = options.readerThread;
    if (thread && (await fileSize(source.path)) >= (options.readerThreadMinBytes ?? READER_THREAD_MIN_BYTES)) {
        return (fields, onRow, onBatch) =>
            onBatch
                ? thread.scanBatches(source, fields, onBatch, scanOptions)
                : thread.scan(source, fields, onRow, scanOptions);
    }
    return (fields, onRow) => scanDataSource(source, fields, onRow, scanOptions);
}

/** The size of a file, or -1 when it cannot be read (the reader then reports why). */
async function fileSize(path: string): Promise<number> {
    try {
        return (await stat(path)).size;
    } catch {
        return -1;
    }
}

/** Adds the rows that objectives rejected as impossible (skipBadRows) to the reader's skipped rows, once per line. */
function withRejectedRows(result: ScanResult, runs: readonly ObjectiveRun[]): ScanResult {
    const rejected = new Map<number, DataError>();
    for (const run of runs) for (const [line, error] of run.rejectedRows) rejected.set(line, error);
    if (rejected.size === 0) return result;
    const skipped = [...result.skipped];
    for (const error of [...rejected.values()].sort((a, b) => a.line - b.line)) {
        if (skipped.length < MAX_REJECTED_REASONS) {
            skipped.push({ line: error.line, column: error.column, reason: error.reason });
        }
    }
    return { ...result, rowsSkipped: result.rowsSkipped + rejected.size, skipped };
}
