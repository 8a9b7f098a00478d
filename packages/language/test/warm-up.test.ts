import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { expect, it } from 'vitest';
import type { Model } from '../src/generated/ast.js';
import { createSlaServices } from '../src/sla-module.js';
import { WARM_UP_AGREEMENT } from '../src/warm-up.js';

it('the agreement the server parses at start-up to warm the parser is valid, so it exercises real paths', async () => {
    const document = await parseHelper<Model>(createSlaServices(EmptyFileSystem).Sla)(WARM_UP_AGREEMENT, {
        documentUri: 'file:///warm-up.sla',
    });
    expect(document.parseResult.lexerErrors).toEqual([]);
    expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
    expect(document.references.filter((r) => r.error).map((r) => r.$refText)).toEqual([]);
});
