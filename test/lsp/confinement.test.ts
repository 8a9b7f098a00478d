// The language server reads data as `sla check` does, with resolved paths: a symlink in the workspace
// that leads out of it, an absolute path and a `..` escape are refused with an error on the path,
// and nothing of such a file reaches diagnostics or completion. A client that says nothing about
// trust is not trusted, unless the server was started with --trust-workspace.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompletionRequest, type CompletionList } from 'vscode-languageserver-protocol/node.js';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer, type ServerOptions, type ServerSession } from './server-process.js';

const CANARY = `canary${process.pid}x${Date.now()}`;

const ESCAPES = [
    'agreement Escape {',
    '    data link from "data/leaving.csv" { time timestamp  }',
    '    data env from "/proc/self/environ" { text region }',
    '    data up from "../secret.csv" { text region }',
    '}',
].join('\n');

const ABSENT = 'agreement Absent {\n    data probes from "data/absent.csv" { time timestamp }\n}';

describe('data confinement in the language server', { timeout: 60_000 }, () => {
    let server: ServerSession | undefined;

    afterEach(async () => {
        await server?.stop();
        server = undefined;
    });

    test('refuses data outside the workspace, symlinks resolved, and echoes none of it', async () => {
        // The server inherits this environment: /proc/self/environ would hold the canary.
        process.env.SLA_LSP_CANARY = CANARY;
        try {
            server = await startServer({ trusted: true });
        } finally {
            delete process.env.SLA_LSP_CANARY;
        }
        const secret = join(server.workspace, '..', 'secret.csv');
        writeFileSync(secret, `timestamp,${CANARY}\n2025-01-01T00:00:00Z,${CANARY}\n`);
        symlinkSync(secret, join(server.workspace, 'data', 'leaving.csv'));
        const uri = server.uriOf('escape.sla');
        const published = server.diagnosticsFor(uri, () => true);
        await server.openDocument('escape.sla', ESCAPES);
        const diagnostics = await published;
        const refused = diagnostics.filter((d) => d.code !== 'sla/missing-force-majeure');
        expect(refused.map((d) => [d.range.start.line, d.code])).toEqual([
            [1, 'sla/data-file-refused'],
            [2, 'sla/data-file-refused'],
            [3, 'sla/data-file-refused'],
        ]);
        expect(refused[0].message).toContain('which resolves to');
        // Column names are offered from a data file's header: none from this one.
        const completion = (await server.connection.sendRequest(CompletionRequest.type, {
            textDocument: { uri },
            position: { line: 1, character: 55 },
        })) as CompletionList | null;
        expect(JSON.stringify([diagnostics, completion])).not.toContain(CANARY);
    });

    async function absentFileReported(options: ServerOptions): Promise<boolean> {
        server = await startServer(options);
        const uri = server.uriOf('absent.sla');
        const published = server.diagnosticsFor(uri, () => true);
        await server.openDocument('absent.sla', ABSENT);
        return (await published).some((d) => d.code === 'sla/missing-data-file');
    }

    test('a client that sends no trust information is not trusted', async () => {
        expect(await absentFileReported({ trusted: 'unsaid' })).toBe(false);
    });

    test('unless the server is started with --trust-workspace', async () => {
        expect(await absentFileReported({ trusted: 'unsaid', serverArguments: ['--trust-workspace'] })).toBe(true);
    });

    test('a client that says the workspace is untrusted is not trusted, whatever the server was told', async () => {
        expect(await absentFileReported({ trusted: false, serverArguments: ['--trust-workspace'] })).toBe(false);
    });
});
