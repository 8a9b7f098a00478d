/**
 * CSV records: finding the fields of one record (RFC 4180 quoting), and the header record that
 * names the columns, as both the evaluation and the editor's column checks read it.
 */
import { DataError } from '../data-error.js';
import { shownText } from './shown-text.js';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Finds the fields of one CSV record. The fast path handles records without quotes in one tight
 * loop; a record with a quote goes through the RFC 4180 path (doubled quotes, line breaks inside
 * quotes). Field bounds are left in `starts`/`ends`, reused for every record.
 */
export class CsvRecordScanner {
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
                    `"${shownText(String.fromCharCode(buf[i]))}"`,
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

/** The 1-based column of byte `pos` in the line starting at `lineStart`, in characters: UTF-8 continuation bytes do not count. */
export function characterColumn(buf: Uint8Array, lineStart: number, pos: number): number {
    let column = 1;
    for (let i = lineStart; i < pos; i++) if ((buf[i] & 0xc0) !== 0x80) column++;
    return column;
}

/** Start of the line holding position `i`, not before `floor`. */
function lineStartOf(buf: Uint8Array, i: number, floor: number): number {
    while (i > floor && buf[i - 1] !== LF) i--;
    return i;
}

export function fieldText(buf: Uint8Array, start: number, end: number, quoted: number): string {
    const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
    return quoted ? text.replace(/""/g, '"') : text;
}

/**
 * Reads the header record, after a byte-order mark and blank lines, as the evaluation and the
 * editor's column checks both do. Line ends of a lone CR (old Mac OS files) and binary data are
 * refused here: either would make the whole file one header record.
 */
export class CsvHeaderReader {
    /** The header's names (trimmed), once it has been read. */
    names: string[] | undefined;
    /** The line of the header, and the line after it once it has been read. */
    headerLine = 1;
    line = 1;
    private fileStart = true;

    constructor(
        private readonly path: string,
        private readonly scanner: CsvRecordScanner,
    ) {}

    /** Reads from `pos`; returns the position after what it consumed (the header when `names` is set). */
    read(buf: Uint8Array, pos: number, to: number, eof: boolean): number {
        if (this.fileStart) {
            this.fileStart = false;
            if (buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf && pos + 3 <= to) pos += 3;
        }
        const scanner = this.scanner;
        while (pos < to) {
            this.checkFirstLine(buf, pos, to);
            const next = scanner.scan(buf, pos, to, eof, this.line);
            if (next < 0) return pos;
            const recordLine = this.line;
            this.line += 1 + scanner.newlines;
            const { starts, ends, count } = scanner;
            const quoted = scanner.anyQuoted ? scanner.quoted : undefined;
            if (count === 1 && ends[0] === starts[0] && !quoted) {
                pos = next;
                continue;
            }
            const names: string[] = [];
            for (let f = 0; f < count; f++) names.push(fieldText(buf, starts[f], ends[f], quoted?.[f] ?? 0).trim());
            this.names = names;
            this.headerLine = recordLine;
            return next;
        }
        return pos;
    }

    /** Looks at the line from `pos` up to its end outside quotes (or the end of the buffer). */
    private checkFirstLine(buf: Uint8Array, pos: number, to: number): void {
        let inQuotes = false;
        for (let i = pos; i < to; i++) {
            const c = buf[i];
            if (c === 0) throw this.refused(buf, pos, i, 'binary data (a NUL byte)', 'Name a CSV text file.');
            if (c === QUOTE) inQuotes = !inQuotes;
            else if (inQuotes) continue;
            else if (c === LF) return;
            else if (c === CR) {
                if (i + 1 >= to || buf[i + 1] === LF) return;
                throw this.refused(
                    buf,
                    pos,
                    i,
                    'a line that ends with a carriage return alone (CR, as in old Mac OS files)',
                    "Convert the line ends to LF or CR LF, e.g. with tr '\\r' '\\n' < old.csv > new.csv.",
                );
            }
        }
    }

    private refused(buf: Uint8Array, lineStart: number, at: number, found: string, hint: string): DataError {
        return new DataError(
            this.path,
            this.line,
            characterColumn(buf, lineStart, at),
            'a CSV header row whose lines end with LF or CR LF',
            found,
            hint,
        );
    }
}

/** The DataError for a CSV file without a header row. */
export function emptyCsv(path: string): DataError {
    return new DataError(
        path,
        1,
        1,
        'a header row naming the columns',
        'an empty file',
        'Add a header row and data rows.',
    );
}
