import { EmptyFileSystem, TextDocument, URI, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../src/generated/ast.js';
import { createSlaServices } from '../src/sla-module.js';

/**
 * After an edit inside one service, the server checks that service again and reports what the
 * checks reported last time for the others (validation/kept-reports.ts). Each case compares the
 * edited document's diagnostics with those of the same text built from scratch.
 */
const AGREEMENT = `agreement Reuse {
    provider Acme "Acme" customer Globex "Globex"
    currency EUR
    exclude force majeure
    data probes from "probes.csv" { time timestamp, boolean up, number latency_ms unit ms every 1 min }
    service First {
        metric Latency = p95 of probes.latency_ms controlled by provider
        objective Fast: Latency <= 300 ms per month
    }
    service Second {
        metric Latency = p95 of probes.latency_ms controlled by provider
        metric Latency = p99 of probes.latency_ms controlled by provider
        objective Fast: Latency <= 5 % per month
    }
    service Third {
        metric Up = availability of probes.up sample form controlled by provider
        objective Uptime: Up >= 99.9 % per month
    }
}
`;

const URI_TEXT = 'memory:/reuse.sla';

async function opened(text: string) {
    const server = createSlaServices(EmptyFileSystem);
    const checkedMetrics: Metric[] = [];
    server.Sla.validation.ValidationRegistry.register({
        Metric: (metric: Metric) => {
            checkedMetrics.push(metric);
        },
    });
    let version = 0;
    // As the language server does: each text the editor sends is an update of the document.
    const edit = async (newText: string) => {
        checkedMetrics.length = 0;
        server.shared.workspace.TextDocuments.set(TextDocument.create(URI_TEXT, 'sla', ++version, newText));
        await server.shared.workspace.DocumentBuilder.update([URI.parse(URI_TEXT)], []);
    };
    await edit(text);
    const document = server.shared.workspace.LangiumDocuments.getDocument(URI.parse(URI_TEXT))!;
    return { document, checkedMetrics, edit };
}

async function diagnosticsFromScratch(text: string) {
    const server = createSlaServices(EmptyFileSystem);
    const document = server.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(URI_TEXT));
    server.shared.workspace.LangiumDocuments.addDocument(document);
    await server.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document.diagnostics;
}

const metricNames = (metrics: Metric[]) => metrics.map((m) => `${m.$container.name}.${m.name}`);
const codes = (document: LangiumDocument) => (document.diagnostics ?? []).map((d) => d.code);

describe('validation after an edit inside one service', () => {
    it('checks only that service again and reports what a build from scratch reports', async () => {
        const { document, checkedMetrics, edit } = await opened(AGREEMENT);
        // Second: a duplicate metric name and a percentage for a latency; no other problems.
        expect(codes(document)).toEqual(expect.arrayContaining(['sla/duplicate-name', 'sla/unit-mismatch']));

        const edited = AGREEMENT.replace('Latency <= 300 ms', 'Latency <= 250 ms');
        await edit(edited);
        expect(metricNames(checkedMetrics)).toEqual(['First.Latency']);
        expect(document.diagnostics).toEqual(await diagnosticsFromScratch(edited));
    });

    it('checks every service again when a data source they read changes', async () => {
        const { document, checkedMetrics, edit } = await opened(AGREEMENT);
        // latency_ms becomes a text column: a p95 of it is now a column type mismatch in all three.
        const edited = AGREEMENT.replace('number latency_ms unit ms', 'text latency_ms');
        await edit(edited);
        expect(metricNames(checkedMetrics)).toEqual(['First.Latency', 'Second.Latency', 'Second.Latency', 'Third.Up']);
        expect(codes(document).filter((code) => code === 'sla/column-type-mismatch')).toHaveLength(3);
        expect(document.diagnostics).toEqual(await diagnosticsFromScratch(edited));
    });

    it('reports the positions and line numbers of services that an added line moved', async () => {
        const { document, checkedMetrics, edit } = await opened(AGREEMENT);
        // A line added in First moves Second: its duplicate is now "already declared … on line 12".
        const edited = AGREEMENT.replace(
            'objective Fast: Latency <= 300 ms per month',
            'objective Fast: Latency <= 300 ms per month\n',
        );
        await edit(edited);
        expect(metricNames(checkedMetrics)).toEqual(['First.Latency', 'Second.Latency', 'Second.Latency', 'Third.Up']);
        const duplicate = document.diagnostics!.find((d) => d.code === 'sla/duplicate-name')!;
        expect(duplicate.message).toContain('on line 12');
        expect(duplicate.range.start.line).toBe(12);
        expect(document.diagnostics).toEqual(await diagnosticsFromScratch(edited));
    });
});
