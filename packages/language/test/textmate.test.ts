import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The TextMate grammar is generated; this checks what the editor will colour with it, using the
// keyword pattern as a JavaScript regular expression (alternation works the same way in Oniguruma).
const grammar = JSON.parse(readFileSync(new URL('../../../syntaxes/sla.tmLanguage.json', import.meta.url), 'utf8'));
const keywordPattern = new RegExp(
    grammar.patterns.find((p: { name?: string }) => p.name === 'keyword.control.sla').match,
    'g',
);

const keywordsIn = (line: string) => [...line.matchAll(keywordPattern)].map((m) => m[0]);

describe('TextMate grammar', () => {
    it('colours hyphenated keywords whole, not just their first word', () => {
        expect(keywordsIn('kind service-based')).toEqual(['kind', 'service-based']);
        expect(keywordsIn('exclude customer-caused where')).toEqual(['exclude', 'customer-caused', 'where']);
        expect(keywordsIn('third-party Cdn "Fastly"')).toEqual(['third-party']);
        expect(keywordsIn('p95 of probes.latency_ms nearest-rank')).toEqual(['of', 'nearest-rank']);
    });

    it('does not colour keywords inside names', () => {
        expect(keywordsIn('metric Downtime_service = count of servicelog')).toEqual(['metric', 'count', 'of']);
    });
});
