import { EmptyFileSystem, TextDocument } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../src/generated/ast.js';
import { createSlaServices } from '../src/sla-module.js';
import { Codes } from '../src/validation/codes.js';

const services = createSlaServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Sla);
afterEach(() => clearDocuments(services.shared));

// Not file URIs: the data files these snippets name are not looked for.
let count = 0;
const inMemory = () => ({ validation: true, documentUri: `memory:/fixes/${++count}.sla` });

async function diagnosticsOf(text: string): Promise<Diagnostic[]> {
    return (await parse(text, inMemory())).diagnostics ?? [];
}

/** Offers the quick fixes for the first diagnostic with `code`, applies the only one, and returns the new text. */
async function applyFix(text: string, code: string): Promise<{ title: string; text: string }> {
    const document = await parse(text, inMemory());
    const diagnostic = document.diagnostics?.find((d) => d.code === code);
    expect(diagnostic, `no ${code} in ${text}`).toBeDefined();
    const actions = (await services.Sla.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic!] },
    })) as CodeAction[];
    expect(actions).toHaveLength(1);
    const edits = actions[0].edit!.changes![document.textDocument.uri];
    return { title: actions[0].title, text: TextDocument.applyEdits(document.textDocument, edits) };
}

const codesOf = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

describe('quick fixes', () => {
    it('states provider control on a metric that says nothing', async () => {
        const text = [
            'agreement A {',
            '    kind internal',
            '    data probes from "p.csv" { time ts, boolean up, every 1 min }',
            '    service S {',
            '        metric Availability = availability of probes.up',
            '        objective Uptime: Availability >= 99.9 % per month',
            '    }',
            '}',
        ].join('\n');
        const fixed = await applyFix(text, Codes.ImplicitController);
        expect(fixed.title).toBe('Add `controlled by provider`');
        expect(fixed.text).toBe(
            text.replace('availability of probes.up', 'availability of probes.up controlled by provider'),
        );
        expect(await diagnosticsOf(fixed.text)).toEqual([]);
    });

    it("adds a force-majeure exclusion as the agreement's last member, indented like the others", async () => {
        const text = 'agreement A {\n  kind service-based\n  currency EUR\n}\n';
        const fixed = await applyFix(text, Codes.MissingForceMajeure);
        expect(fixed.text).toBe('agreement A {\n  kind service-based\n  currency EUR\n  exclude force majeure\n}\n');
        expect(await diagnosticsOf(fixed.text)).toEqual([]);
    });

    it('adds a force-majeure exclusion to an agreement written on one line', async () => {
        const fixed = await applyFix('agreement A { kind service-based }', Codes.MissingForceMajeure);
        expect(fixed.text).toBe('agreement A { kind service-based exclude force majeure }');
        expect(await diagnosticsOf(fixed.text)).toEqual([]);
    });

    it('upper-cases a currency code', async () => {
        const fixed = await applyFix('agreement A { kind internal currency eur }', Codes.InvalidCurrency);
        expect(fixed.title).toBe('Write the currency as EUR');
        expect(fixed.text).toBe('agreement A { kind internal currency EUR }');
        expect(await diagnosticsOf(fixed.text)).toEqual([]);
    });

    it('corrects the spelling of a time zone', async () => {
        const fixed = await applyFix('agreement A { kind internal timezone "europe/berlin" }', Codes.UnknownTimeZone);
        expect(fixed.text).toBe('agreement A { kind internal timezone "Europe/Berlin" }');
        expect(await diagnosticsOf(fixed.text)).toEqual([]);
    });

    it('turns a comparator of two words the right way round', async () => {
        const text = `agreement A { kind internal data probes from "p.csv" { time ts, boolean up, every 1 min }
            service S { metric Up = availability of probes.up controlled by provider objective O: Up at most 99.9 % per month } }`;
        const fixed = await applyFix(text, Codes.ComparatorDirection);
        expect(fixed.text).toBe(text.replace('Up at most 99.9 %', 'Up >= 99.9 %'));
        expect(await diagnosticsOf(fixed.text)).toEqual([]);
    });

    it('offers nothing for a penalised metric that the customer controls: only the parties can choose the mend', async () => {
        const text = `agreement A { kind internal data probes from "p.csv" { time ts, boolean up, every 1 min }
            service S { fee 10 EUR per month metric Up = availability of probes.up controlled by customer
                objective O: Up >= 99 % per month credit on O { below 99 %: 10 % of fee } } }`;
        const document = await parse(text, inMemory());
        expect(codesOf(document.diagnostics ?? [])).toEqual([Codes.UncontrolledPenalisedMetric]);
        const actions = await services.Sla.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.textDocument.uri },
            range: document.diagnostics![0].range,
            context: { diagnostics: document.diagnostics! },
        });
        expect(actions).toEqual([]);
    });
});
