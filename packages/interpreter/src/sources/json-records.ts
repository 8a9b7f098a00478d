/** Turning parsed JSON records into rows, for the NDJSON and JSON sources. */
import { DataError } from '../data-error.js';
import type { FieldDecoder } from './field-decoder.js';
import { jsonSyntaxError, lineAndColumn, numberTextsOfRecords } from './json-text.js';
import type { Row } from './row-source.js';
import { shownText } from './shown-text.js';

/**
 * The number members of each record as written, when the text may hold a number of more digits
 * than a double holds (16 digits, a point among them or not), which JSON.parse would round unseen;
 * undefined, the common case, otherwise.
 */
export function writtenNumbers(text: string): Map<string, string>[] | undefined {
    return SIXTEEN_DIGITS.test(text) ? numberTextsOfRecords(text) : undefined;
}

const SIXTEEN_DIGITS = /\d(?:\.?\d){15}/;

/** Where JSON text that JSON.parse refused goes wrong: 1-based line and column, and what was expected. */
export function locateSyntaxError(text: string): { line: number; column: number; expected: string; found: string } {
    const error = jsonSyntaxError(text);
    if (!error) return { line: 1, column: 1, expected: 'valid JSON', found: 'text JSON.parse does not read' };
    return { ...lineAndColumn(text, error.offset), expected: error.expected, found: error.found };
}

export function decodeRecord(
    decoder: FieldDecoder,
    record: unknown,
    line: number,
    onRow: (row: Row) => void,
    numbers?: Map<string, string>,
): void {
    const path = decoder.source.path;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        decoder.fail(
            new DataError(
                path,
                line,
                1,
                'a JSON object',
                shownText(JSON.stringify(record) ?? 'nothing'),
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
        else if (typeof value === 'number') text = numbers?.get(header) ?? String(value);
        else if (typeof value === 'string') text = value;
        else {
            decoder.fail(
                new DataError(
                    path,
                    line,
                    1,
                    `a value in "${header}"`,
                    shownText(JSON.stringify(value)),
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
