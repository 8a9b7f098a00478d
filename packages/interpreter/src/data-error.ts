/** Malformed or unreadable measurement data, located in the data file (1-based line and column; 0 when the whole file is meant). */
export class DataError extends Error {
    constructor(
        readonly file: string,
        readonly line: number,
        readonly column: number,
        /** What the reader expected, e.g. "a boolean (1/0, true/false, up/down, yes/no)". */
        readonly expected: string,
        /** What it found instead. */
        readonly found: string,
        /** What the user can do about it. */
        readonly hint: string,
    ) {
        const where = line > 0 ? `${file}:${line}:${column}` : file;
        super(`${where}: expected ${expected}, found ${found}. ${hint}`);
        this.name = 'DataError';
    }

    /** The message without the location, for a list of skipped rows. */
    get reason(): string {
        return `expected ${this.expected}, found ${this.found}`;
    }
}
