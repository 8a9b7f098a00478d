/**
 * Turning the fields of a data file into typed values: one decoder per scan, shared by every kind
 * of source. Errors become DataErrors, or skipped-row records with skipBadRows; values quoted in
 * them are short and escaped (shown-text.ts).
 */
import type { Column } from '../model.js';
import { DataError } from '../data-error.js';
import { Zone, impossibleDate } from '../time.js';
import {
    TimestampParser,
    latin1,
    parseBooleanBytes,
    parseBooleanText,
    parseDurationText,
    parseNumberBytes,
    parseNumberText,
    holdsAsWritten,
} from '../values.js';
import { TypedRecordReader } from './csv-fast-path.js';
import { characterColumn } from './csv-records.js';
import type { FieldSpec, Row, ScanOptions, ScanResult, SourceDescription } from './row-source.js';
import { shownNames, shownText } from './shown-text.js';
import { TextInterner } from './text-interner.js';

const MAX_SKIP_REASONS = 5;

const EXPECTED: Record<Column['type'], string> = {
    time: 'a timestamp with offset or Z, e.g. 2025-03-01T12:00:00Z',
    number: 'a number such as 12.5',
    boolean: 'a boolean (1/0, true/false, up/down, yes/no)',
    text: 'text',
    duration: 'a duration such as PT1H30M, 01:30, 90 min or a number of ms',
};

/** Local times in the hour that clocks go back over are read as their first occurrence: the report says so. */
function ambiguityNote(timestamps: TimestampParser, source: SourceDescription): string | undefined {
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
export class FieldDecoder {
    readonly row: Row;
    readonly result: ScanResult = { rowsRead: 0, rowsSkipped: 0, skipped: [] };
    readonly timestamps: TimestampParser;

    constructor(
        readonly source: SourceDescription,
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

    /** The result of the scan, with what the reader had to assume. */
    finish(): ScanResult {
        const ambiguity = ambiguityNote(this.timestamps, this.source);
        return ambiguity ? { ...this.result, notes: [ambiguity] } : this.result;
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
        // Up to 15 characters hold at most 15 digits, which a double always tells apart.
        if (end - start > 15 && this.types[slot] === 'number') {
            return this.exact(slot, latin1(buf, start, end), value, line, column);
        }
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
        if (text.length > 15 && spec.column.type === 'number') return this.exact(slot, text, value, line, column);
        return true;
    }

    /** Refuses a number that a double cannot hold as written: it would be compared as another number. */
    private exact(slot: number, text: string, value: number, line: number, column: number): boolean {
        if (holdsAsWritten(text, value)) return true;
        const spec = this.fields[slot];
        return this.fail(
            new DataError(
                this.source.path,
                line,
                this.characterColumn(column),
                `a number with at most 15 significant digits in column "${spec.column.header}" (a double holds no more exactly)`,
                `"${shownText(text.trim())}", which would be read as ${value}`,
                'Round the value to 15 significant digits; for an identifier, declare the column as text. ' +
                    'Or run with --skip-bad-rows (skipBadRows) to count and skip such rows.',
            ),
        );
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
                `"${shownText(text)}"`,
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
                `the header ${shownNames(headers, (name) => `"${name}"`)}`,
                `Add the column to the file, or set the column's header in the data source declaration.`,
            );
        }
        return slotOfPosition;
    }
}
