import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSourceOf } from '@sla/interpreter';
import { DataAccessPolicy } from '../src/data-access.js';

// A project (marked by .git) with a contract in contracts/ and data in data/, and a folder beside it.
const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sla-access-')));
const project = path.join(scratch, 'project');
const outside = path.join(scratch, 'outside');
for (const folder of [path.join(project, '.git'), path.join(project, 'contracts'), path.join(project, 'data'), outside])
    fs.mkdirSync(folder, { recursive: true });
fs.writeFileSync(path.join(project, 'data', 'probes.csv'), 'timestamp,up\n');
fs.writeFileSync(path.join(outside, 'secret.csv'), 'SECRET=1\n');
fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(project, 'data', 'leaving.csv'));
fs.symlinkSync(path.join(project, 'data', 'probes.csv'), path.join(project, 'contracts', 'staying.csv'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const contract = path.join(project, 'contracts', 'c.sla');
const at = { file: contract, line: 3, column: 20, endLine: 3, endColumn: 40 };
/** The source of `data x from "PATH"` in contracts/c.sla. */
const source = (declared: string) => fileSourceOf(declared, undefined, at);

describe('data access policy', () => {
    it('reads inside the project of the .sla file, symlinks resolved, and nothing outside it (the CLI case)', async () => {
        const policy = new DataAccessPolicy();
        expect(await policy.check(source('../data/probes.csv'))).toMatchObject({ allowed: true });
        expect(await policy.check(source('staying.csv'))).toMatchObject({
            allowed: true,
            realPath: path.join(project, 'data', 'probes.csv'),
        });
        for (const declared of [path.join(outside, 'secret.csv'), '../../outside/secret.csv', '../data/leaving.csv']) {
            expect(await policy.check(source(declared)), declared).toMatchObject({
                allowed: false,
                reason: expect.stringContaining(`inside the project folder ${project}`),
                inspection: { status: 'outside' },
            });
        }
        // Whether a file outside exists is not told either.
        expect(await policy.check(source('../../outside/none.csv'))).toMatchObject({
            inspection: { status: 'outside' },
        });
        expect(await policy.check(source('../data/none.csv'))).toMatchObject({ inspection: { status: 'missing' } });
    });

    it('reads a folder outside the project once it is allowed', async () => {
        const policy = new DataAccessPolicy();
        policy.allowReading([outside]);
        expect(await policy.check(source('../data/leaving.csv'))).toMatchObject({ allowed: true });
        expect(policy.access).toEqual({ allowRead: [outside] });
    });

    it('never reads a directory, the kernel’s files or a device, allowed or not', async () => {
        const policy = new DataAccessPolicy();
        policy.allowReading(['/']);
        expect(await policy.check(source('../data'))).toMatchObject({
            inspection: { status: 'special', what: 'a directory' },
        });
        for (const file of ['/proc/self/environ', '/dev/zero']) {
            expect(await policy.check(source(file)), file).toMatchObject({ inspection: { status: 'special' } });
        }
    });

    it('allows files inside the workspace folders only', async () => {
        const policy = new DataAccessPolicy();
        policy.restrictTo([URI.file(path.join(project, 'data')).toString()], true);
        expect((await policy.check(source('../data/probes.csv'))).allowed).toBe(true);
        // Inside the project but outside the workspace folder: withheld, not the contract's fault.
        fs.writeFileSync(path.join(project, 'contracts', 'local.csv'), 'timestamp\n');
        const withheld = await policy.check(source('local.csv'));
        expect(withheld).toMatchObject({ allowed: false, reason: expect.stringContaining('outside the workspace') });
        expect(withheld).not.toHaveProperty('inspection');
        // A sibling folder whose name merely starts with the workspace folder's name is outside it.
        fs.mkdirSync(path.join(project, 'data-old'), { recursive: true });
        fs.writeFileSync(path.join(project, 'data-old', 'probes.csv'), 'timestamp\n');
        expect((await policy.check(source('../data-old/probes.csv'))).allowed).toBe(false);
    });

    it('reads nothing in an untrusted workspace', async () => {
        const policy = new DataAccessPolicy();
        policy.restrictTo([URI.file(project).toString()], false);
        expect(await policy.check(source('../data/probes.csv'))).toMatchObject({
            allowed: false,
            reason: expect.stringContaining('untrusted'),
        });
    });

    it('treats a client that says nothing about trust as untrusted, unless the server was told otherwise', async () => {
        const folder = { uri: URI.file(project).toString() };
        const decide = async (initializationOptions: unknown, trustSilent = false) => {
            const policy = new DataAccessPolicy();
            policy.trustSilentClients(trustSilent);
            policy.configureFromClient({ workspaceFolders: [folder], initializationOptions });
            return (await policy.check(source('../data/probes.csv'))).allowed;
        };
        expect(await decide(undefined)).toBe(false);
        expect(await decide({})).toBe(false);
        expect(await decide({ trusted: 'yes' })).toBe(false);
        expect(await decide({ trusted: true })).toBe(true);
        expect(await decide(undefined, true)).toBe(true);
        expect(await decide({ trusted: false }, true)).toBe(false);
    });

    it('takes absolute folders to allow from the client, and ignores others', async () => {
        const policy = new DataAccessPolicy();
        policy.configureFromClient({
            workspaceFolders: [{ uri: URI.file(project).toString() }],
            initializationOptions: { trusted: true, allowRead: [outside, 'relative/folder', 7] },
        });
        expect(policy.access).toEqual({ allowRead: [outside] });
        expect((await policy.check(source('../data/leaving.csv'))).allowed).toBe(true);
    });
});
