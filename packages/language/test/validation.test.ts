import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmptyFileSystem, URI } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import type { Model } from '../src/generated/ast.js';
import { createSlaServices } from '../src/sla-module.js';
import { Diagnostics } from '../src/validation/codes.js';
import { ReportCodes } from '@sla/interpreter';
import { parseCase, type Expectation } from './validation-cases.js';

const casesFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'validation');
const caseFiles = fs
    .readdirSync(casesFolder)
    .filter((name) => name.endsWith('.sla'))
    .sort();

const services = createSlaServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Sla);
afterEach(() => clearDocuments(services.shared));

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

/** Documents in the cases folder have real file URIs, so data paths resolve against test/validation. */
async function diagnosticsOf(text: string, file: string): Promise<Diagnostic[]> {
    const document = await parse(text, { documentUri: URI.file(file).toString(), validation: true });
    return document.diagnostics ?? [];
}

function codeOf(d: Diagnostic): string | undefined {
    return (d.code ?? (d.data as { code?: string } | undefined)?.code)?.toString();
}

function describeDiagnostic(d: Diagnostic): string {
    const { start, end } = d.range;
    return `${SEVERITY_NAMES[d.severity ?? 1]} ${codeOf(d)} at ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}: ${d.message}`;
}

function samePosition(a: Position, b: Position): boolean {
    return a.line === b.line && a.character === b.character;
}

function matches(d: Diagnostic, e: Expectation): boolean {
    if (codeOf(d) !== e.code || SEVERITY_NAMES[d.severity ?? 1] !== e.severity) return false;
    if (e.message !== undefined && !d.message.includes(e.message)) return false;
    if (e.range) return samePosition(d.range.start, e.range.start) && samePosition(d.range.end, e.range.end);
    return d.range.start.line === e.line;
}

describe('validation cases in test/validation', () => {
    it('has cases', () => expect(caseFiles.length).toBeGreaterThan(0));

    it.each(caseFiles)('%s', async (name) => {
        const file = path.join(casesFolder, name);
        const validationCase = parseCase(fs.readFileSync(file, 'utf8'), name);
        const diagnostics = await diagnosticsOf(validationCase.text, file);
        const report = diagnostics.map(describeDiagnostic).join('\n  ');
        if (validationCase.expectNone) {
            expect(diagnostics, `expected no diagnostics, got:\n  ${report}`).toEqual([]);
            return;
        }
        for (const expectation of validationCase.expectations) {
            const where = expectation.range
                ? `the marked range on line ${expectation.line + 1}`
                : `line ${expectation.line + 1}`;
            expect(
                diagnostics.some((d) => matches(d, expectation)),
                `${name}:${expectation.sourceLine}: expected ${expectation.severity} ${expectation.code}${expectation.message ? ` "${expectation.message}"` : ''} at ${where}; got:\n  ${report}`,
            ).toBe(true);
        }
        const unexpected = diagnostics
            .filter((d) => (d.severity ?? 1) <= 2)
            .filter((d) => !validationCase.expectations.some((e) => matches(d, e)));
        expect(unexpected.map(describeDiagnostic), 'unexpected errors or warnings').toEqual([]);
    });

    it('covers every diagnostic code with at least one case', () => {
        const expected = new Set(
            caseFiles.flatMap((name) =>
                parseCase(fs.readFileSync(path.join(casesFolder, name), 'utf8'), name).expectations.map((e) => e.code),
            ),
        );
        const uncovered = Object.values(Diagnostics)
            .map((d) => d.code)
            .filter((code) => !expected.has(code));
        expect(uncovered).toEqual([]);
    });
});

describe('data file checks outside the file system', () => {
    it('skips documents that are not files', async () => {
        // The same missing file that test/validation/data-files.sla reports is not looked for here.
        const text = 'agreement A { kind internal data probes from "nowhere.csv" { time ts } service S { } }';
        const document = await parse(text, { documentUri: 'memory:/scratch/untitled.sla', validation: true });
        expect(document.diagnostics?.map(codeOf)).not.toContain(Diagnostics.MissingDataFile.code);
        expect(document.diagnostics?.map(codeOf)).toContain(Diagnostics.ServiceWithoutObjective.code);
    });
});

describe('the provider-control warning', () => {
    it('points at each credit or penalty that rests on the metric', async () => {
        const text = [
            'agreement A { kind internal data probes from "p.csv" { time ts, boolean up }',
            '    service S { fee 10 EUR per month',
            '        metric Up = availability of probes.up controlled by customer',
            '        objective O: Up >= 99 % per month',
            '        credit on O { below 99 %: 10 % of fee }',
            '        penalty on O { 5 EUR per breach }',
            '        reward on O { above 99.9 %: 1 % of fee } } }',
        ].join('\n');
        const document = await parse(text, { documentUri: 'memory:/headline.sla', validation: true });
        const [warning] = (document.diagnostics ?? []).filter(
            (d) => codeOf(d) === Diagnostics.UncontrolledPenalisedMetric.code,
        );
        // Lines 5 and 6 (0-based 4 and 5) hold the credit and the penalty; the reward is no reason to warn.
        expect(warning.relatedInformation?.map((r) => [r.location.range.start.line, r.message])).toEqual([
            [4, 'credit on O'],
            [5, 'penalty on O'],
        ]);
    });
});

describe('data file checks and the data access policy', () => {
    const file = path.join(casesFolder, 'data-files.sla');
    const text = parseCase(fs.readFileSync(file, 'utf8'), 'data-files.sla').text;

    async function dataCodes(workspaceFolders: string[], trusted: boolean): Promise<(string | undefined)[]> {
        const restricted = createSlaServices(EmptyFileSystem);
        restricted.Sla.data.DataAccess.restrictTo(
            workspaceFolders.map((f) => URI.file(f).toString()),
            trusted,
        );
        const document = await parseHelper<Model>(restricted.Sla)(text, {
            documentUri: URI.file(file).toString(),
            validation: true,
        });
        return (document.diagnostics ?? [])
            .map(codeOf)
            .filter((code) => code === Diagnostics.MissingDataFile.code || code === Diagnostics.MissingColumn.code);
    }

    it('reads data inside the workspace', async () => {
        // data-files.sla has one missing file and three missing columns.
        expect((await dataCodes([casesFolder], true)).sort()).toEqual([
            Diagnostics.MissingColumn.code,
            Diagnostics.MissingColumn.code,
            Diagnostics.MissingColumn.code,
            Diagnostics.MissingDataFile.code,
        ]);
    });

    it('reads nothing outside the workspace folders or in an untrusted workspace', async () => {
        expect(await dataCodes([path.join(casesFolder, 'elsewhere')], true)).toEqual([]);
        expect(await dataCodes([casesFolder], false)).toEqual([]);
    });
});

describe('DIAGNOSTICS.md', () => {
    it('documents every code with its severity', () => {
        const markdown = fs.readFileSync(path.join(casesFolder, '..', '..', 'DIAGNOSTICS.md'), 'utf8');
        for (const { code, severity } of Object.values(Diagnostics)) {
            expect(markdown, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${severity} \\|`));
        }
    });

    it('documents every code of the evaluation reports with its severity', () => {
        const markdown = fs.readFileSync(path.join(casesFolder, '..', '..', 'DIAGNOSTICS.md'), 'utf8');
        for (const { code, severity } of Object.values(ReportCodes)) {
            expect(markdown, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${severity} \\|`));
        }
    });
});
