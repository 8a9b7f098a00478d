import { EmptyFileSystem, TextDocument, URI, type LangiumSharedServices } from 'langium';
import { describe, expect, it } from 'vitest';
import { createSlaServices } from '../src/sla-module.js';

/** A workspace of open documents, edited as the editor does: a new version, then an update of the builder. */
class Workspace {
    private readonly shared: LangiumSharedServices = createSlaServices(EmptyFileSystem).shared;
    private readonly versions = new Map<string, number>();

    async set(files: Record<string, string>): Promise<void> {
        const changed = Object.entries(files).filter(
            ([uri, text]) => this.shared.workspace.TextDocuments.get(uri)?.getText() !== text,
        );
        for (const [uri, text] of changed) {
            const version = (this.versions.get(uri) ?? 0) + 1;
            this.versions.set(uri, version);
            this.shared.workspace.TextDocuments.set(TextDocument.create(uri, 'sla', version, text));
        }
        await this.shared.workspace.DocumentBuilder.update(
            changed.map(([uri]) => URI.parse(uri)),
            [],
        );
    }

    codes(uri: string): string[] {
        return (this.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))?.diagnostics ?? [])
            .map((d) => String(d.code))
            .sort();
    }
}

/** What a server that builds the same texts from scratch reports. */
async function fromScratch(files: Record<string, string>, uri: string): Promise<string[]> {
    const workspace = new Workspace();
    await workspace.set(files);
    return workspace.codes(uri);
}

const ROOT = 'memory:/root.sla';
const BASE = 'memory:/base.sla';
const DERIVED = 'memory:/derived.sla';

describe('an agreement is checked again when a base of its base changes, in another document', () => {
    it('the currency of the base of its base', async () => {
        const files = {
            [ROOT]: 'agreement Root { kind internal currency EUR }',
            [BASE]: 'agreement Base extends Root { kind internal }',
            [DERIVED]: `agreement D extends Base {
    kind internal
    data x from "x.csv" { time t }
    service S {
        fee 10.00 EUR per month
        metric M = count of x controlled by provider
        objective O: M <= 3 per month
    }
}`,
        };
        const workspace = new Workspace();
        await workspace.set(files);
        expect(workspace.codes(DERIVED)).not.toContain('sla/currency-mismatch');

        const changed = { ...files, [ROOT]: 'agreement Root { kind internal currency USD }' };
        await workspace.set(changed);
        // The fee is in EUR, the agreement's currency (from Root, through Base) is now USD.
        expect(workspace.codes(DERIVED)).toContain('sla/currency-mismatch');
        expect(workspace.codes(DERIVED)).toEqual(await fromScratch(changed, DERIVED));
    });

    it('a cycle of extends, broken in the third document', async () => {
        const files = {
            'memory:/a.sla': 'agreement A extends B { kind internal }',
            'memory:/b.sla': 'agreement B extends C { kind internal }',
            'memory:/c.sla': 'agreement C extends A { kind internal }',
        };
        const workspace = new Workspace();
        await workspace.set(files);
        expect(workspace.codes('memory:/a.sla')).toContain('sla/cyclic-extends');

        const changed = { ...files, 'memory:/c.sla': 'agreement C { kind internal }' };
        await workspace.set(changed);
        expect(workspace.codes('memory:/a.sla')).not.toContain('sla/cyclic-extends');
        expect(workspace.codes('memory:/a.sla')).toEqual(await fromScratch(changed, 'memory:/a.sla'));
    });
});
