/**
 * The row-source layer: a source of typed rows with positions for error messages. The evaluator,
 * the reader thread and the language server's header checks all read data through it; each kind
 * of source (CSV, NDJSON, JSON files today) implements `RowSource`, and `registry.ts` opens the
 * right one for a data source.
 */
import type { Column, DataSource } from '../model.js';

export interface FieldSpec {
    readonly column: Column;
    /** An empty field is allowed (NaN / undefined) rather than an error, e.g. the end of an open ticket. */
    readonly optional: boolean;
}

/** One decoded row; slots follow the order of the `FieldSpec`s. Reused between rows. */
export interface Row {
    line: number;
    /** time → UTC ms, number, boolean → 1/0, duration → ms; NaN for an allowed empty field or a text column. */
    readonly values: Float64Array;
    /** The field text of every column (decoded for text columns and for any field the caller reads as text). */
    readonly texts: (string | undefined)[];
    /**
     * For text columns, a small number standing for the value: within one scan the same value
     * always gets the same id. -1 when the value was not interned (quoted, long, or past the limit).
     */
    readonly ids: Int32Array;
}

/**
 * Rows handed over together (a batch of the reader thread's ring): row r, for r in [start, end),
 * has the value of slot s at `values[r * stride + s]` and, for a text slot, its text id at
 * `ids[r * stride + s]`. Valid only during the call it is passed to.
 */
export interface RowBatch {
    readonly start: number;
    readonly end: number;
    readonly stride: number;
    readonly values: Float64Array;
    readonly ids: Int32Array;
    /** The text of a text slot of row r. */
    text(r: number, slot: number): string | undefined;
    /** Row r as a `Row`, in one reused object. */
    row(r: number): Row;
}

/** Hands each row of a batch to `onRow`. */
export function eachRow(onRow: (row: Row) => void): (batch: RowBatch) => void {
    return (batch) => {
        for (let r = batch.start; r < batch.end; r++) onRow(batch.row(r));
    };
}

export interface ScanOptions {
    /** Count and report malformed rows instead of failing with a DataError. */
    readonly skipBadRows?: boolean;
}

/** Knobs that tests turn to reach every code path; users have no reason to set them. */
export interface ScanTuning {
    /** False reads CSV with the general path only, to compare it with the fast path. */
    readonly csvFastPath?: boolean;
    /** Size of the read buffer; tests make it tiny so that records cross chunk boundaries. */
    readonly chunkBytes?: number;
    /** Sources of at least this many bytes are read on the reader thread, when there is one (default 8 MiB). */
    readonly readerThreadMinBytes?: number;
}

export interface SkippedRow {
    readonly line: number;
    readonly column: number;
    readonly reason: string;
}

export interface ScanResult {
    rowsRead: number;
    rowsSkipped: number;
    readonly skipped: SkippedRow[];
    /** What the reader had to assume about the data, such as local times that occur twice. */
    notes?: string[];
}

/** The column names of a source as it has them, and the line that names them (for messages). */
export interface SourceHeader {
    readonly names: readonly string[];
    readonly line: number;
}

/** What names a source for caching and file watching. */
export interface SourceIdentity {
    /** The kind and the resolved location, e.g. `csv /project/data/probes.csv`. */
    readonly key: string;
    /** Changes when the rows may have changed: a file's modification time and size. */
    readonly version: string;
    /** Local files whose change may change the rows: as the contract names them, and resolved. */
    readonly watch: readonly string[];
}

/** What a source needs of its data source: plain data, so that a worker thread can open it again. */
export type SourceDescription = Pick<DataSource, 'path' | 'origin' | 'timeZone'>;

export interface RowSource {
    /** The column names, read cheaply (a file's first line); undefined when the source cannot say without a full read. */
    header(): Promise<SourceHeader | undefined>;
    /**
     * Decodes the requested fields of every row, in order, and hands each row to `onRow` (in one
     * reused object). Malformed rows throw a DataError, or are counted and skipped.
     */
    scan(
        fields: readonly FieldSpec[],
        onRow: (row: Row) => void,
        options?: ScanOptions,
        tuning?: ScanTuning,
    ): Promise<ScanResult>;
    identity(): Promise<SourceIdentity>;
    /** How many bytes a scan reads, to decide whether a second thread pays; undefined when unknown. */
    size(): Promise<number | undefined>;
}
