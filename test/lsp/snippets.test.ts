// The extension's snippets, expanded with their default placeholders, must be agreements the
// language accepts: no syntax errors, no unresolved names, no validation errors or warnings.
import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { createSlaServices, type Model } from '@sla/language';

interface Snippet {
    readonly prefix: string | string[];
    readonly body: string[];
}

const snippets = JSON.parse(
    readFileSync(new URL('../../packages/vscode/snippets/sla.json', import.meta.url), 'utf8'),
) as Record<string, Snippet>;
const services = createSlaServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Sla);

/** What VS Code inserts when the user accepts every placeholder's default (and a choice's first option). */
function expandWithDefaults(snippet: Snippet): string {
    const defaults = new Map<string, string>();
    return snippet.body
        .join('\n')
        .replace(/\$\{(\d+):([^}]*)\}/g, (_, index: string, value: string) => {
            defaults.set(index, value);
            return value;
        })
        .replace(/\$\{(\d+)\|([^,|]*)[^|]*\|\}/g, (_, index: string, first: string) => {
            defaults.set(index, first);
            return first;
        })
        .replace(/\$\{(\d+)\}/g, (_, index: string) => defaults.get(index) ?? '')
        .replace(/\$\d+/g, '')
        .replace(/\t/g, '    ');
}

/** Data files are not on disk here, so only their absence may be reported. */
async function problemsIn(text: string): Promise<string[]> {
    const document = await parse(text, { validation: true });
    return (document.diagnostics ?? [])
        .filter((d) => d.severity === 1 || d.severity === 2)
        .filter((d) => d.code !== 'sla/missing-data-file' && d.code !== 'sla/missing-column')
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code ?? ''} ${d.message}`);
}

function snippetWithPrefix(prefix: string): Snippet {
    const found = Object.values(snippets).find((s) => [s.prefix].flat().includes(prefix));
    if (!found) throw new Error(`no snippet with prefix '${prefix}'`);
    return found;
}

describe('snippets', () => {
    test.each(['isp', 'helpdesk'])('the %s agreement expands to a valid agreement', async (prefix) => {
        const text = expandWithDefaults(snippetWithPrefix(prefix));
        expect(text).not.toMatch(/\$/);
        expect(await problemsIn(text)).toEqual([]);
    });

    test('the objective and credit snippets fit into a service', async () => {
        const objective = expandWithDefaults(snippetWithPrefix('objective'));
        const credit = expandWithDefaults(snippetWithPrefix('credit'));
        const text = [
            'agreement Host {',
            '    provider Acme "Acme"',
            '    customer Globex "Globex"',
            '    timezone "Europe/Berlin"',
            '    currency EUR',
            '    data probes from "probes.csv" { time timestamp, boolean up, every 1 min }',
            '    exclude force majeure',
            '    service Web {',
            '        fee 100.00 EUR per month',
            '        metric Availability = availability of probes.up controlled by provider',
            `        ${objective}`,
            ...credit.split('\n').map((line) => `        ${line}`),
            '    }',
            '}',
        ].join('\n');
        expect(await problemsIn(text)).toEqual([]);
    });
});
