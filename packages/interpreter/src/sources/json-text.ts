/**
 * What JSON.parse does not say: where JSON text goes wrong (as line and column, without quoting
 * the text, as V8's messages do), and the digits of numbers as written, which JSON.parse rounds to
 * doubles before anyone can check them. Used only after JSON.parse failed, or for records with
 * long digit runs, so it favours clarity over speed.
 */

/** Where JSON text stops being JSON, and what was expected there. */
export class JsonSyntaxError extends Error {
    constructor(
        readonly offset: number,
        readonly expected: string,
        readonly found: string,
    ) {
        super(`expected ${expected}, found ${found}`);
    }
}

/** The first syntax error of a JSON text, or undefined when it is valid. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
    const reader = new JsonReader(text);
    try {
        reader.value();
        reader.end();
        return undefined;
    } catch (error) {
        if (error instanceof JsonSyntaxError) return error;
        throw error;
    }
}

/** Per record of a JSON array (or the one object of an NDJSON line): the number members as written. */
export function numberTextsOfRecords(text: string): Map<string, string>[] {
    const reader = new JsonReader(text);
    reader.space();
    if (text[reader.pos] === '{') return [reader.objectNumbers()];
    if (text[reader.pos] !== '[') return [];
    const records: Map<string, string>[] = [];
    reader.elements(() => records.push(text[reader.pos] === '{' ? reader.objectNumbers() : skipped(reader)));
    return records;
}

function skipped(reader: JsonReader): Map<string, string> {
    reader.value();
    return new Map();
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

class JsonReader {
    pos = 0;

    constructor(private readonly text: string) {}

    value(): void {
        this.space();
        const c = this.text[this.pos];
        if (c === '{') this.members(() => this.value());
        else if (c === '[') this.elements(() => this.value());
        else if (c === '"') this.string();
        else if (c === '-' || (c >= '0' && c <= '9')) this.number();
        else this.literal();
    }

    end(): void {
        this.space();
        if (this.pos < this.text.length) this.fail('the end of the text');
    }

    /** The number members of the object here, as written. */
    objectNumbers(): Map<string, string> {
        const numbers = new Map<string, string>();
        this.members((key) => {
            this.space();
            const c = this.text[this.pos];
            if (c === '-' || (c >= '0' && c <= '9')) numbers.set(key, this.number());
            else this.value();
        });
        return numbers;
    }

    /** Reads `{ "key": value, … }`, calling `onValue(key)` at each value. */
    private members(onValue: (key: string) => void): void {
        this.pos++;
        this.space();
        if (this.text[this.pos] === '}') {
            this.pos++;
            return;
        }
        for (;;) {
            this.space();
            if (this.text[this.pos] !== '"') this.fail('a member name in double quotes');
            const key = this.string();
            this.space();
            if (this.text[this.pos] !== ':') this.fail("':' after a member name");
            this.pos++;
            onValue(key);
            if (this.after('}', "',' or '}' after a member")) return;
        }
    }

    /** Reads `[ value, … ]`, calling `onElement()` at each element (which must read it). */
    elements(onElement: () => void): void {
        if (this.text[this.pos] !== '[') this.fail("'['");
        this.pos++;
        this.space();
        if (this.text[this.pos] === ']') {
            this.pos++;
            return;
        }
        for (;;) {
            this.space();
            onElement();
            if (this.after(']', "',' or ']' after an element")) return;
        }
    }

    /** After a member or element: true at the closing bracket, false after a comma. */
    private after(close: string, expected: string): boolean {
        this.space();
        const c = this.text[this.pos];
        if (c !== ',' && c !== close) this.fail(expected);
        this.pos++;
        return c === close;
    }

    private string(): string {
        const start = this.pos++;
        for (; this.pos < this.text.length; this.pos++) {
            const c = this.text[this.pos];
            if (c === '"') return JSON.parse(this.text.slice(start, ++this.pos)) as string;
            if (c === '\\') this.escape();
            else if (c < ' ') this.fail("a closing '\"' (or an escaped control character)");
        }
        return this.fail("a closing '\"'");
    }

    private escape(): void {
        const next = this.text[++this.pos];
        if (next === 'u') {
            if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 1, this.pos + 5))) this.fail('four hex digits');
            this.pos += 4;
        } else if (!'"\\/bfnrt'.includes(next ?? 'x')) this.fail('an escape such as \\n or \\u0041');
    }

    private number(): string {
        NUMBER.lastIndex = this.pos;
        const match = NUMBER.exec(this.text);
        if (!match) return this.fail('a number');
        this.pos += match[0].length;
        return match[0];
    }

    private literal(): void {
        const word = LITERALS.find((w) => this.text.startsWith(w, this.pos));
        if (!word) this.fail('a value (an object, array, string, number, true, false or null)');
        this.pos += word!.length;
    }

    space(): void {
        for (let c = this.text.charCodeAt(this.pos); c === 32 || c === 9 || c === 10 || c === 13;) {
            c = this.text.charCodeAt(++this.pos);
        }
    }

    private fail(expected: string): never {
        throw new JsonSyntaxError(this.pos, expected, describe(this.text, this.pos));
    }
}

/** What stands at `pos`, named rather than quoted: the text may be anything. */
function describe(text: string, pos: number): string {
    const c = text[pos];
    if (c === undefined) return 'the end of the text';
    if (/[{}[\]:,"]/.test(c)) return `'${c}'`;
    if (/[A-Za-z]/.test(c)) return 'a letter';
    if (/\d/.test(c)) return 'a digit';
    if (/[\p{P}\p{S}]/u.test(c) && c.charCodeAt(0) < 128) return `'${c}'`;
    return c < ' ' ? 'a control character' : 'an unexpected character';
}
