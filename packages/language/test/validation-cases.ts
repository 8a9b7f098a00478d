/**
 * Reads the data-driven validation cases in test/validation/*.sla.
 *
 * A comment line `// $expect <severity> <code> ["message part"]` (\" for a quote inside) states a diagnostic that must appear
 * on the next line that is not itself an `$expect` line. When that line marks ranges with `»…«`, the
 * expectations above it take the marked ranges in order and must match them exactly; otherwise the
 * diagnostic must start somewhere on that line. The markers are removed before parsing.
 * `// $expect none` anywhere makes the case assert that no diagnostic at all (not even a hint) appears.
 */
import type { Range } from 'vscode-languageserver-types';

export type ExpectedSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface Expectation {
    readonly severity: ExpectedSeverity;
    readonly code: string;
    readonly message?: string;
    /** 0-based line in the text without markers. */
    readonly line: number;
    readonly range?: Range;
    /** Where the `$expect` comment is, 1-based, for failure messages. */
    readonly sourceLine: number;
}

export interface ValidationCase {
    readonly text: string;
    readonly expectations: readonly Expectation[];
    readonly expectNone: boolean;
}

const EXPECT = /^\s*\/\/\s*\$expect\s+(.*)$/;
const EXPECTATION = /^(error|warning|info|hint)\s+(\S+)(?:\s+"((?:\\.|[^"\\])*)")?\s*$/;

export function parseCase(source: string, fileName: string): ValidationCase {
    const lines = source.split('\n');
    const text: string[] = [];
    const expectations: Expectation[] = [];
    let pending: { severity: ExpectedSeverity; code: string; message?: string; sourceLine: number }[] = [];
    let expectNone = false;
    lines.forEach((line, index) => {
        const marker = EXPECT.exec(line);
        if (marker) {
            if (marker[1].trim() === 'none') {
                expectNone = true;
            } else {
                const parts = EXPECTATION.exec(marker[1]);
                if (!parts)
                    throw new Error(
                        `${fileName}:${index + 1}: cannot read '$expect ${marker[1]}'; write '$expect <severity> <code> ["message part"]'`,
                    );
                pending.push({
                    severity: parts[1] as ExpectedSeverity,
                    code: parts[2],
                    message: parts[3]?.replace(/\\(.)/g, '$1'),
                    sourceLine: index + 1,
                });
            }
            text.push(line);
            return;
        }
        const { stripped, ranges } = stripMarkers(line, text.length, fileName);
        text.push(stripped);
        if (pending.length === 0 && ranges.length > 0)
            throw new Error(`${fileName}:${index + 1}: a »…« range without an $expect above it`);
        if (ranges.length > pending.length)
            throw new Error(`${fileName}:${index + 1}: more »…« ranges than $expect lines above`);
        pending.forEach((p, i) => expectations.push({ ...p, line: text.length - 1, range: ranges[i] }));
        pending = [];
    });
    if (pending.length > 0)
        throw new Error(`${fileName}: $expect at line ${pending[0].sourceLine} has no line below it`);
    if (expectNone && expectations.length > 0)
        throw new Error(`${fileName}: '$expect none' together with other expectations`);
    return { text: text.join('\n'), expectations, expectNone };
}

/** Removes `»` and `«` from one line and returns the ranges they enclosed, in the stripped line. */
function stripMarkers(line: string, lineIndex: number, fileName: string): { stripped: string; ranges: Range[] } {
    let stripped = '';
    const ranges: Range[] = [];
    let start: number | undefined;
    for (const char of line) {
        if (char === '»') {
            if (start !== undefined) throw new Error(`${fileName}:${lineIndex + 1}: nested » markers`);
            start = stripped.length;
        } else if (char === '«') {
            if (start === undefined) throw new Error(`${fileName}:${lineIndex + 1}: « without »`);
            ranges.push({
                start: { line: lineIndex, character: start },
                end: { line: lineIndex, character: stripped.length },
            });
            start = undefined;
        } else {
            stripped += char;
        }
    }
    if (start !== undefined) throw new Error(`${fileName}:${lineIndex + 1}: » without «`);
    return { stripped, ranges };
}
