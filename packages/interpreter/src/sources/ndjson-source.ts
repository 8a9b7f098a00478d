/** NDJSON files: one JSON object per line; the header is the keys of the first object. */
import { DataError } from '../data-error.js';
import { FieldDecoder } from './field-decoder.js';
import { CHUNK_BYTES, STOP, readChunks } from './file-chunks.js';
import { FileSource } from './file-source.js';
import { decodeRecord, locateSyntaxError, writtenNumbers } from './json-records.js';
import type { FieldSpec, Row, ScanOptions, ScanResult, ScanTuning, SourceHeader } from './row-source.js';

const LF = 10;
const CR = 13;
const HEADER_BYTES = 64 * 1024;

export class NdjsonSource extends FileSource {
    /** The keys of the first record, when it is an object that ends within the first 64 KiB. */
    async header(): Promise<SourceHeader | undefined> {
        const path = this.source.path;
        let header: SourceHeader | undefined;
        await readChunks(await this.open(), path, HEADER_BYTES, (buf, from, to, eof) => {
            const lines = new LineReader(path);
            for (let pos = from; pos < to;) {
                const line = lines.next(buf, pos, to, eof);
                if (!line) break;
                pos = line.next;
                if (line.text === '') continue;
                const record = parsed(line.text);
                if (record && typeof record === 'object' && !Array.isArray(record)) {
                    header = { names: Object.keys(record), line: line.number };
                }
                break;
            }
            return STOP;
        });
        return header;
    }

    async scan(
        fields: readonly FieldSpec[],
        onRow: (row: Row) => void,
        options: ScanOptions = {},
        tuning: ScanTuning = {},
    ): Promise<ScanResult> {
        const path = this.source.path;
        const decoder = new FieldDecoder(this.source, fields, options);
        const lines = new LineReader(path);
        await readChunks(await this.open(), path, tuning.chunkBytes ?? CHUNK_BYTES, (buf, from, to, eof) => {
            let pos = from;
            while (pos < to) {
                const line = lines.next(buf, pos, to, eof);
                if (!line) break;
                pos = line.next;
                if (line.text === '') continue;
                decoder.result.rowsRead++;
                decodeLine(decoder, line.text, line.number, onRow);
            }
            return pos - from;
        });
        return decoder.finish();
    }
}

function decodeLine(decoder: FieldDecoder, text: string, line: number, onRow: (row: Row) => void): void {
    const record = parsed(text);
    if (record === INVALID) {
        const { column, expected, found } = locateSyntaxError(text);
        decoder.fail(
            new DataError(
                decoder.source.path,
                line,
                column,
                `one JSON object per line (${expected} here)`,
                found,
                'Write each record as a JSON object on its own line.',
            ),
        );
        return;
    }
    decodeRecord(decoder, record, line, onRow, writtenNumbers(text)?.[0]);
}

const INVALID = Symbol('invalid JSON');

function parsed(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return INVALID;
    }
}

/**
 * Cuts the buffer into lines, counting them. A file whose first line ends with a CR alone (old
 * Mac OS line ends) is refused: it would be read as one line.
 */
class LineReader {
    private number = 1;

    constructor(private readonly path: string) {}

    /** The line at `pos` (trimmed) and the position after it; undefined when it does not end in the buffer. */
    next(
        buf: Uint8Array,
        pos: number,
        to: number,
        eof: boolean,
    ): { text: string; number: number; next: number } | undefined {
        let newline = buf.indexOf(LF, pos);
        if (newline < 0 || newline >= to) {
            if (this.number === 1) this.refuseLoneCr(buf, pos, to);
            if (!eof) return undefined;
            newline = to;
        } else if (this.number === 1) this.refuseLoneCr(buf, pos, newline);
        const text = Buffer.from(buf.buffer, buf.byteOffset + pos, newline - pos)
            .toString('utf8')
            .trim();
        return { text, number: this.number++, next: Math.min(newline + 1, to) };
    }

    private refuseLoneCr(buf: Uint8Array, pos: number, end: number): void {
        const cr = buf.indexOf(CR, pos);
        if (cr < 0 || cr + 1 >= end) return;
        throw new DataError(
            this.path,
            1,
            Buffer.from(buf.buffer, buf.byteOffset + pos, cr - pos).toString('utf8').length + 1,
            'lines that end with LF or CR LF',
            'a line that ends with a carriage return alone (CR, as in old Mac OS files)',
            "Convert the line ends to LF, e.g. with tr '\\r' '\\n' < old.ndjson > new.ndjson.",
        );
    }
}
