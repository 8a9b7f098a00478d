/**
 * Turns the text form of a server's value into a typed value, with the same parsers the file
 * readers use, so that a timestamp or a number reads the same from PostgreSQL, ClickHouse and CSV.
 */
import { Zone } from '../time.js';
import { TimestampParser, parseBooleanText, parseDurationText, parseNumberText } from '../values.js';
import { EngineColumnTypeError, type EngineErrorContext } from './errors.js';
import { badValue, type EngineValue, type ExpectedColumn, type ResultColumn } from './types.js';

export type ValueDecoder = (text: string, rowNumber: number) => EngineValue;

export interface DecoderSettings {
    /** The number column holds integers: each must be exact as a double. */
    readonly integer: boolean;
    /** Zone of timestamps written without an offset; undefined when the server writes offsets. */
    readonly zone?: Zone;
}

const BOOLEAN_TEXT: Record<string, boolean> = { t: true, f: false };

/** A decoder for one column, read as the kind the source declares (or the column's own kind). */
export function textDecoder(
    context: EngineErrorContext,
    column: ResultColumn,
    declared: ExpectedColumn['kind'] | undefined,
    settings: DecoderSettings,
): ValueDecoder {
    const kind = declared ?? column.kind;
    switch (kind) {
        case 'time':
            return timeDecoder(context, column, settings.zone);
        case 'number':
            return (text, row) => {
                const value = parseNumberText(text);
                if (Number.isNaN(value)) throw badValue(context, column, row, text, 'a finite number');
                if (settings.integer && !Number.isSafeInteger(value)) {
                    throw badValue(context, column, row, text, 'an integer of at most 2^53 in magnitude');
                }
                return value;
            };
        case 'boolean':
            return (text, row) => {
                const value = BOOLEAN_TEXT[text] ?? parseBooleanText(text);
                if (typeof value === 'boolean') return value;
                if (Number.isNaN(value)) throw badValue(context, column, row, text, 'a boolean (or 0/1)');
                return value === 1;
            };
        case 'duration':
            return (text, row) => {
                const value = parseDurationText(text);
                if (Number.isNaN(value)) throw badValue(context, column, row, text, 'a duration of fixed length');
                return value;
            };
        default:
            return (text) => text;
    }
}

function timeDecoder(context: EngineErrorContext, column: ResultColumn, zone: Zone | undefined): ValueDecoder {
    const parser = new TimestampParser(zone);
    return (text, row) => {
        const value = parser.parseText(text);
        if (Number.isNaN(value)) {
            const expected = zone ? 'a timestamp' : 'a timestamp with an offset (or a declared time zone)';
            throw badValue(context, column, row, text, expected);
        }
        if (parser.ambiguousByDay.size > 0) {
            throw new EngineColumnTypeError(
                context,
                `row ${row}, column "${column.name}": "${text}" is a local time in ${zone!.name} that occurs twice (clocks went back)`,
                '',
                'Return the column in UTC or as an instant with an offset, so that each value names one moment.',
            );
        }
        return value;
    };
}

/** The zone for offset-less timestamps, with a clear error for an unknown name. */
export function zoneOf(context: EngineErrorContext, name: string): Zone {
    try {
        return new Zone(name);
    } catch {
        throw new EngineColumnTypeError(
            context,
            `unknown time zone "${name}"`,
            '',
            'Use an IANA zone name such as Europe/Berlin or UTC.',
        );
    }
}
