// The bundled language server over stdio, as any LSP client sees it. `npm test` builds the bundle
// first (packages/vscode/dist/server.cjs); these tests build nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    CompletionRequest,
    DiagnosticSeverity,
    DidChangeTextDocumentNotification,
    type CompletionItem,
} from 'vscode-languageserver-protocol/node.js';
import { startServer, type ServerSession } from './server-process.js';

describe('language server over stdio', () => {
    let server: ServerSession;

    beforeAll(async () => {
        server = await startServer();
    });

    afterAll(async () => {
        await server?.stop();
    });

    test('publishes a linking error for an unresolved metric, and clears it once fixed', async () => {
        const clean = readFileSync(join(server.workspace, 'internet.sla'), 'utf8');
        const brokenLine = '        objective Uptime: Availabilty >= 99.9 % per month';
        const broken = clean.replace('        objective Uptime: Availability >= 99.9 % per month', brokenLine);
        expect(broken).not.toBe(clean);
        const uri = server.uriOf('internet.sla');

        const linkingError = server.diagnosticsFor(uri, (diagnostics) =>
            diagnostics.some((d) => d.message.includes('Availabilty')),
        );
        await server.openDocument('internet.sla', broken);
        const reported = (await linkingError).filter((d) => d.message.includes('Availabilty'));

        // The objective is line 19 counted from 0 (the comment is line 0). The reference starts after
        // 8 spaces, 'objective ' (10) and 'Uptime: ' (8): character 26; 'Availabilty' is 11 long.
        expect(reported).toHaveLength(1);
        expect(reported[0].severity).toBe(DiagnosticSeverity.Error);
        expect(reported[0].range).toEqual({ start: { line: 19, character: 26 }, end: { line: 19, character: 37 } });
        expect(brokenLine.indexOf('Availabilty')).toBe(26);

        const afterFix = server.diagnosticsFor(uri, () => true);
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: 2 },
            contentChanges: [{ text: clean }],
        });
        // Once it links, only inline compliance speaks (the fixture's data breaches Uptime): no errors.
        const remaining = await afterFix;
        expect(remaining.filter((d) => d.severity === DiagnosticSeverity.Error)).toEqual([]);
        expect(remaining.map((d) => d.code).filter((code) => !String(code).startsWith('sla/objective-'))).toEqual([]);
    });

    test('offers the objective and metric keywords inside a service block', async () => {
        const text = ['agreement Desk {', '    service Support {', '        ', '    }', '}'].join('\n');
        await server.openDocument('completion.sla', text);

        // The cursor stands on the empty member line of the service (line 2, after its 8 spaces).
        const result = await server.connection.sendRequest(CompletionRequest.type, {
            textDocument: { uri: server.uriOf('completion.sla') },
            position: { line: 2, character: 8 },
        });
        const items: CompletionItem[] = Array.isArray(result) ? result : (result?.items ?? []);
        const labels = items.map((item) => item.label);
        expect(labels).toContain('objective');
        expect(labels).toContain('metric');
        // An agreement-level keyword does not belong inside a service.
        expect(labels).not.toContain('timezone');
    });
});
