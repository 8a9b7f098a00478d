/** How the evaluator reads a data source: on this thread, or on the reader thread when it is large. */
import type { DataSource } from '../model.js';
import type { ReadAccess } from './confinement.js';
import type { ReaderThread } from './reader-thread.js';
import { openRowSource } from './registry.js';
import type { FieldSpec, Row, RowBatch, ScanOptions, ScanResult, ScanTuning } from './row-source.js';

const READER_THREAD_MIN_BYTES = 8 << 20;

/**
 * Reads a source with `onRow`, or, where rows arrive in batches (from the reader thread), with
 * `onBatch` (by default `onRow` for each row of the batch).
 */
export type Scanner = (
    fields: readonly FieldSpec[],
    onRow: (row: Row) => void,
    onBatch?: (batch: RowBatch) => void,
) => Promise<ScanResult>;

export interface ScannerOptions extends ScanOptions, ReadAccess {
    /** A thread for reading: sources of at least `readerThreadMinBytes` are decoded on it. */
    readonly readerThread?: ReaderThread;
}

/** How the source is read, decided once for every pass over it. */
export async function scannerFor(
    source: DataSource,
    options: ScannerOptions,
    tuning: ScanTuning = {},
): Promise<Scanner> {
    const rows = openRowSource(source, options);
    const scanOptions = { skipBadRows: options.skipBadRows, allowRead: options.allowRead };
    const thread = options.readerThread;
    if (thread && ((await rows.size()) ?? -1) >= (tuning.readerThreadMinBytes ?? READER_THREAD_MIN_BYTES)) {
        return (fields, onRow, onBatch) =>
            onBatch
                ? thread.scanBatches(source, fields, onBatch, scanOptions, tuning)
                : thread.scan(source, fields, onRow, scanOptions, tuning);
    }
    return (fields, onRow) => rows.scan(fields, onRow, scanOptions, tuning);
}
