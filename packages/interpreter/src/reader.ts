/**
 * Streaming readers for data files: a byte-level CSV scanner (RFC 4180 quoting, fast path for
 * unquoted fields) and NDJSON/JSON. Only the columns a contract uses are decoded; every row is
 * handed to the caller in one reused `Row` object.
 */
import { open, readFile } from 'node:fs/promises';
import type { Column, DataSource } from './model.js';
import { DataError } from './data-error.js';
import { Zone, impossibleDate } from './time.js';
import {
    TimestampParser,
    latin1,
    parseBooleanBytes,
    parseBooleanText,
    parseDurationText,
    parseNumberBytes,
    parseNumberText,
} from './values.js';
import { INCOMPLETE, TypedRecordReader } from './typed-records.js';

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
    readonly skipBadRows?: boolean;
    /** Size of the read buffer; tests make it tiny so that records cross chunk boundaries. */
    readonly chunkBytes?: number;
    /** Tests turn the CSV fast path off to compare it with the general path. */
    readonly fastPath?: boolean;
}

export interface ScanResult {
    rowsRead: number;
    rowsSkipped: number;
    readonly skipped: { line: number; column: number; reason: string }[];
    /** What the reader had to assume about the data, such as local times that occur twice. */
    notes?: string[];
}

const MAX_SKIP_REASONS = 5;
const CHUNK_BYTES = 1 << 20;

const EXPECTED: Record<Column['type'], string> = {
    time: 'a timestamp with offset or Z, e.g. 2025-03-01T12:00:00Z',
    number: 'a number such as 12.5',
    boolean: 'a boolean (1/0, true/false, up/down, yes/no)',
    text: 'text',
    duration: 'a duration such as PT1H30M, 01:30, 90 min or a number of ms',
};

export async function scanDataSource(
    source: DataSource,
    fields: readonly FieldSpec[],
    onRow: (row: Row) => void,
    options: ScanOptions = {},
): Promise<ScanResult> {
    const scanner = new FieldDecoder(source, fields, options);
    const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
    if (source.format === 'csv') await scanCsv(source.path, scanner, onRow, chunkBytes, options.fastPath ?? true);
    else if (source.format === 'ndjson') await scanNdjson(source.path, scanner, onRow, chunkBytes);
    else await scanJson(source.path, scanner, onRow);
    const ambiguity = ambiguityNote(scanner.timestamps, source);
    return ambiguity ? { ...scanner.result, notes: [ambiguity] } : scanner.result;
}

/** Local times in the hour that clocks go back over are read as their first occurrence: the report says so. */
function ambiguityNote(timestamps: TimestampParser, source: DataSource): string | undefined {
    const nights = [...timestamps.ambiguousByDay.values()].sort((a, b) => a.first - b.first);
    if (nights.length === 0) return undefined;
    const local = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
    const spans = nights.map(({ first, last }) =>
        first === last ? local(first) : `${local(first)} to ${local(last).slice(11)}`,
    );
    const listed =
        spans.length > MAX_NIGHTS_NAMED
            ? [...spans.slice(0, MAX_NIGHTS_NAMED), `${spans.length - MAX_NIGHTS_NAMED} more nights`]
            : spans;
    return (
        `local times ${listed.join(', ')} (${source.timeZone}) occur twice, as clocks go back; they were read as their first occurrence. ` +
        'Write the timestamps with their UTC offset to make them exact.'
    );
}

const MAX_NIGHTS_NAMED = 3;

/** Turns field text into typed values, and errors into DataErrors or skipped-row records. */
class FieldDecoder {
    readonly row: Row;
    readonly result: ScanResult = { rowsRead: 0, rowsSkipped: 0, skipped: [] };
    readonly timestamps: TimestampParser;

    constructor(
        readonly source: DataSource,
        readonly fields: readonly FieldSpec[],
        private readonly options: ScanOptions,
    ) {
        this.row = {
            line: 0,
            values: new Float64Array(fields.length),
            texts: new Array(fields.length).fill(undefined),
            ids: new Int32Array(fields.length).fill(-1),
        };
        this.timestamps = new TimestampParser(source.timeZone ? new Zone(source.timeZone) : undefined);
        this.interned = fields.map(() => new TextInterner());
        this.types = fields.map((f) => f.column.type);
    }

    private readonly types: readonly Column['type'][];

    private readonly interned: TextInterner[];

    /** The CSV record being decoded on the general path: errors count its columns in characters, not bytes. */
    private recordBuf: Uint8Array | undefined;
    private recordStart = 0;

    startRecord(buf: Uint8Array, lineStart: number): void {
        this.recordBuf = buf;
        this.recordStart = lineStart;
    }

    /** A 1-based column counted in bytes from the record's start, in characters. */
    private characterColumn(byteColumn: number): number {
        return this.recordBuf
            ? characterColumn(this.recordBuf, this.recordStart, this.recordStart + byteColumn - 1)
            : byteColumn;
    }

    /** Decodes one field from bytes; returns false (after throwing or recording) when it is malformed. */
    decodeBytes(slot: number, buf: Uint8Array, start: number, end: number, line: number, column: number): boolean {
        if (start === end) return this.empty(slot, line, column);
        let value: number;
        switch (this.types[slot]) {
            case 'time':
                value = this.timestamps.parseBytes(buf, start, end);
                break;
            case 'number':
                value = parseNumberBytes(buf, start, end);
                break;
            case 'boolean':
                value = parseBooleanBytes(buf, start, end);
                break;
            case 'duration':
                value = parseDurationText(latin1(buf, start, end));
                break;
            case 'text':
                this.row.texts[slot] = this.interned[slot].text(buf, start, end);
                this.row.ids[slot] = this.interned[slot].lastId;
                this.row.values[slot] = NaN;
                return true;
        }
        this.row.values[slot] = value;
        if (Number.isNaN(value)) return this.malformed(slot, latin1(buf, start, end), line, column);
        return true;
    }

    decodeText(slot: number, text: string, line: number, column: number): boolean {
        const spec = this.fields[slot];
        if (text === '') return this.empty(slot, line, column);
        let value: number;
        switch (spec.column.type) {
            case 'time':
                value = this.timestamps.parseText(text);
                break;
            case 'number':
                value = parseNumberText(text);
                break;
            case 'boolean':
                value = parseBooleanText(text);
                break;
            case 'duration':
                value = parseDurationText(text);
                break;
            case 'text':
                this.row.texts[slot] = text;
                this.row.ids[slot] = -1;
                this.row.values[slot] = NaN;
                return true;
        }
        this.row.values[slot] = value;
        if (Number.isNaN(value)) return this.malformed(slot, text, line, column);
        return true;
    }

    private empty(slot: number, line: number, column: number): boolean {
        this.row.values[slot] = NaN;
        this.row.texts[slot] = '';
        this.row.ids[slot] = -1;
        const spec = this.fields[slot];
        if (spec.optional || spec.column.type === 'text') return true;
        return this.fail(
            new DataError(
                this.source.path,
                line,
                this.characterColumn(column),
                `${EXPECTED[spec.column.type]} in column "${spec.column.header}"`,
                'an empty field',
                'Fill in the value, or run with --skip-bad-rows (skipBadRows) to count and skip such rows.',
            ),
        );
    }

    private malformed(slot: number, text: string, line: number, column: number): boolean {
        const spec = this.fields[slot];
        const noOffset =
            spec.column.type === 'time' &&
            !this.timestamps.acceptsLocal &&
            /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text.trim());
        const missingDay = spec.column.type === 'time' ? impossibleDate(text) : undefined;
        const hint = missingDay
            ? `The date ${missingDay}. Correct it, or run with --skip-bad-rows (skipBadRows) to count and skip such rows.`
            : noOffset
              ? `The timestamp has no offset: add Z or an offset such as +01:00, or declare the data source's time zone.`
              : 'Correct the value, or run with --skip-bad-rows (skipBadRows) to count and skip such rows.';
        return this.fail(
            new DataError(
                this.source.path,
                line,
                this.characterColumn(column),
                `${EXPECTED[spec.column.type]} in column "${spec.column.header}"`,
                `"${truncate(text)}"`,
                hint,
            ),
        );
    }

    fail(error: DataError): false {
        if (!this.options.skipBadRows) throw error;
        this.result.rowsSkipped++;
        if (this.result.skipped.length < MAX_SKIP_REASONS) {
            this.result.skipped.push({ line: error.line, column: error.column, reason: error.reason });
        }
        return false;
    }

    /** The fast path for records laid out as the header says, or undefined when a column type needs the general path. */
    fastReader(slotOfPosition: Int32Array): TypedRecordReader | undefined {
        const reader = new TypedRecordReader(slotOfPosition, this.types, this.row, this.interned, this.timestamps);
        return reader.usable ? reader : undefined;
    }

    /** Column slots by header position, or a DataError naming the missing headers. */
    mapHeader(headers: readonly string[], line: number): Int32Array {
        const slotOfPosition = new Int32Array(headers.length).fill(-1);
        const missing: string[] = [];
        this.fields.forEach((spec, slot) => {
            const position = headers.indexOf(spec.column.header);
            if (position < 0) missing.push(spec.column.header);
            else slotOfPosition[position] = slot;
            const again = headers.indexOf(spec.column.header, position + 1);
            if (position >= 0 && again >= 0) {
                throw new DataError(
                    this.source.path,
                    line,
                    1,
                    `one column named "${spec.column.header}"`,
                    `columns ${position + 1} and ${again + 1} both named so`,
                    'Rename one of them in the file, so that the data source reads the column it means.',
                );
            }
        });
        if (missing.length > 0) {
            throw new DataError(
                this.source.path,
                line,
                1,
                `column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`,
                `the header ${headers.map((h) => `"${h}"`).join(', ')}`,
                `Add the column to the file, or set the column's header in the data source declaration.`,
            );
        }
        return slotOfPosition;
    }
}

/**
 * Decodes text fields, reusing the string of a byte sequence seen before: columns such as a
 * service name or a region repeat a few values millions of times. An open-addressing table keyed
 * by the bytes' hash, with the bytes of every value in one pool; past MAX_INTERNED distinct values,
 * new ones are decoded without keeping them.
 */
class TextInterner {
    /** Per table entry: the value's id (-1: empty) and hash. */
    private idAt = new Int32Array(64).fill(-1);
    private hashAt = new Int32Array(64);
    /** Per id: its text and where its bytes are in the pool. */
    private readonly texts: string[] = [];
    offsets = new Int32Array(64);
    lengths = new Int32Array(64);
    pool = new Uint8Array(1024);
    private poolUsed = 0;
    /** The id of the value last returned by `text`, or -1 when it was not interned. */
    lastId = -1;
    /**
     * The interned values as a byte trie, so that the CSV fast path finds a value's id while it
     * scans the field: `trie[state * 256 + byte]` is the next state (0 is the root, -1 none) and
     * `idOfState[state]` the id of the value ending there (-1 none).
     */
    trie = new Int32Array(16 * 256).fill(-1);
    idOfState = new Int32Array(16).fill(-1);
    private states = 1;

    textOf(id: number): string {
        return this.texts[id];
    }

    text(buf: Uint8Array, start: number, end: number): string {
        const hash = hashBytes(buf, start, end);
        const mask = this.idAt.length - 1;
        let index = hash & mask;
        for (let id = this.idAt[index]; id >= 0; id = this.idAt[index]) {
            if (this.hashAt[index] === hash && this.isAt(id, buf, start, end)) {
                this.lastId = id;
                return this.texts[id];
            }
            index = (index + 1) & mask;
        }
        return this.insert(index, hash, buf, start, end);
    }

    private isAt(id: number, buf: Uint8Array, start: number, end: number): boolean {
        const length = end - start;
        if (this.lengths[id] !== length) return false;
        const pool = this.pool;
        const offset = this.offsets[id];
        for (let k = 0; k < length; k++) if (pool[offset + k] !== buf[start + k]) return false;
        return true;
    }

    private insert(index: number, hash: number, buf: Uint8Array, start: number, end: number): string {
        const text = decode(buf, start, end);
        const length = end - start;
        this.lastId =
            length <= MAX_INTERNED_BYTES && this.texts.length < MAX_INTERNED
                ? this.add(index, hash, buf, start, length, text)
                : -1;
        return text;
    }

    private add(index: number, hash: number, buf: Uint8Array, start: number, length: number, text: string): number {
        const id = this.texts.length;
        this.texts.push(text);
        if (id === this.offsets.length) {
            this.offsets = grown(this.offsets, id * 2);
            this.lengths = grown(this.lengths, id * 2);
        }
        if (this.poolUsed + length > this.pool.length) {
            const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + length));
            pool.set(this.pool);
            this.pool = pool;
        }
        this.pool.set(buf.subarray(start, start + length), this.poolUsed);
        this.offsets[id] = this.poolUsed;
        this.lengths[id] = length;
        this.poolUsed += length;
        this.idAt[index] = id;
        this.hashAt[index] = hash;
        if (this.texts.length * 2 > this.idAt.length) this.growTable();
        this.addToTrie(buf, start, length, id);
        return id;
    }

    /** Adds the value's path; when the trie is full, values stay out of it (and are found by hash). */
    private addToTrie(buf: Uint8Array, start: number, length: number, id: number): void {
        let state = 0;
        for (let k = 0; k < length; k++) {
            const edge = state * 256 + buf[start + k];
            let next = this.trie[edge];
            if (next < 0) {
                if (this.states === MAX_TRIE_STATES) return;
                if (this.states === this.idOfState.length) this.growTrie();
                next = this.states++;
                this.trie[edge] = next;
            }
            state = next;
        }
        this.idOfState[state] = id;
    }

    private growTrie(): void {
        const trie = new Int32Array(this.trie.length * 2).fill(-1);
        trie.set(this.trie);
        this.trie = trie;
        const idOfState = new Int32Array(this.idOfState.length * 2).fill(-1);
        idOfState.set(this.idOfState);
        this.idOfState = idOfState;
    }

    private growTable(): void {
        const idAt = this.idAt;
        const hashAt = this.hashAt;
        this.idAt = new Int32Array(idAt.length * 2).fill(-1);
        this.hashAt = new Int32Array(idAt.length * 2);
        const mask = this.idAt.length - 1;
        for (let old = 0; old < idAt.length; old++) {
            if (idAt[old] < 0) continue;
            let index = hashAt[old] & mask;
            while (this.idAt[index] >= 0) index = (index + 1) & mask;
            this.idAt[index] = idAt[old];
            this.hashAt[index] = hashAt[old];
        }
    }
}

function grown(array: Int32Array, length: number) {
    const bigger = new Int32Array(length);
    bigger.set(array);
    return bigger;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const MAX_INTERNED = 10_000;
const MAX_INTERNED_BYTES = 64;
/** 4096 states of 256 edges: 4 MiB at most per text column. */
const MAX_TRIE_STATES = 4096;

/** FNV-1a. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], FNV_PRIME);
    return hash;
}

function decode(buf: Uint8Array, start: number, end: number): string {
    return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
}

function truncate(text: string): string {
    return text.length > 40 ? text.slice(0, 37) + '...' : text;
}

async function openOrFail(path: string) {
    try {
        return await open(path, 'r');
    } catch (error) {
        throw unreadable(path, error);
    }
}

function unreadable(path: string, error: unknown): DataError {
    const code = (error as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'no such file' : `an unreadable file (${code ?? String(error)})`;
    return new DataError(
        path,
        0,
        0,
        'a readable data file',
        found,
        'Check the path in the data source declaration; it is relative to the .sla file.',
    );
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Reads the file in chunks and calls `consume(buf, start, end, eof)` with the unconsumed bytes; it
 * returns how many it consumed. The next chunk is read while the current one is consumed, into a
 * second buffer after room for the unconsumed end of the current one, so the chunk itself is
 * never copied.
 */
async function readChunks(
    path: string,
    chunkBytes: number,
    consume: (buf: Uint8Array, start: number, end: number, eof: boolean) => number,
): Promise<void> {
    const handle = await openOrFail(path);
    const room = chunkBytes;
    let current = Buffer.allocUnsafe(room + chunkBytes);
    let other = Buffer.allocUnsafe(room + chunkBytes);
    let pending: Promise<{ bytesRead: number }> = handle.read(current, room, chunkBytes, null);
    let reading = true;
    // The unconsumed bytes of the last chunk: tail[tailStart, tailEnd).
    let tail: Buffer = current;
    let tailStart = room;
    let tailEnd = room;
    try {
        for (;;) {
            const { bytesRead } = await pending;
            reading = false;
            const eof = bytesRead === 0;
            const length = tailEnd - tailStart;
            let buf = current;
            let start = room - length;
            if (length <= room) {
                tail.copy(current, start, tailStart, tailEnd);
            } else {
                // A record longer than a chunk: tail and chunk together in a buffer of their own.
                buf = Buffer.allocUnsafe(length + bytesRead);
                tail.copy(buf, 0, tailStart, tailEnd);
                current.copy(buf, length, room, room + bytesRead);
                start = 0;
            }
            const end = start + length + bytesRead;
            if (!eof) {
                pending = handle.read(other, room, chunkBytes, null);
                reading = true;
            }
            start += consume(buf, start, end, eof);
            if (eof) return;
            tail = buf;
            tailStart = start;
            tailEnd = end;
            [current, other] = [other, current];
        }
    } catch (error) {
        // Only errors of the file system mean the file cannot be read; anything else is passed on.
        if (error instanceof DataError || (error as NodeJS.ErrnoException).code === undefined) throw error;
        throw unreadable(path, error);
    } finally {
        // A read still under way (the consumer threw) must finish before the file is closed.
        if (reading) await pending.catch(() => undefined);
        await handle.close();
    }
}

/**
 * Finds the fields of one CSV record. The fast path handles records without quotes in one tight
 * loop; a record with a quote goes through the RFC 4180 path (doubled quotes, line breaks inside
 * quotes). Field bounds are left in `starts`/`ends`, reused for every record.
 */
class CsvRecordScanner {
    starts = new Int32Array(64);
    ends = new Int32Array(64);
    quoted = new Uint8Array(64);
    count = 0;
    /** Line breaks inside quoted fields of the last record. */
    newlines = 0;
    /** Whether any field of the last record was quoted. */
    anyQuoted = false;

    constructor(private readonly path: string) {}

    /** Scans the record at `pos`; returns the position after it, or -1 when it is incomplete in the buffer. */
    scan(buf: Uint8Array, pos: number, to: number, eof: boolean, line: number): number {
        const starts = this.starts;
        const ends = this.ends;
        const last = starts.length - 1;
        let count = 0;
        let fieldStart = pos;
        for (let i = pos; i < to; i++) {
            const c = buf[i];
            if (c === COMMA) {
                if (count === last) return this.scanQuoted(buf, pos, to, eof, line);
                starts[count] = fieldStart;
                ends[count++] = i;
                fieldStart = i + 1;
            } else if (c === LF) {
                starts[count] = fieldStart;
                ends[count++] = i > fieldStart && buf[i - 1] === CR ? i - 1 : i;
                this.finish(count, 0, false);
                return i + 1;
            } else if (c === QUOTE) {
                return this.scanQuoted(buf, pos, to, eof, line);
            }
        }
        if (!eof) return -1;
        starts[count] = fieldStart;
        ends[count++] = to > fieldStart && buf[to - 1] === CR ? to - 1 : to;
        this.finish(count, 0, false);
        return to;
    }

    private finish(count: number, newlines: number, anyQuoted: boolean): void {
        this.count = count;
        this.newlines = newlines;
        this.anyQuoted = anyQuoted;
    }

    private scanQuoted(buf: Uint8Array, pos: number, to: number, eof: boolean, line: number): number {
        let i = pos;
        let count = 0;
        let newlines = 0;
        for (;;) {
            if (count === this.starts.length) this.grow();
            if (i < to && buf[i] === QUOTE) {
                let j = i + 1;
                let closed = false;
                while (j < to) {
                    const c = buf[j];
                    if (c === QUOTE) {
                        if (j + 1 < to && buf[j + 1] === QUOTE) j += 2;
                        else if (j + 1 >= to && !eof) break;
                        else {
                            closed = true;
                            break;
                        }
                    } else {
                        if (c === LF) newlines++;
                        j++;
                    }
                }
                if (!closed) {
                    if (!eof) return -1;
                    throw new DataError(
                        this.path,
                        line,
                        characterColumn(buf, lineStartOf(buf, i, pos), i),
                        'a closing quote "',
                        'the end of the file',
                        'Close the quoted field.',
                    );
                }
                this.starts[count] = i + 1;
                this.ends[count] = j;
                this.quoted[count++] = 1;
                i = j + 1;
            } else {
                const s = i;
                while (i < to && buf[i] !== COMMA && buf[i] !== LF) i++;
                if (i === to && !eof) return -1;
                this.starts[count] = s;
                this.ends[count] = i > s && buf[i - 1] === CR && (i === to || buf[i] === LF) ? i - 1 : i;
                this.quoted[count++] = 0;
            }
            if (i < to && buf[i] === COMMA) {
                i++;
                continue;
            }
            if (i < to && buf[i] === CR) {
                if (i + 1 >= to && !eof) return -1;
                if (i + 1 < to && buf[i + 1] === LF) i++;
            }
            if (i < to && buf[i] !== LF && buf[i] !== CR) {
                throw new DataError(
                    this.path,
                    line + newlines,
                    characterColumn(buf, lineStartOf(buf, i, pos), i),
                    'a comma or the end of the line after a quoted field',
                    `"${String.fromCharCode(buf[i])}"`,
                    'Quote the whole field and double any quote inside it ("").',
                );
            }
            this.finish(count, newlines, true);
            return i < to ? i + 1 : i;
        }
    }

    private grow(): void {
        const starts = new Int32Array(this.starts.length * 2);
        const ends = new Int32Array(this.ends.length * 2);
        const quoted = new Uint8Array(this.quoted.length * 2);
        starts.set(this.starts);
        ends.set(this.ends);
        quoted.set(this.quoted);
        this.starts = starts;
        this.ends = ends;
        this.quoted = quoted;
    }
}

async function scanCsv(
    path: string,
    decoder: FieldDecoder,
    onRow: (row: Row) => void,
    chunkBytes: number,
    fastPath: boolean,
): Promise<void> {
    const scanner = new CsvRecordScanner(path);
    let line = 1;
    let slotOfPosition: Int32Array | undefined;
    let fast: TypedRecordReader | undefined;
    const row = decoder.row;
    let fileStart = true;

    await readChunks(path, chunkBytes, (buf, from, to, eof) => {
        let pos = from;
        if (fileStart) {
            fileStart = false;
            if (buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf && pos + 3 <= to) pos += 3;
        }
        while (pos < to) {
            if (fast) {
                pos = fast.readRecords(buf, pos, to, line, onRow);
                line += fast.recordsRead;
                decoder.result.rowsRead += fast.recordsRead;
                if (pos >= to || (fast.stoppedBy === INCOMPLETE && !eof)) break;
            }
            const next = scanner.scan(buf, pos, to, eof, line);
            if (next < 0) break;
            const lineStart = pos;
            const recordLine = line;
            line += 1 + scanner.newlines;
            pos = next;
            const { starts, ends, count } = scanner;
            const quoted = scanner.anyQuoted ? scanner.quoted : undefined;
            if (count === 1 && ends[0] === starts[0] && !quoted) continue;
            if (!slotOfPosition) {
                const headers: string[] = [];
                for (let f = 0; f < count; f++)
                    headers.push(fieldText(buf, starts[f], ends[f], quoted?.[f] ?? 0).trim());
                slotOfPosition = decoder.mapHeader(headers, recordLine);
                if (fastPath) fast = decoder.fastReader(slotOfPosition);
                continue;
            }
            decoder.result.rowsRead++;
            if (count !== slotOfPosition.length) {
                const column = characterColumn(
                    buf,
                    lineStart,
                    count > slotOfPosition.length ? starts[slotOfPosition.length] : ends[count - 1],
                );
                decoder.fail(
                    new DataError(
                        path,
                        recordLine,
                        column,
                        `${slotOfPosition.length} fields as in the header`,
                        `${count}`,
                        'Check for a missing or extra comma; quote fields that contain commas.',
                    ),
                );
                continue;
            }
            let ok = true;
            decoder.startRecord(buf, lineStart);
            for (let f = 0; f < count && ok; f++) {
                const slot = slotOfPosition[f];
                if (slot < 0) continue;
                if (quoted?.[f]) {
                    ok = decoder.decodeText(
                        slot,
                        fieldText(buf, starts[f], ends[f], 1),
                        recordLine,
                        starts[f] - lineStart,
                    );
                } else {
                    ok = decoder.decodeBytes(slot, buf, starts[f], ends[f], recordLine, starts[f] - lineStart + 1);
                }
            }
            if (!ok) continue;
            row.line = recordLine;
            onRow(row);
        }
        return pos - from;
    });
    if (!slotOfPosition) {
        throw new DataError(
            path,
            1,
            1,
            'a header row naming the columns',
            'an empty file',
            'Add a header row and data rows.',
        );
    }
}

/** The 1-based column of byte `pos` in the line starting at `lineStart`, in characters: UTF-8 continuation bytes do not count. */
function characterColumn(buf: Uint8Array, lineStart: number, pos: number): number {
    let column = 1;
    for (let i = lineStart; i < pos; i++) if ((buf[i] & 0xc0) !== 0x80) column++;
    return column;
}

/** Start of the line holding position `i`, not before `floor`. */
function lineStartOf(buf: Uint8Array, i: number, floor: number): number {
    while (i > floor && buf[i - 1] !== LF) i--;
    return i;
}

function fieldText(buf: Uint8Array, start: number, end: number, quoted: number): string {
    const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
    return quoted ? text.replace(/""/g, '"') : text;
}

async function scanNdjson(
    path: string,
    decoder: FieldDecoder,
    onRow: (row: Row) => void,
    chunkBytes: number,
): Promise<void> {
    let line = 1;
    await readChunks(path, chunkBytes, (buf, from, to, eof) => {
        let pos = from;
        while (pos < to) {
            let newline = buf.indexOf(LF, pos);
            if (newline < 0 || newline >= to) {
                if (!eof) break;
                newline = to;
            }
            const text = Buffer.from(buf.buffer, buf.byteOffset + pos, newline - pos)
                .toString('utf8')
                .trim();
            pos = Math.min(newline + 1, to);
            const recordLine = line++;
            if (text === '') continue;
            decoder.result.rowsRead++;
            let record: unknown;
            try {
                record = JSON.parse(text);
            } catch (error) {
                decoder.fail(
                    new DataError(
                        path,
                        recordLine,
                        1,
                        'one JSON object per line',
                        `invalid JSON (${(error as Error).message})`,
                        'Write each record as a JSON object on its own line.',
                    ),
                );
                continue;
            }
            decodeRecord(decoder, record, recordLine, onRow);
        }
        return pos - from;
    });
}

async function scanJson(path: string, decoder: FieldDecoder, onRow: (row: Row) => void): Promise<void> {
    let text: string;
    try {
        text = await readFile(path, 'utf8');
    } catch (error) {
        throw unreadable(path, error);
    }
    let records: unknown;
    try {
        records = JSON.parse(text);
    } catch (error) {
        throw new DataError(
            path,
            0,
            0,
            'a JSON array of objects',
            `invalid JSON (${(error as Error).message})`,
            'Fix the JSON, or write one object per line as NDJSON.',
        );
    }
    if (!Array.isArray(records)) {
        throw new DataError(path, 0, 0, 'a JSON array of objects', typeof records, 'Wrap the records in [ ].');
    }
    // A JSON array has no line per record: the record's 1-based position stands in for the line.
    records.forEach((record, index) => {
        decoder.result.rowsRead++;
        decodeRecord(decoder, record, index + 1, onRow);
    });
}

function decodeRecord(decoder: FieldDecoder, record: unknown, line: number, onRow: (row: Row) => void): void {
    const path = decoder.source.path;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        decoder.fail(
            new DataError(
                path,
                line,
                1,
                'a JSON object',
                JSON.stringify(record)?.slice(0, 40) ?? 'nothing',
                'Write each record as an object with the declared columns as keys.',
            ),
        );
        return;
    }
    const object = record as Record<string, unknown>;
    for (let slot = 0; slot < decoder.fields.length; slot++) {
        const header = decoder.fields[slot].column.header;
        const value = object[header];
        let text: string;
        if (value === undefined || value === null) text = '';
        else if (typeof value === 'boolean') text = value ? 'true' : 'false';
        else if (typeof value === 'number' || typeof value === 'string') text = String(value);
        else {
            decoder.fail(
                new DataError(
                    path,
                    line,
                    1,
                    `a value in "${header}"`,
                    JSON.stringify(value).slice(0, 40),
                    'Use a string, number or boolean.',
                ),
            );
            return;
        }
        if (!decoder.decodeText(slot, text, line, 1)) return;
    }
    decoder.row.line = line;
    onRow(decoder.row);
}
