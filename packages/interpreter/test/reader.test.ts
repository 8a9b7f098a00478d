import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../src/sources/row-source.js';
import { DataError } from '../src/data-error.js';
import { column, dataSource, scanSource, tempFile, type TestScan } from './helpers.js';

/** Reads every row into plain arrays of [values, texts]. */
async function readAll(
    path: string,
    columns: ReturnType<typeof column>[],
    extra: Parameters<typeof dataSource>[2] = {},
    options: TestScan = {},
) {
    const source = dataSource(path, columns, extra);
    const fields: FieldSpec[] = columns.map((c) => ({ column: c, optional: false }));
    const rows: { line: number; values: number[]; texts: (string | undefined)[] }[] = [];
    const result = await scanSource(
        source,
        fields,
        (row) => {
            rows.push({ line: row.line, values: [...row.values], texts: [...row.texts] });
        },
        options,
    );
    return { rows, result };
}

async function dataError(promise: Promise<unknown>): Promise<DataError> {
    try {
        await promise;
    } catch (error) {
        if (error instanceof DataError) return error;
        throw error;
    }
    throw new Error('expected a DataError');
}

const ts = column('timestamp', 'time');

describe('CSV reader', () => {
    it('reads quoted fields: commas, doubled quotes, line breaks, CRLF', async () => {
        const path = tempFile(
            'q.csv',
            'timestamp,note,latency\r\n' +
                '2025-03-01T00:00:00Z,"a, b",12.5\r\n' +
                '2025-03-01T00:01:00Z,"say ""hi""",7\r\n' +
                '2025-03-01T00:02:00Z,"two\nlines",-3\r\n' +
                '2025-03-01T00:03:00Z,plain,"42"\r\n',
        );
        const { rows } = await readAll(path, [ts, column('note', 'text'), column('latency', 'number')]);
        expect(rows.map((r) => r.texts[1])).toEqual(['a, b', 'say "hi"', 'two\nlines', 'plain']);
        expect(rows.map((r) => r.values[2])).toEqual([12.5, 7, -3, 42]);
        expect(rows.map((r) => r.values[0])).toEqual(
            [0, 1, 2, 3].map((m) => Date.parse('2025-03-01T00:00:00Z') + m * 60_000),
        );
        // The quoted line break makes the last record start on line 6 (header 1, rows 2, 3, 4–5, 6).
        expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 6]);
    });

    it('reads only the declared columns, in any header order, with a BOM', async () => {
        const path = tempFile(
            'o.csv',
            '\uFEFFup,extra,timestamp\nyes,x,2025-03-01T01:00:00+01:00\nDOWN,y,2025-03-01T01:01:00.5+0100\n',
        );
        const { rows } = await readAll(path, [ts, column('up', 'boolean')]);
        expect(rows.map((r) => r.values)).toEqual([
            [Date.parse('2025-03-01T00:00:00Z'), 1],
            [Date.parse('2025-03-01T00:01:00.500Z'), 0],
        ]);
    });

    it('reads timestamp forms and rejects impossible ones', async () => {
        // The same instant 2025-03-01T11:30:00Z written five ways, then seconds cut short, 30 February, hour 25.
        const good = [
            '2025-03-01T11:30:00Z',
            '2025-03-01 12:30:00+01:00',
            '2025-03-01T06:30-0500',
            '2025-03-01T11:30:00.000Z',
            '2025-03-01T13:30:00+02',
        ];
        const { rows } = await readAll(tempFile('t.csv', 'timestamp\n' + good.join('\n') + '\n'), [ts]);
        expect(rows.map((r) => r.values[0])).toEqual(good.map(() => Date.parse('2025-03-01T11:30:00Z')));
        for (const bad of [
            '2025-03-01T11:30:5',
            '2025-02-30T00:00:00Z',
            '2025-03-01T25:00:00Z',
            '2025-03-01T11:30:00+1',
        ]) {
            const error = await dataError(readAll(tempFile('bad.csv', `timestamp\n${bad}`), [ts]));
            expect(error.found).toBe(`"${bad}"`);
        }
    });

    it('rejects years outside 1900–2199 with the line, column and a hint, and counts them when skipping', async () => {
        // 9024 for 2024: one such row would open 7 000 years of empty windows. 1900 and 2199 are the limits, and read.
        const text =
            'timestamp,up\n2024-03-01T00:00:00Z,1\n9024-03-01T00:01:00Z,1\n1900-01-01T00:00:00Z,1\n2199-12-31T23:59:00Z,1\n1899-12-31T23:59:00Z,0\n';
        const columns = [ts, column('up', 'boolean')];
        for (const fastPath of [true, false]) {
            const error = await dataError(readAll(tempFile('y.csv', text), columns, {}, { fastPath }));
            expect([error.line, error.column, error.found]).toEqual([3, 1, '"9024-03-01T00:01:00Z"']);
            expect(error.message).toContain(
                'The date 9024-03-01 is outside the years 1900–2199 that measurements are read for (a mistyped year?)',
            );
            const { rows, result } = await readAll(
                tempFile('y.csv', text),
                columns,
                {},
                { fastPath, skipBadRows: true },
            );
            expect(rows.map((r) => r.line)).toEqual([2, 4, 5]);
            expect(rows.map((r) => r.values[0])).toEqual([
                Date.UTC(2024, 2, 1),
                Date.UTC(1900, 0, 1),
                Date.UTC(2199, 11, 31, 23, 59),
            ]);
            expect([result.rowsSkipped, result.skipped.map((s) => s.line)]).toEqual([2, [3, 6]]);
        }
    });

    it('accepts every boolean spelling', async () => {
        const path = tempFile(
            'b.csv',
            'timestamp,up\n' +
                ['1', '0', 'true', 'FALSE', 'Up', 'down', 'yes', 'No']
                    .map((b) => `2025-01-01T00:00:00Z,${b}`)
                    .join('\n'),
        );
        const { rows } = await readAll(path, [ts, column('up', 'boolean')]);
        expect(rows.map((r) => r.values[1])).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    });

    it('keeps records whole across chunk boundaries', async () => {
        // 30 000 rows of ~60 bytes is ~1.8 MB: more than one 1 MiB chunk; every 7th has a quoted, multi-line note.
        const lines = ['timestamp,note,latency'];
        for (let i = 0; i < 30_000; i++) {
            const t = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
            lines.push(`${t},${i % 7 === 0 ? `"row ${i},\nquoted"` : `row ${i}`},${i}.25`);
        }
        const { rows } = await readAll(tempFile('big.csv', lines.join('\n') + '\n'), [
            ts,
            column('note', 'text'),
            column('latency', 'number'),
        ]);
        expect(rows.length).toBe(30_000);
        expect(
            rows.every(
                (r, i) => r.values[2] === i + 0.25 && r.texts[1] === (i % 7 === 0 ? `row ${i},\nquoted` : `row ${i}`),
            ),
        ).toBe(true);
    });

    it('reports a malformed boolean with file, line and column', async () => {
        const path = tempFile('bad.csv', 'timestamp,up\n2025-03-01T00:00:00Z,1\n2025-03-01T00:01:00Z,maybe\n');
        const error = await dataError(readAll(path, [ts, column('up', 'boolean')]));
        // Row 2 of data is line 3; "maybe" starts after "2025-03-01T00:01:00Z," (21 characters) → column 22.
        expect([error.file, error.line, error.column]).toEqual([path, 3, 22]);
        expect(error.message).toContain(`${path}:3:22: expected a boolean`);
        expect(error.found).toBe('"maybe"');
    });

    it('reports a wrong field count', async () => {
        const path = tempFile('count.csv', 'timestamp,up\n2025-03-01T00:00:00Z,1,7\n');
        const error = await dataError(readAll(path, [ts, column('up', 'boolean')]));
        // The extra field "7" starts at column 24 of line 2.
        expect([error.line, error.column, error.expected, error.found]).toEqual([
            2,
            24,
            '2 fields as in the header',
            '3',
        ]);
    });

    it('rejects a timestamp without offset unless the source declares a zone', async () => {
        const path = tempFile('local.csv', 'timestamp,up\n2025-03-30T03:30:00,1\n');
        const error = await dataError(readAll(path, [ts, column('up', 'boolean')]));
        expect([error.line, error.column]).toEqual([2, 1]);
        expect(error.hint).toContain('no offset');
        // With Europe/Berlin declared: 03:30 CEST on 30 March 2025 = 01:30Z.
        const { rows } = await readAll(path, [ts, column('up', 'boolean')], { timeZone: 'Europe/Berlin' });
        expect(rows[0].values[0]).toBe(Date.parse('2025-03-30T01:30:00Z'));
    });

    it('reads local times across clock changes and says which ones occur twice', async () => {
        // Europe/Berlin, 2025: clocks go forward at 02:00 on 30 March (02:30 does not exist: the instant
        // 30 minutes after the gap starts, 01:30Z = 03:30 CEST) and back at 03:00 on 26 October (02:00–02:59
        // occur twice: first occurrence CEST, 02:15 = 00:15Z; 03:15 is CET only, 02:15Z).
        const csv =
            'timestamp,up\n2025-03-30T02:30:00,1\n2025-10-26T01:59:00,1\n2025-10-26T02:15:00,1\n2025-10-26T02:45:00,1\n2025-10-26T03:15:00,1\n';
        const { rows, result } = await readAll(tempFile('dst.csv', csv), [ts, column('up', 'boolean')], {
            timeZone: 'Europe/Berlin',
        });
        expect(rows.map((r) => new Date(r.values[0]).toISOString())).toEqual([
            '2025-03-30T01:30:00.000Z',
            '2025-10-25T23:59:00.000Z',
            '2025-10-26T00:15:00.000Z',
            '2025-10-26T00:45:00.000Z',
            '2025-10-26T02:15:00.000Z',
        ]);
        expect(result.notes).toEqual([
            'local times 2025-10-26 02:15 to 02:45 (Europe/Berlin) occur twice, as clocks go back; they were read as their first occurrence. ' +
                'Write the timestamps with their UTC offset to make them exact.',
        ]);
        const plain = await readAll(
            tempFile('plain.csv', 'timestamp,up\n2025-10-26T04:00:00,1\n'),
            [ts, column('up', 'boolean')],
            { timeZone: 'Europe/Berlin' },
        );
        expect(plain.result.notes).toBeUndefined();
    });

    it('finds times that occur twice in a half-hour clock change too', async () => {
        // Australia/Lord_Howe goes back from +11:00 to +10:30 at 02:00 on 6 April 2025: 01:30–01:59 occur twice.
        // 01:15 is before the repeated half hour (+11:00 → 14:15Z); 01:45 is read as +11:00 → 14:45Z.
        const csv = 'timestamp,up\n2025-04-06T01:15:00,1\n2025-04-06T01:45:00,1\n';
        const { rows, result } = await readAll(tempFile('lhi.csv', csv), [ts, column('up', 'boolean')], {
            timeZone: 'Australia/Lord_Howe',
        });
        expect(rows.map((r) => new Date(r.values[0]).toISOString())).toEqual([
            '2025-04-05T14:15:00.000Z',
            '2025-04-05T14:45:00.000Z',
        ]);
        expect(result.notes?.[0]).toMatch(/^local times 2025-04-06 01:45 \(Australia\/Lord_Howe\) occur twice/);
    });

    it('finds times that occur twice when clocks go back two hours, and names each night apart', async () => {
        // Antarctica/Troll goes back from +02:00 to +00:00 at 03:00 on 26 October 2025: 01:00–02:59 occur twice, and
        // 01:30 is read as +02:00 → 23:30Z the day before. New York goes back at 02:00 on 3 November 2024 and on
        // 2 November 2025: 01:00–01:59 twice each year, read as EDT (−04:00). Instants checked with Intl.
        const troll = await readAll(
            tempFile('troll.csv', 'timestamp,up\n2025-10-26T01:30:00,1\n'),
            [ts, column('up', 'boolean')],
            { timeZone: 'Antarctica/Troll' },
        );
        expect(new Date(troll.rows[0].values[0]).toISOString()).toBe('2025-10-25T23:30:00.000Z');
        expect(troll.result.notes?.[0]).toMatch(/^local times 2025-10-26 01:30 \(Antarctica\/Troll\) occur twice/);
        const csv = 'timestamp,up\n2024-11-03T01:10:00,1\n2024-11-03T01:20:00,1\n2025-11-02T01:40:00,1\n';
        const york = await readAll(tempFile('york.csv', csv), [ts, column('up', 'boolean')], {
            timeZone: 'America/New_York',
        });
        expect(york.rows.map((r) => new Date(r.values[0]).toISOString())).toEqual([
            '2024-11-03T05:10:00.000Z',
            '2024-11-03T05:20:00.000Z',
            '2025-11-02T05:40:00.000Z',
        ]);
        expect(york.result.notes?.[0]).toMatch(
            /^local times 2024-11-03 01:10 to 01:20, 2025-11-02 01:40 \(America\/New_York\) occur twice/,
        );
    });

    it('converts local times next to a clock change at one minute past midnight', async () => {
        // St. John's moved from −03:30 to −02:30 at 00:01 local on 3 April 2005 (until 2011 its changes were at
        // 00:01): 00:00 local is 03:30Z, 01:01 local is 03:31Z (Intl: 03:31Z shows 01:01 GMT−2:30).
        const csv = 'timestamp,up\n2005-04-03T00:00:00,1\n2005-04-03T01:01:00,1\n';
        const { rows } = await readAll(tempFile('stjohns.csv', csv), [ts, column('up', 'boolean')], {
            timeZone: 'America/St_Johns',
        });
        expect(rows.map((r) => new Date(r.values[0]).toISOString())).toEqual([
            '2005-04-03T03:30:00.000Z',
            '2005-04-03T03:31:00.000Z',
        ]);
    });

    it('counts columns in characters, not bytes, after text that is not ASCII', async () => {
        // Line 2: "2025-03-01T00:00:00Z," is 21 characters and "é-ü," 4 (6 bytes): x12 starts at column 26.
        // Line 3: the quoted "ü,é" takes 5 characters plus its comma: "maybe" starts at 21 + 6 + 1 = 28.
        // Line 4: one field too many: the extra field "ß" starts after 21 + 2 + 2 characters, at column 26.
        const csv =
            'timestamp,region,up\n2025-03-01T00:00:00Z,é-ü,x12\n2025-03-01T00:01:00Z,"ü,é",maybe\n2025-03-01T00:02:00Z,é,1,ß\n';
        const columns = [ts, column('region', 'text'), column('up', 'boolean')];
        const { result } = await readAll(tempFile('utf8.csv', csv), columns, {}, { skipBadRows: true });
        expect(result.skipped.map((s) => [s.line, s.column])).toEqual([
            [2, 26],
            [3, 28],
            [4, 26],
        ]);
    });

    it('names missing header columns', async () => {
        const path = tempFile('h.csv', 'time,up\n2025-03-01T00:00:00Z,1\n');
        const error = await dataError(readAll(path, [ts, column('up', 'boolean')]));
        expect([error.line, error.expected]).toEqual([1, 'column "timestamp"']);
    });

    it('refuses a header that names a column it reads twice, and ignores repeats of columns it does not read', async () => {
        // "up" is column 2 and column 4: which one is meant cannot be known. "note" twice does not matter.
        const path = tempFile('twice.csv', 'timestamp,up,note,up,note\n2025-03-01T00:00:00Z,1,a,0,b\n');
        const error = await dataError(readAll(path, [ts, column('up', 'boolean')]));
        expect([error.line, error.expected, error.found]).toEqual([
            1,
            'one column named "up"',
            'columns 2 and 4 both named so',
        ]);
        const { rows } = await readAll(tempFile('notes.csv', 'timestamp,note,up,note\n2025-03-01T00:00:00Z,a,1,b\n'), [
            ts,
            column('up', 'boolean'),
        ]);
        expect(rows.map((r) => r.values[1])).toEqual([1]);
    });

    it('counts and reports bad rows with skipBadRows', async () => {
        const path = tempFile(
            'skip.csv',
            'timestamp,latency\n2025-03-01T00:00:00Z,1\n2025-03-01T00:01:00Z,abc\nnot-a-time,3\n2025-03-01T00:03:00Z,4\n',
        );
        const { rows, result } = await readAll(path, [ts, column('latency', 'number')], {}, { skipBadRows: true });
        expect(rows.map((r) => r.values[1])).toEqual([1, 4]);
        expect(result.rowsRead).toBe(4);
        expect(result.rowsSkipped).toBe(2);
        expect(result.skipped.map((s) => [s.line, s.column])).toEqual([
            [3, 22],
            [4, 1],
        ]);
    });

    it('reports a missing file as a DataError', async () => {
        const error = await dataError(readAll(join(tmpdir(), 'nonexistent', 'probes.csv'), [ts]));
        expect(error.found).toBe('no such file');
    });
});

describe('NDJSON reader', () => {
    it('reads objects by header key and reports bad lines', async () => {
        const path = tempFile(
            'p.ndjson',
            '{"timestamp":"2025-03-01T00:00:00Z","up":true,"latency":12}\n\n{"timestamp":"2025-03-01T00:01:00Z","up":"down","latency":"7.5"}\n{"timestamp":"2025-03-01T00:02:00Z","up":2}\n',
        );
        const columns = [ts, column('up', 'boolean'), column('latency', 'number')];
        const error = await dataError(readAll(path, columns, { format: 'ndjson' }));
        // Line 4 (after a blank line 2): up = 2 is not a boolean.
        expect(error.line).toBe(4);
        const { rows, result } = await readAll(path, columns, { format: 'ndjson' }, { skipBadRows: true });
        expect(rows.map((r) => [r.values[1], r.values[2]])).toEqual([
            [1, 12],
            [0, 7.5],
        ]);
        expect(result.rowsSkipped).toBe(1);
    });
});

describe('CSV reader against a reference parser', () => {
    /** Straightforward RFC 4180 parsing of a whole string, character by character: the simple path. */
    function referenceParse(text: string): string[][] {
        const records: string[][] = [];
        let fields: string[] = [];
        let field = '';
        let i = 0;
        while (i < text.length) {
            const c = text[i];
            if (c === '"' && field === '') {
                i++;
                while (!(text[i] === '"' && text[i + 1] !== '"')) {
                    field += text[i];
                    i += text[i] === '"' ? 2 : 1;
                }
                i++;
            } else if (c === ',') {
                fields.push(field);
                field = '';
                i++;
            } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
                fields.push(field);
                records.push(fields);
                fields = [];
                field = '';
                i += c === '\r' ? 2 : 1;
            } else {
                field += c;
                i++;
            }
        }
        return records;
    }

    it('reads random quoted and unquoted records the same way, whatever the chunk size', async () => {
        // Deterministic pseudo-random text fields with commas, quotes, CR/LF and non-ASCII characters.
        let seed = 7;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const pieces = ['a', 'b', 'xyz', ' ', ',', '"', '\n', '\r\n', 'é', '€', '1.5'];
        const field = () =>
            Array.from({ length: Math.floor(random() * 4) }, () => pieces[Math.floor(random() * pieces.length)]).join(
                '',
            );
        const encode = (value: string) =>
            /[",\r\n]/.test(value) || (value !== '' && random() < 0.2) ? `"${value.replace(/"/g, '""')}"` : value;
        const lines = ['a,b,c'];
        for (let r = 0; r < 400; r++) lines.push([field(), field(), field()].map(encode).join(','));
        const text = lines.map((l) => l + (random() < 0.5 ? '\r\n' : '\n')).join('');
        const expected = referenceParse(text)
            .slice(1)
            .filter((record) => !(record.length === 1 && record[0] === ''));
        const path = tempFile('random.csv', text);
        const columns = [column('a', 'text'), column('b', 'text'), column('c', 'text')];
        for (const chunkBytes of [5, 64, 1 << 20]) {
            const { rows } = await readAll(path, columns, {}, { chunkBytes });
            expect(rows.map((r) => r.texts)).toEqual(expected);
        }
    });
});

describe('JSON reader', () => {
    it('reads an array of objects; the record number stands in for the line', async () => {
        const path = tempFile(
            'p.json',
            JSON.stringify([
                { timestamp: '2025-03-01T00:00:00Z', latency: 12 },
                { timestamp: '2025-03-01T00:01:00Z', latency: 'slow' },
            ]),
        );
        const columns = [ts, column('latency', 'number')];
        const error = await dataError(readAll(path, columns, { format: 'json' }));
        expect([error.line, error.found]).toEqual([2, '"slow"']);
        const { rows } = await readAll(path, columns, { format: 'json' }, { skipBadRows: true });
        expect(rows.map((r) => r.values[1])).toEqual([12]);
        const notArray = await dataError(readAll(tempFile('o.json', '{"a":1}'), columns, { format: 'json' }));
        expect(notArray.expected).toBe('a JSON array of objects');
    });
});
