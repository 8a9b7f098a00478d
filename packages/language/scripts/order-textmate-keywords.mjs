// Runs after `langium generate`. The generated TextMate grammar lists keywords alphabetically in
// one alternation, so `service` matches before `service-based` can (a regex alternation takes the
// first alternative that fits, and `\b` holds before the hyphen). Longest first fixes that.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../../../syntaxes/sla.tmLanguage.json', import.meta.url);
const grammar = JSON.parse(readFileSync(file, 'utf8'));
const keywords = grammar.patterns.find((pattern) => pattern.name === 'keyword.control.sla');
const match = /^\\b\((.*)\)\\b$/.exec(keywords?.match ?? '');
if (!match) {
    throw new Error(
        'syntaxes/sla.tmLanguage.json: no keyword.control.sla pattern of the form \\b(a|b|…)\\b; has langium-cli changed its output?',
    );
}
const ordered = match[1].split('|').sort((a, b) => b.length - a.length || a.localeCompare(b));
keywords.match = `\\b(${ordered.join('|')})\\b`;
writeFileSync(file, `${JSON.stringify(grammar, null, 2)}\n`);
