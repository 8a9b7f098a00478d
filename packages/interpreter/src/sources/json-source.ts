/** JSON files: one array of objects, read whole. A record's 1-based position stands in for its line. */
import { DataError } from '../data-error.js';
import { FieldDecoder } from './field-decoder.js';
import { readText } from './file-chunks.js';
import { FileSource } from './file-source.js';
import { decodeRecord, locateSyntaxError, writtenNumbers } from './json-records.js';
import type { FieldSpec, Row, ScanOptions, ScanResult, SourceHeader } from './row-source.js';

export class JsonSource extends FileSource {
    /** A JSON array has no header line to read cheaply. */
    header(): Promise<SourceHeader | undefined> {
        return Promise.resolve(undefined);
    }

    async scan(
        fields: readonly FieldSpec[],
        onRow: (row: Row) => void,
        options: ScanOptions = {},
    ): Promise<ScanResult> {
        const path = this.source.path;
        const decoder = new FieldDecoder(this.source, fields, options);
        const text = (await readText(await this.open(), path)).replace(/^\uFEFF/, '');
        const records = parseArray(path, text);
        const numbers = writtenNumbers(text);
        records.forEach((record, index) => {
            decoder.result.rowsRead++;
            decodeRecord(decoder, record, index + 1, onRow, numbers?.[index]);
        });
        return decoder.finish();
    }
}

function parseArray(path: string, text: string): unknown[] {
    let records: unknown;
    try {
        records = JSON.parse(text);
    } catch {
        const { line, column, expected, found } = locateSyntaxError(text);
        throw new DataError(
            path,
            line,
            column,
            `${expected} (the file is to be a JSON array of objects)`,
            found,
            'Fix the JSON, or write one object per line as NDJSON.',
        );
    }
    if (!Array.isArray(records)) {
        throw new DataError(path, 0, 0, 'a JSON array of objects', typeof records, 'Wrap the records in [ ].');
    }
    return records;
}
