/**
 * ClickHouse's TabSeparatedWithNamesAndTypes output, read as a stream: a line of names, a line of
 * types, then one line per row. It is the one streaming format that reads the same from 18.16 (2018)
 * to current versions (JSONCompactEachRow, for one, came later), and its escapes are simple.
 */
import type { ValueKind } from './types.js';

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', '0': '\0' };

/** One field of a TSV line; null for `\N`. */
export function unescapeField(field: string): string | null {
    if (field === '\\N') return null;
    if (!field.includes('\\')) return field;
    return field.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c);
}

/**
 * An exception that ClickHouse writes into a response it has already begun (HTTP 200): a line
 * `Code: 395, e.displayText() = DB::Exception: …` (18.x) or `Code: 395. DB::Exception: …` (later).
 */
export const INLINE_EXCEPTION = /Code: \d+[.,] (?:e\.displayText\(\) = )?DB::Exception/;

/** The lines of a streamed body; the last, unterminated piece waits for the next chunk. */
export class LineSplitter {
    private readonly decoder = new TextDecoder('utf-8');
    private rest = '';

    push(chunk: Uint8Array): string[] {
        const text = this.rest + this.decoder.decode(chunk, { stream: true });
        const lines = text.split('\n');
        this.rest = lines.pop()!;
        return lines;
    }

    /** What is left at the end of the body (a line without its newline, such as an exception). */
    finish(): string {
        const last = this.rest + this.decoder.decode();
        this.rest = '';
        return last;
    }
}

export interface ClickHouseType {
    readonly kind: ValueKind;
    readonly integer: boolean;
    readonly nullable: boolean;
    /** For DateTime: the zone in the type, undefined when it is the server's zone. */
    readonly zone?: string;
}

/** Reads a type name such as `Nullable(DateTime('UTC'))` or `LowCardinality(String)`. */
export function readType(name: string): ClickHouseType {
    let inner = name;
    let nullable = false;
    for (;;) {
        const wrapped = /^(Nullable|LowCardinality)\((.*)\)$/.exec(inner);
        if (!wrapped) break;
        if (wrapped[1] === 'Nullable') nullable = true;
        inner = wrapped[2];
    }
    const base = { nullable, integer: false };
    if (/^U?Int(8|16|32|64|128|256)$/.test(inner)) return { ...base, kind: 'number', integer: true };
    if (/^(Float(32|64)|Decimal(32|64|128|256)?\(.*\))$/.test(inner)) return { ...base, kind: 'number' };
    if (inner === 'Bool') return { ...base, kind: 'boolean' };
    if (/^(String|FixedString\(\d+\)|UUID|IPv4|IPv6|Enum(8|16)?\(.*\))$/.test(inner)) return { ...base, kind: 'text' };
    const dateTime = /^DateTime(?:\('([^']+)'\))?$/.exec(inner) ?? /^DateTime64\(\d+(?:, ?'([^']+)')?\)$/.exec(inner);
    if (dateTime) return { ...base, kind: 'time', zone: dateTime[1] };
    return { ...base, kind: 'other' };
}
