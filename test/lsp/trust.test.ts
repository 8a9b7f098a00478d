// The VS Code client tells the server whether the workspace is trusted (initializationOptions.trusted);
// an untrusted workspace's data files are never read, so the server cannot report that one is missing.
import { afterEach, describe, expect, test } from 'vitest';
import { startServer, type ServerSession } from './server-process.js';

const AGREEMENT_NAMING_AN_ABSENT_FILE = [
    'agreement Absent {',
    '    data probes from "data/absent.csv" {',
    '        time timestamp, boolean up',
    '    }',
    '}',
].join('\n');

describe('workspace trust over stdio', () => {
    let server: ServerSession | undefined;

    afterEach(async () => {
        await server?.stop();
        server = undefined;
    });

    async function diagnosticCodes(trusted: boolean): Promise<unknown[]> {
        server = await startServer({ trusted });
        const uri = server.uriOf('absent.sla');
        const published = server.diagnosticsFor(uri, () => true);
        await server.openDocument('absent.sla', AGREEMENT_NAMING_AN_ABSENT_FILE);
        return (await published).map((d) => d.code);
    }

    test('a trusted workspace reports a data file that does not exist', async () => {
        expect(await diagnosticCodes(true)).toContain('sla/missing-data-file');
    });

    test('an untrusted workspace does not look for data files', async () => {
        expect(await diagnosticCodes(false)).not.toContain('sla/missing-data-file');
    });
});
