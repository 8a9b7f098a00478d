/**
 * Every complete agreement shown in the README (a ```sla block with a line starting `agreement `)
 * parses, links and validates without errors, so that the language reference cannot drift from
 * the grammar. Each block is checked in a folder of its own next to copies of the example data it
 * names (`data/probes.csv` from the ISP example, `data/tickets.csv` from the helpdesk example).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createSlaServices } from '@sla/language';

const ROOT = path.resolve(__dirname, '../..');
const DATA_FILES = {
    'probes.csv': path.join(ROOT, 'examples/isp/data/probes.csv'),
    'tickets.csv': path.join(ROOT, 'examples/helpdesk/data/tickets.csv'),
};

function readmeAgreements(): string[] {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/^```sla\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    return blocks.filter((block) => /^agreement /m.test(block));
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-readme-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('the README', () => {
    const agreements = readmeAgreements();
    const { shared } = createSlaServices(NodeFileSystem);

    it('shows the full tour and the agreement section as complete agreements', () => {
        expect(agreements.length).toBeGreaterThanOrEqual(2);
        expect(agreements[0]).toContain('// A tour of the language');
    });

    it.each(agreements.map((text, i) => [i + 1, text]))(
        'complete agreement #%i validates without errors',
        async (index, text) => {
            const folder = path.join(workDir, `block-${index}`);
            // Copies, not symlinks: a data file is read only inside the agreement's project.
            fs.mkdirSync(path.join(folder, 'data'), { recursive: true });
            for (const [name, source] of Object.entries(DATA_FILES))
                fs.copyFileSync(source, path.join(folder, 'data', name));
            const file = path.join(folder, 'readme.sla');
            fs.writeFileSync(file, text);
            const document = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(file));
            await shared.workspace.DocumentBuilder.build([document], { validation: true });
            const errors = (document.diagnostics ?? [])
                .filter((d) => d.severity === 1)
                .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
            expect(document.parseResult.parserErrors).toEqual([]);
            expect(errors).toEqual([]);
        },
    );
});
