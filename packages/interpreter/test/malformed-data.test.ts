/**
 * The malformed-data corpus (malformed-data/cases.json): every case is read by every path that
 * reads its format, and each must give the same error, at the same line and column, or read
 * the same rows. The expected messages and values are written out in the manifest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataError } from '../src/data-error.js';
import type { ColumnType } from '../src/model.js';
import { fileSourceOf } from '../src/sources/registry.js';
import type { FieldSpec, Row, ScanTuning } from '../src/sources/row-source.js';
import { at, column, dataSource, scanSource } from './helpers.js';

interface Case {
    readonly file: string;
    readonly columns: readonly (readonly [string, ColumnType])[];
    readonly error?: { line: number; column: number; expected: string; found: string };
    readonly skipped?: readonly { line: number; column: number }[];
    readonly rows?: readonly (readonly (string | number)[])[];
}

const FOLDER = fileURLToPath(new URL('./malformed-data/', import.meta.url));
const { cases } = JSON.parse(fs.readFileSync(path.join(FOLDER, 'cases.json'), 'utf8')) as { cases: Case[] };

/** The ways of reading a format: the CSV fast and general paths, and records across tiny chunks. */
function tunings(file: string): ScanTuning[] {
    const csv = file.endsWith('.csv');
    return csv
        ? [{ csvFastPath: true }, { csvFastPath: false }, { csvFastPath: true, chunkBytes: 7 }]
        : [{}, { chunkBytes: 7 }];
}

async function read(entry: Case, tuning: ScanTuning, skipBadRows: boolean) {
    const columns = entry.columns.map(([name, type]) => column(name, type));
    // Declared in a contract beside the files, the format told by the file name.
    const { path: file, origin } = fileSourceOf(entry.file, undefined, { ...at, file: path.join(FOLDER, 'c.sla') });
    const source = { ...dataSource(file, columns), origin };
    const fields: FieldSpec[] = columns.map((c) => ({ column: c, optional: false }));
    const rows: (string | number | undefined)[][] = [];
    const onRow = (row: Row) => rows.push(columns.map((c, slot) => shown(c.type, row.values[slot], row.texts[slot])));
    const result = await scanSource(source, fields, onRow, {
        skipBadRows,
        fastPath: tuning.csvFastPath,
        chunkBytes: tuning.chunkBytes,
    });
    return { rows, result };
}

function shown(type: ColumnType, value: number, text: string | undefined): string | number | undefined {
    if (type === 'time') return new Date(value).toISOString();
    return type === 'text' ? text : value;
}

describe('the malformed-data corpus', () => {
    it('lists every file of its folder', () => {
        const files = fs.readdirSync(FOLDER).filter((name) => name !== 'cases.json');
        expect(files.sort()).toEqual(cases.map((c) => c.file).sort());
    });

    for (const entry of cases) {
        it(entry.file, async () => {
            for (const tuning of tunings(entry.file)) {
                const how = JSON.stringify(tuning);
                if (entry.error) {
                    const error = await read(entry, tuning, false).then(
                        () => undefined,
                        (e: unknown) => e,
                    );
                    expect(error, how).toBeInstanceOf(DataError);
                    const { file, line, column, expected, found } = error as DataError;
                    expect({ file, line, column, expected, found }, how).toEqual({
                        file: path.join(FOLDER, entry.file),
                        ...entry.error,
                    });
                }
                if (entry.rows) {
                    const { rows, result } = await read(entry, tuning, true);
                    expect(rows, how).toEqual(entry.rows);
                    expect(
                        result.skipped.map((s) => ({ line: s.line, column: s.column })),
                        how,
                    ).toEqual(entry.skipped ?? []);
                }
            }
        });
    }
});
