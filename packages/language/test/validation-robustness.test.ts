import { EmptyFileSystem } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import type { Model } from '../src/generated/ast.js';
import { createSlaServices } from '../src/sla-module.js';
import { EVERY_CONSTRUCT } from './every-construct.js';

const services = createSlaServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Sla);

/** Langium turns an exception inside a check into this diagnostic; a check must never throw. */
const CRASH = 'An error occurred during validation';

/** Hundreds of parses: a generous limit, so that a busy machine does not fail the test. */
const TIMEOUT_MS = 120_000;

/** Validates one variant on its own: no earlier variant stays in the workspace to link against. */
async function crashesOn(text: string): Promise<string[]> {
    const document = await parse(text, { validation: true, documentUri: 'memory:/robustness/variant.sla' });
    await clearDocuments(services.shared, [document]);
    return (document.diagnostics ?? []).filter((d) => d.message.startsWith(CRASH)).map((d) => d.message);
}

/**
 * While a user types, the parser recovers half-written agreements into partial syntax trees
 * whose required properties may be missing. The checks must report nothing odd on them.
 */
describe('validation of half-written agreements', () => {
    it(
        'never throws on any prefix of an agreement that uses every construct',
        async () => {
            const failures: string[] = [];
            for (let end = 1; end < EVERY_CONSTRUCT.length; end += 5) {
                const messages = await crashesOn(EVERY_CONSTRUCT.slice(0, end));
                if (messages.length > 0) failures.push(`prefix of ${end} characters: ${messages[0]}`);
            }
            expect(failures).toEqual([]);
        },
        TIMEOUT_MS,
    );

    it(
        'never throws when one line is missing or one token is cut',
        async () => {
            const lines = EVERY_CONSTRUCT.split('\n');
            const failures: string[] = [];
            for (let i = 0; i < lines.length; i++) {
                const withoutLine = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
                const halfLine = [
                    ...lines.slice(0, i),
                    lines[i].slice(0, Math.ceil(lines[i].length / 2)),
                    ...lines.slice(i + 1),
                ].join('\n');
                for (const text of [withoutLine, halfLine]) {
                    const messages = await crashesOn(text);
                    if (messages.length > 0) failures.push(`line ${i + 1} changed: ${messages[0]}`);
                }
            }
            expect(failures).toEqual([]);
        },
        TIMEOUT_MS,
    );

    it('resolves and checks the columns of an objective whose metric has no expression yet', async () => {
        // `metric M =` cut before its expression; the objective after it groups by a column, which
        // is looked up in the metric's data sources (none) and then in the agreement's.
        const text = `agreement A {
    data probes from "probes.csv" { time timestamp, number latency_ms unit ms every 1 min }
    service S {
        metric M =
        objective O: M <= 3 ms per month for each latency_ms
    }
}`;
        const document = await parse(text, { validation: true, documentUri: 'memory:/robustness/no-expression.sla' });
        await clearDocuments(services.shared, [document]);
        const messages = (document.diagnostics ?? []).map((d) => d.message);
        expect(messages.filter((m) => m.startsWith(CRASH) || m.includes('An error occurred while resolving'))).toEqual(
            [],
        );
        expect(messages.some((m) => m.startsWith("Unexpected 'objective'"))).toBe(true);
    });
});
