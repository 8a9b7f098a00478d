/**
 * Reading a data source on a second thread: a worker opens the same source again (a data source is
 * plain data) and writes its rows into a ring of batches in shared memory, while this thread
 * hands them, in order, to the objectives. Decoding and evaluating then run at the same time. The
 * ring bounds memory: the worker waits when every batch is full and not yet consumed.
 *
 * The caller sees exactly what the source's own `scan` would give: the same rows in the same
 * order, the same interned text ids, the same result and the same DataError.
 */
import type { MessagePort } from 'node:worker_threads';
import type { DataSource } from '../model.js';
import { WorkerHost, sendEnd } from '../worker-host.js';
import type { ReadAccess } from './confinement.js';
import { openRowSource } from './registry.js';
import {
    eachRow,
    type FieldSpec,
    type Row,
    type RowBatch,
    type ScanOptions,
    type ScanResult,
    type ScanTuning,
} from './row-source.js';

/** What a scan on the thread is told: how to treat bad rows, and what may be read. */
export type ThreadScanOptions = ScanOptions & ReadAccess;

/** Batches in the ring, and rows per batch: about 2 MiB of shared memory for four columns. */
const BATCHES = 4;
const BATCH_ROWS = 16_384;

const FREE = 0;
const FULL = 1;

interface ScanJob {
    readonly source: DataSource;
    readonly fields: readonly FieldSpec[];
    readonly options: ScanOptions;
    readonly access: ReadAccess;
    readonly tuning: ScanTuning;
    readonly ring: SharedRing;
}

/** The shared buffers: per batch, BATCH_ROWS rows of every slot's value and text id, and each row's line. */
interface SharedRing {
    readonly state: SharedArrayBuffer;
    readonly values: SharedArrayBuffer;
    readonly ids: SharedArrayBuffer;
    readonly lines: SharedArrayBuffer;
}

/** A full batch, sent while the job runs (its end is a worker-host `done` with the ScanResult). */
interface BatchMessage {
    readonly kind: 'batch';
    readonly batch: number;
    readonly count: number;
    /** Per slot, the interned texts first used in this batch, with their ids. */
    readonly newTexts: readonly (readonly [number, string])[][];
    /** Texts of text fields that were not interned (id -1), in row order. */
    readonly loose: readonly string[];
}

function createRing(fieldCount: number): SharedRing {
    const rows = BATCHES * BATCH_ROWS;
    return {
        state: new SharedArrayBuffer(BATCHES * Int32Array.BYTES_PER_ELEMENT),
        values: new SharedArrayBuffer(rows * fieldCount * Float64Array.BYTES_PER_ELEMENT),
        ids: new SharedArrayBuffer(rows * fieldCount * Int32Array.BYTES_PER_ELEMENT),
        lines: new SharedArrayBuffer(rows * Float64Array.BYTES_PER_ELEMENT),
    };
}

/**
 * A thread for reading data sources, started early so that it is ready when the first one is
 * read; it reads one source at a time (a second scan waits for the first). `script` is the
 * compiled `scan-worker` entry. The thread does not keep the process alive; `close` stops it.
 */
export class ReaderThread {
    private readonly host: WorkerHost;

    constructor(script: string | URL) {
        this.host = new WorkerHost(script, 'the data reader');
        this.host.start();
    }

    /**
     * Reads the data source on the thread, calling `onRow` on this one, with the result its own
     * `scan` would give. An error thrown by `onRow` stops the thread (the next scan starts a new
     * one) and is passed on.
     */
    scan(
        source: DataSource,
        fields: readonly FieldSpec[],
        onRow: (row: Row) => void,
        options: ThreadScanOptions = {},
        tuning: ScanTuning = {},
    ): Promise<ScanResult> {
        return this.scanBatches(source, fields, eachRow(onRow), options, tuning);
    }

    /** `scan`, handing over the rows a batch at a time, in order. */
    scanBatches(
        source: DataSource,
        fields: readonly FieldSpec[],
        onBatch: (batch: RowBatch) => void,
        options: ThreadScanOptions = {},
        tuning: ScanTuning = {},
    ): Promise<ScanResult> {
        const ring = createRing(fields.length);
        const rows = new BatchReader(ring, fields);
        const job: ScanJob = {
            source,
            fields,
            options: { skipBadRows: options.skipBadRows },
            access: { allowRead: options.allowRead },
            tuning: {
                csvFastPath: tuning.csvFastPath,
                chunkBytes: tuning.chunkBytes,
            },
            ring,
        };
        return this.host.run<ScanResult, BatchMessage>(job, (batch) => rows.deliver(batch, onBatch));
    }

    close(): Promise<void> {
        return this.host.close();
    }
}

/** What both sides see of the ring: its typed views, and which slots hold text. */
abstract class RingSide {
    protected readonly state: Int32Array;
    readonly values: Float64Array;
    readonly ids: Int32Array;
    protected readonly lines: Float64Array;
    protected readonly textSlots: number[];

    constructor(
        ring: SharedRing,
        protected readonly fields: readonly FieldSpec[],
    ) {
        this.state = new Int32Array(ring.state);
        this.values = new Float64Array(ring.values);
        this.ids = new Int32Array(ring.ids);
        this.lines = new Float64Array(ring.lines);
        this.textSlots = fields.flatMap((f, slot) => (f.column.type === 'text' ? [slot] : []));
    }
}

/** This thread's side: hands a full batch over where it lies in the ring, then frees it for the worker. */
class BatchReader extends RingSide implements RowBatch {
    start = 0;
    end = 0;
    readonly stride: number;
    private readonly reused: Row;
    /** Per slot, the interned texts by id, as the worker's interner numbered them. */
    private readonly textsById: string[][];
    /** The texts that were not interned (id -1) of the batch being handed over, at `(r - start) * stride + slot`. */
    private looseTexts: (string | undefined)[] = [];

    constructor(ring: SharedRing, fields: readonly FieldSpec[]) {
        super(ring, fields);
        const n = fields.length;
        this.stride = n;
        this.reused = {
            line: 0,
            values: new Float64Array(n),
            texts: new Array(n).fill(undefined),
            ids: new Int32Array(n).fill(-1),
        };
        this.textsById = fields.map(() => []);
    }

    deliver(message: BatchMessage, onBatch: (batch: RowBatch) => void): void {
        message.newTexts.forEach((texts, slot) => {
            for (const [id, text] of texts) this.textsById[slot][id] = text;
        });
        this.start = message.batch * BATCH_ROWS;
        this.end = this.start + message.count;
        this.looseTexts = message.loose.length > 0 ? this.placeLoose(message.loose) : [];
        onBatch(this);
        Atomics.store(this.state, message.batch, FREE);
        Atomics.notify(this.state, message.batch);
    }

    text(r: number, slot: number): string | undefined {
        const id = this.ids[r * this.stride + slot];
        return id >= 0 ? this.textsById[slot][id] : this.looseTexts[(r - this.start) * this.stride + slot];
    }

    row(r: number): Row {
        const { reused: row, stride, values, ids, textSlots } = this;
        const base = r * stride;
        for (let slot = 0; slot < stride; slot++) row.values[slot] = values[base + slot];
        for (let k = 0; k < textSlots.length; k++) {
            const slot = textSlots[k];
            row.ids[slot] = ids[base + slot];
            row.texts[slot] = this.text(r, slot);
        }
        row.line = this.lines[r];
        return row;
    }

    /** The worker sends the texts that were not interned in row order, then slot order. */
    private placeLoose(loose: readonly string[]): (string | undefined)[] {
        const placed: (string | undefined)[] = new Array((this.end - this.start) * this.stride);
        let next = 0;
        for (let r = this.start; r < this.end; r++) {
            for (const slot of this.textSlots) {
                if (this.ids[r * this.stride + slot] < 0) placed[(r - this.start) * this.stride + slot] = loose[next++];
            }
        }
        return placed;
    }
}

/** The worker's side: opens and reads each data source it is sent, one at a time. */
export function serveScanJobs(port: MessagePort): void {
    port.on('message', (job: ScanJob) => void runScanJob(port, job));
}

/** Runs the reader, copying each row into the ring. */
function runScanJob(port: MessagePort, job: ScanJob): Promise<void> {
    const writer = new BatchWriter(port, job.ring, job.fields);
    const scan = openRowSource(job.source, job.access).scan(
        job.fields,
        (row) => writer.add(row),
        job.options,
        job.tuning,
    );
    // The rows before an error are handed over too, as on one thread.
    return sendEnd(
        port,
        scan.finally(() => writer.flush()),
    );
}

/** The worker's side: copies each row into the ring and sends a batch when it is full. */
class BatchWriter extends RingSide {
    /** Per slot, the interned ids whose text this thread has sent. */
    private readonly sent: boolean[][];
    private newTexts: [number, string][][];
    private loose: string[] = [];
    private batch = 0;
    private count = 0;
    /** Whether `batch` has been seen free since it was last sent. */
    private acquired = false;

    constructor(
        private readonly port: MessagePort,
        ring: SharedRing,
        fields: readonly FieldSpec[],
    ) {
        super(ring, fields);
        this.sent = fields.map(() => []);
        this.newTexts = fields.map(() => []);
    }

    add(row: Row): void {
        if (!this.acquired) {
            // Blocks this worker thread until the main thread has consumed the batch.
            while (Atomics.load(this.state, this.batch) === FULL) Atomics.wait(this.state, this.batch, FULL);
            this.acquired = true;
        }
        const { values, textSlots } = this;
        const rowValues = row.values;
        const n = rowValues.length;
        const r = this.batch * BATCH_ROWS + this.count;
        const base = r * n;
        for (let slot = 0; slot < n; slot++) values[base + slot] = rowValues[slot];
        for (let k = 0; k < textSlots.length; k++) this.addText(row, textSlots[k], base);
        this.lines[r] = row.line;
        if (++this.count === BATCH_ROWS) this.flush();
    }

    private addText(row: Row, slot: number, base: number): void {
        const id = row.ids[slot];
        this.ids[base + slot] = id;
        if (id < 0) this.loose.push(row.texts[slot] ?? '');
        else if (!this.sent[slot][id]) {
            // Not always in id order: a value is interned before a bad field later in its row skips the row.
            this.newTexts[slot].push([id, row.texts[slot]!]);
            this.sent[slot][id] = true;
        }
    }

    flush(): void {
        if (this.count === 0) return;
        Atomics.store(this.state, this.batch, FULL);
        const message: BatchMessage = {
            kind: 'batch',
            batch: this.batch,
            count: this.count,
            newTexts: this.newTexts,
            loose: this.loose,
        };
        this.port.postMessage(message);
        this.newTexts = this.fields.map(() => []);
        this.loose = [];
        this.batch = (this.batch + 1) % BATCHES;
        this.count = 0;
        this.acquired = false;
    }
}
