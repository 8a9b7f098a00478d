/**
 * The CSV fast path: one pass over a record's bytes that finds the delimiters and decodes the
 * typed columns at the same time — numbers, 0/1 booleans and timestamps straight from the bytes,
 * repeated text through the interner's byte trie — without a string per field. Anything it does not handle
 * (a quote, an empty field, another boolean spelling, a long number, a wrong field count, the last
 * record without a line break) makes it give the record back to the general path, which reads it
 * with full RFC 4180 rules and reports errors. Both paths must give identical rows; the tests
 * check that on random data.
 */
import type { Column } from '../model.js';
import { twoDigits, type TimestampParser } from '../values.js';
import type { Row } from './row-source.js';
import { HOUR_MS, MINUTE_MS } from '../time.js';

/** What the fast path does with the field at one header position. */
const enum FieldKind {
    Skip,
    Time,
    Number,
    Boolean,
    Text,
    /** A type the fast path does not decode (durations): every record goes the general way. */
    Unsupported,
}

/** `read` results besides the position after the record. */
export const INCOMPLETE = -1;
const GENERAL = -2;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const MINUS = 45;
const PLUS = 43;
const POINT = 46;
const COLON = 58;
const Z = 90;

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The longest timestamp text whose bytes are kept for comparison with the next one. */
const MAX_TIME_BYTES = 40;

export interface TextSource {
    /** The text of the bytes [start, end); its id is then in `lastId` (-1: not interned). */
    text(buf: Uint8Array, start: number, end: number): string;
    readonly lastId: number;
    /** The text of an id. */
    textOf(id: number): string;
    /** The interned values as a byte trie: `trie[state * 256 + byte]` is the next state (0 root, -1 none). */
    readonly trie: Int32Array;
    /** The id of the value ending at a state, or -1. */
    readonly idOfState: Int32Array;
    /** The bytes of the interned values: value `id` is `pool[offsets[id], offsets[id] + lengths[id])`. */
    readonly pool: Uint8Array;
    readonly offsets: Int32Array;
    readonly lengths: Int32Array;
}

export class TypedRecordReader {
    /** False when a column type needs the general path for every record. */
    readonly usable: boolean;
    /**
     * The last timestamp parsed (lastTimeLength 0: none yet), to be compared four bytes at a time:
     * its bytes as little-endian words read from the buffer with the same DataView call, then the
     * bytes after the last whole word.
     */
    private readonly lastTimeWords = new Int32Array(MAX_TIME_BYTES / 4);
    private readonly lastTime = new Uint8Array(MAX_TIME_BYTES);
    private lastTimeLength = 0;
    private lastTimeValue = NaN;
    private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
    private viewBuffer: Uint8Array | undefined;
    /** Per slot, the id of the last text value read by `readText` (-1: none). */
    private readonly previousIds: Int32Array;
    /**
     * Per slot, the id that followed each id the last time: `successors[slot][id]` (-1: none).
     * Text columns such as a service name mostly repeat in the same order, so the guess is
     * checked first, with independent byte comparisons instead of a walk down the trie.
     */
    private readonly successors: Int32Array[];

    constructor(
        slotOfPosition: Int32Array,
        types: readonly Column['type'][],
        private readonly row: Row,
        private readonly interners: readonly TextSource[],
        private readonly timestamps: TimestampParser,
    ) {
        const kinds = Array.from(slotOfPosition, (slot) => (slot < 0 ? FieldKind.Skip : kindOf(types[slot])));
        this.usable = !kinds.includes(FieldKind.Unsupported);
        this.previousIds = new Int32Array(types.length).fill(-1);
        this.successors = types.map(() => new Int32Array(16).fill(-1));
        this.read = this.usable ? compileRead(kinds, slotOfPosition) : () => GENERAL;
    }

    /**
     * Decodes the record at `pos` into the row; returns the position after its line break,
     * INCOMPLETE when the buffer ends first, or GENERAL when the general path must read it.
     * Compiled for the header's layout (see `compileRead`): it checks the byte after every field
     * (a comma, or the line break after the last), so a field reader may stop at the end of the
     * value it expects and leave that check to it. Called by `readRecords`, which sets `view`.
     */
    private readonly read: (buf: Uint8Array, pos: number, to: number) => number;

    /** How many records the last `readRecords` read, and what stopped it (INCOMPLETE or GENERAL). */
    recordsRead = 0;
    stoppedBy = INCOMPLETE;

    /**
     * Reads records from `pos` while the fast path can, handing each row to `onRow` with its line
     * (the first is `line`); returns the position after the last one read. A function of its own,
     * so that V8 inlines the record reader and its field readers here rather than spending its
     * inlining budget on the caller's general path.
     */
    readRecords(buf: Uint8Array, pos: number, to: number, line: number, onRow: (row: Row) => void): number {
        const row = this.row;
        this.viewOf(buf);
        let count = 0;
        let next = this.read(buf, pos, to);
        while (next >= 0) {
            row.line = line + count++;
            pos = next;
            onRow(row);
            next = pos < to ? this.read(buf, pos, to) : INCOMPLETE;
        }
        this.recordsRead = count;
        this.stoppedBy = next;
        return pos;
    }

    skip(buf: Uint8Array, i: number, to: number): number {
        return fieldEnd(buf, i, to);
    }

    /**
     * A decimal with at most 15 digits (leading zeros included), integer part then fraction; anything
     * else (an exponent, more digits) goes the general way, which gives the same double for these.
     */
    readNumber(buf: Uint8Array, i: number, to: number, slot: number): number {
        const negative = buf[i] === MINUS;
        if (negative || buf[i] === PLUS) i++;
        const digitsStart = i;
        let mantissa = 0;
        let d: number;
        for (; i < to && (d = buf[i] - 48) >= 0 && d <= 9; i++) mantissa = mantissa * 10 + d;
        let fractionDigits = 0;
        let point = 0;
        if (i < to && buf[i] === POINT) {
            point = 1;
            const fractionStart = ++i;
            for (; i < to && (d = buf[i] - 48) >= 0 && d <= 9; i++) mantissa = mantissa * 10 + d;
            fractionDigits = i - fractionStart;
        }
        if (i >= to) return INCOMPLETE;
        const digits = i - digitsStart - point;
        if (digits === 0 || digits > 15) return GENERAL;
        // The same arithmetic as parseNumberBytes, so both paths give the same double.
        const value = fractionDigits ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
        this.row.values[slot] = negative ? -value : value;
        return i;
    }

    readBoolean(buf: Uint8Array, i: number, to: number, slot: number): number {
        if (i >= to) return INCOMPLETE;
        const c = buf[i];
        if (c !== 48 && c !== 49) return GENERAL;
        this.row.values[slot] = c - 48;
        return i + 1;
    }

    /**
     * Tries the value that followed the previous one last time, then walks the interned values'
     * trie while finding the field's end; a value not in it is interned by hash.
     */
    readText(buf: Uint8Array, i: number, to: number, slot: number): number {
        const interner = this.interners[slot];
        const previous = this.previousIds[slot];
        const guess = previous >= 0 ? this.successors[slot][previous] : -1;
        if (guess >= 0) {
            const end = i + interner.lengths[guess];
            // The field must end where the guess does: a longer value that starts with the guess
            // (svc1 before svc10) is looked up, not sent to the general reader by the record's end check.
            if (
                end < to &&
                buf[end] <= COMMA &&
                isSpecial(buf[end]) &&
                sameBytes(buf, i, interner.pool, interner.offsets[guess], end - i)
            ) {
                this.setText(slot, interner.textOf(guess), guess);
                this.previousIds[slot] = guess;
                return end;
            }
        }
        return this.findText(buf, i, to, slot, previous);
    }

    private findText(buf: Uint8Array, i: number, to: number, slot: number, previous: number): number {
        const start = i;
        const interner = this.interners[slot];
        const trie = interner.trie;
        let state = 0;
        for (; i < to; i++) {
            const c = buf[i];
            if (c <= COMMA && isSpecial(c)) break;
            if (state >= 0) state = trie[state * 256 + c];
        }
        if (i >= to) return INCOMPLETE;
        if (i === start) return GENERAL;
        let id = state >= 0 ? interner.idOfState[state] : -1;
        if (id >= 0) this.setText(slot, interner.textOf(id), id);
        else {
            this.setText(slot, interner.text(buf, start, i), interner.lastId);
            id = interner.lastId;
        }
        if (previous >= 0 && id >= 0) this.rememberSuccessor(slot, previous, id);
        this.previousIds[slot] = id;
        return i;
    }

    private setText(slot: number, text: string, id: number): void {
        this.row.texts[slot] = text;
        this.row.ids[slot] = id;
        this.row.values[slot] = NaN;
    }

    private rememberSuccessor(slot: number, previous: number, id: number): void {
        let successors = this.successors[slot];
        if (previous >= successors.length) {
            const grown = new Int32Array(Math.max(previous + 1, successors.length * 2)).fill(-1);
            grown.set(successors);
            successors = this.successors[slot] = grown;
        }
        successors[previous] = id;
    }

    private viewOf(buf: Uint8Array): DataView {
        if (buf !== this.viewBuffer) {
            this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
            this.viewBuffer = buf;
        }
        return this.view;
    }

    /**
     * Reads a timestamp, reusing the last one's value when the bytes are the same: rows often
     * share their timestamp. The common `YYYY-MM-DDTHH:MM:SSZ` is compared here as five words, in
     * a function small enough for V8 to inline into the record reader; other lengths and new
     * timestamps take the call.
     */
    readTime(buf: Uint8Array, i: number, to: number, slot: number): number {
        if (this.lastTimeLength === 20 && i + 20 < to) {
            const view = this.view;
            const words = this.lastTimeWords;
            // A longer field that starts with the same 20 bytes fails the record reader's check of the byte at i + 20.
            if (
                view.getInt32(i, true) === words[0] &&
                view.getInt32(i + 4, true) === words[1] &&
                view.getInt32(i + 8, true) === words[2] &&
                view.getInt32(i + 12, true) === words[3] &&
                view.getInt32(i + 16, true) === words[4]
            ) {
                this.row.values[slot] = this.lastTimeValue;
                return i + 20;
            }
        }
        return this.readOtherTime(buf, i, to, slot);
    }

    private readOtherTime(buf: Uint8Array, i: number, to: number, slot: number): number {
        const length = this.lastTimeLength;
        if (length > 0 && length !== 20 && i + length < to && this.isLastTime(buf, i) && isSpecial(buf[i + length])) {
            this.row.values[slot] = this.lastTimeValue;
            return i + length;
        }
        return this.parseTime(buf, i, to, slot);
    }

    /** Whether the bytes at `i` start with the last timestamp parsed: four bytes at a time, then the rest. */
    private isLastTime(buf: Uint8Array, i: number): boolean {
        const length = this.lastTimeLength;
        const view = this.viewOf(buf);
        const words = this.lastTimeWords;
        let k = 0;
        for (; k + 4 <= length; k += 4) if (view.getInt32(i + k, true) !== words[k >> 2]) return false;
        for (; k < length; k++) if (buf[i + k] !== this.lastTime[k]) return false;
        return true;
    }

    private parseTime(buf: Uint8Array, i: number, to: number, slot: number): number {
        const sameDay = this.sameDayTime(buf, i, to);
        if (!Number.isNaN(sameDay)) {
            this.row.values[slot] = sameDay;
            this.rememberTime(buf, i, 20, sameDay);
            return i + 20;
        }
        const start = i;
        i = fieldEnd(buf, i, to);
        if (i >= to) return INCOMPLETE;
        const t = this.timestamps.parseBytes(buf, start, i);
        if (Number.isNaN(t)) return GENERAL;
        this.row.values[slot] = t;
        const length = i - start;
        if (length <= MAX_TIME_BYTES) this.rememberTime(buf, start, length, t);
        return i;
    }

    /**
     * A `YYYY-MM-DDTHH:MM:SSZ` with the same date as the last timestamp, which had that form too:
     * its value is the last one's moved by the difference of the times of day, checked as
     * `TimestampParser.parseBytes` checks them (hour ≤ 24, minute ≤ 59). NaN for anything else,
     * which the general parser then reads, leap seconds (:60) included on either side: they are
     * not whole seconds after the minute. The byte after is the record reader's check.
     */
    private sameDayTime(buf: Uint8Array, i: number, to: number): number {
        const last = this.lastTime;
        if (
            this.lastTimeLength !== 20 ||
            last[19] !== Z ||
            i + 20 >= to ||
            buf[i + 19] !== Z ||
            buf[i + 13] !== COLON ||
            buf[i + 16] !== COLON
        )
            return NaN;
        for (let k = 0; k < 11; k++) if (buf[i + k] !== last[k]) return NaN;
        const hour = twoDigits(buf, i + 11);
        const minute = twoDigits(buf, i + 14);
        const second = twoDigits(buf, i + 17);
        if (!(hour <= 24 && minute <= 59 && second <= 59 && twoDigits(last, 17) <= 59)) return NaN;
        const sinceLast =
            (hour - twoDigits(last, 11)) * HOUR_MS +
            (minute - twoDigits(last, 14)) * MINUTE_MS +
            (second - twoDigits(last, 17)) * 1000;
        return this.lastTimeValue + sinceLast;
    }

    private rememberTime(buf: Uint8Array, start: number, length: number, value: number): void {
        const view = this.viewOf(buf);
        for (let k = 0; k + 4 <= length; k += 4) this.lastTimeWords[k >> 2] = view.getInt32(start + k, true);
        for (let k = 0; k < length; k++) this.lastTime[k] = buf[start + k];
        this.lastTimeLength = length;
        this.lastTimeValue = value;
    }
}

/**
 * The record reader for one layout: the field readers called in header order with their slots
 * as constants, and the delimiter checks between them. A loop over the layout with a switch per
 * field took about 0.1 s longer on 10 M rows, as V8 cannot specialise it. Only numbers from
 * the layout enter the generated code.
 */
function compileRead(
    kinds: readonly FieldKind[],
    slots: Int32Array,
): (buf: Uint8Array, pos: number, to: number) => number {
    const last = kinds.length - 1;
    const lines = ['let i = pos;', `if (i < to && (buf[i] === ${LF} || buf[i] === ${CR})) return ${GENERAL};`];
    kinds.forEach((kind, position) => {
        lines.push(
            `i = ${FIELD_READERS[kind as Exclude<FieldKind, FieldKind.Unsupported>]}(buf, i, to, ${slots[position]});`,
            'if (i < 0) return i;',
            `if (i >= to) return ${INCOMPLETE};`,
        );
        if (position < last) lines.push(`if (buf[i] !== ${COMMA}) return ${GENERAL};`, 'i++;');
    });
    lines.push(
        `if (buf[i] === ${LF}) return i + 1;`,
        `if (buf[i] !== ${CR}) return ${GENERAL};`,
        `if (i + 1 >= to) return ${INCOMPLETE};`,
        `return buf[i + 1] === ${LF} ? i + 2 : ${GENERAL};`,
    );
    return new Function('buf', 'pos', 'to', lines.join('\n')) as (buf: Uint8Array, pos: number, to: number) => number;
}

/** The method that reads a field of each kind: (buf, i, to, slot) → position after the field, or INCOMPLETE/GENERAL. */
const FIELD_READERS: Record<Exclude<FieldKind, FieldKind.Unsupported>, string> = {
    [FieldKind.Skip]: 'this.skip',
    [FieldKind.Time]: 'this.readTime',
    [FieldKind.Number]: 'this.readNumber',
    [FieldKind.Boolean]: 'this.readBoolean',
    [FieldKind.Text]: 'this.readText',
};

function kindOf(type: Column['type']): FieldKind {
    switch (type) {
        case 'time':
            return FieldKind.Time;
        case 'number':
            return FieldKind.Number;
        case 'boolean':
            return FieldKind.Boolean;
        case 'text':
            return FieldKind.Text;
        default:
            return FieldKind.Unsupported;
    }
}

/** The position of the first special byte at or after `i` (or `to`). Most bytes are above ',' (digits, letters). */
function fieldEnd(buf: Uint8Array, i: number, to: number): number {
    for (; i < to; i++) {
        const c = buf[i];
        if (c <= COMMA && isSpecial(c)) return i;
    }
    return i;
}

/** Whether buf[start, start + length) equals pool[offset, offset + length). */
function sameBytes(buf: Uint8Array, start: number, pool: Uint8Array, offset: number, length: number): boolean {
    for (let k = 0; k < length; k++) if (buf[start + k] !== pool[offset + k]) return false;
    return true;
}

/** A byte that ends an unquoted field, or a quote that needs the general path. */
function isSpecial(c: number): boolean {
    return c === COMMA || c === LF || c === CR || c === QUOTE;
}
