// Inline compliance: the server evaluates an open agreement against its data and reports, on each
// objective, whether it was met, and refreshes when the data file changes on disk.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    CodeLensRefreshRequest,
    CodeLensRequest,
    DidChangeWatchedFilesNotification,
    FileChangeType,
} from 'vscode-languageserver-protocol/node.js';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer, type ServerSession } from './server-process.js';

/** One UTC day of ten 1-minute probes; sample form, so availability = up / counted. */
const AGREEMENT = [
    'agreement Tiny {',
    '    provider Acme "Acme"',
    '    timezone "UTC"',
    '    data probes from "tiny.csv" {',
    '        time timestamp, boolean up',
    '        every 1 min',
    '    }',
    '    exclude force majeure',
    '    service Link {',
    '        fee 100.00 EUR per day',
    '        metric Availability = availability of probes.up sample form controlled by provider',
    '        objective Uptime: Availability >= 90 % per day',
    '        credit on Uptime {',
    '            below 90 %: 10 % of fee',
    '        }',
    '    }',
    '}',
].join('\n');

function probes(upFlags: number[]): string {
    const rows = upFlags.map((up, minute) => `2025-01-01T00:0${minute}:00Z,${up}`);
    return ['timestamp,up', ...rows].join('\n') + '\n';
}

const codes = (diagnostics: { code?: unknown }[]) => diagnostics.map((d) => d.code);

describe('inline compliance over stdio', { timeout: 60_000 }, () => {
    let server: ServerSession | undefined;

    afterEach(async () => {
        await server?.stop();
        server = undefined;
    });

    test('a breach shows on the objective with the measured value and credit, and clears when the data changes', async () => {
        server = await startServer({ trusted: true, codeLensRefresh: true });
        // The lenses are asked for when the document opens, before the data is evaluated: the server
        // must ask the editor to ask again once the results are in.
        const refreshed = new Promise<void>((resolve) =>
            server!.connection.onRequest(CodeLensRefreshRequest.type, () => resolve()),
        );
        // 8 up of 10 = 80 % < 90 %: the single tier pays 10 % of the 100.00 EUR daily fee = 10.00 EUR.
        writeFileSync(join(server.workspace, 'tiny.csv'), probes([1, 0, 1, 0, 1, 1, 1, 1, 1, 1]));
        const uri = server.uriOf('tiny.sla');
        const breached = server.diagnosticsFor(uri, (d) => codes(d).includes('sla/objective-breached'));
        await server.openDocument('tiny.sla', AGREEMENT);
        const [breach] = (await breached).filter((d) => d.code === 'sla/objective-breached');
        expect(breach.range.start).toEqual({ line: 11, character: 18 }); // the objective's name "Uptime"
        expect(breach.message).toContain('2025-01-01: 80 %');
        expect(breach.message).toContain('credit 10.00 EUR');

        await refreshed;
        const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
        expect(lenses?.map((l) => [l.range.start.line, l.command?.title])).toEqual([[11, '✗ 2025-01-01 80 %']]);
        // Two lines added above the service move the objective to line 13: the lens follows, although the
        // evaluation (same contract, same data) is reused.
        const moved = server.diagnosticsFor(uri, (d) =>
            d.some((x) => x.code === 'sla/objective-breached' && x.range.start.line === 13),
        );
        await server.changeDocument('tiny.sla', AGREEMENT.replace('    service Link {', '\n\n    service Link {'));
        await moved;
        const movedLenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
        expect(movedLenses?.map((l) => [l.range.start.line, l.command?.title])).toEqual([[13, '✗ 2025-01-01 80 %']]);

        // The editor's "Open Compliance Report" command shows what the server computed.
        const report = await server.connection.sendRequest<{ html?: string; unavailable?: string }>(
            'sla/complianceReport',
            { uri },
        );
        expect(report.html).toContain('<td class="breached">breached</td><td class="num">80 %</td>');
        const none = await server.connection.sendRequest<{ html?: string; unavailable?: string }>(
            'sla/complianceReport',
            { uri: server.uriOf('other.sla') },
        );
        expect(none.unavailable).toContain('No compliance results');

        // 9 up of 10 = 90 % exactly, which meets ">= 90 %".
        writeFileSync(join(server.workspace, 'tiny.csv'), probes([1, 1, 1, 0, 1, 1, 1, 1, 1, 1]));
        const met = server.diagnosticsFor(uri, (d) => codes(d).includes('sla/objective-met'));
        await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
            changes: [{ uri: server.uriOf('tiny.csv'), type: FileChangeType.Changed }],
        });
        expect(codes(await met)).not.toContain('sla/objective-breached');
    });

    test('an untrusted workspace shows why compliance is missing instead of reading the data', async () => {
        server = await startServer({ trusted: false });
        writeFileSync(join(server.workspace, 'tiny.csv'), probes([1, 0, 1]));
        const uri = server.uriOf('tiny.sla');
        const published = server.diagnosticsFor(uri, (d) => codes(d).includes('sla/data-not-read'));
        await server.openDocument('tiny.sla', AGREEMENT);
        expect(codes(await published)).not.toContain('sla/objective-breached');
    });

    test('local times that occur twice in the data are named on the data source', async () => {
        server = await startServer({ trusted: true });
        // Berlin's clocks go back at 03:00 on 26 October 2025: 02:10 and 02:20 local happen twice.
        writeFileSync(
            join(server.workspace, 'tiny.csv'),
            'timestamp,up\n2025-10-26T01:50:00,1\n2025-10-26T02:10:00,1\n2025-10-26T02:20:00,1\n',
        );
        const uri = server.uriOf('tiny.sla');
        const published = server.diagnosticsFor(uri, (d) => codes(d).includes('sla/data-note'));
        await server.openDocument(
            'tiny.sla',
            AGREEMENT.replace('        every 1 min', '        every 1 min\n        timezone "Europe/Berlin"'),
        );
        const [note] = (await published).filter((d) => d.code === 'sla/data-note');
        expect(note.message).toContain('local times 2025-10-26 02:10 to 02:20 (Europe/Berlin) occur twice');
        expect(note.range.start.line).toBe(3); // the data source's path
    });
});
