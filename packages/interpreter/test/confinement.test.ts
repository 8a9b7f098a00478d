/**
 * The file sources check every data path when they open it, whoever asks (the CLI, the editor's
 * evaluation thread, the reader thread): resolved with its symlinks, it must lead to a regular
 * file inside the project of the `.sla` file that declares it, or inside a folder allowed
 * explicitly. A refusal points at the `from "…"` of the contract and quotes nothing of the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../src/data-error.js';
import { evaluate } from '../src/evaluate.js';
import type { SourceLocation } from '../src/model.js';
import { projectRootOf } from '../src/sources/confinement.js';
import { ReaderThread } from '../src/sources/reader-thread.js';
import { openRowSource } from '../src/sources/registry.js';
import { column, contract, dataSource, metric, objective, service } from './helpers.js';

const CANARY = 'canary-7f3a9c';
const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sla-confined-')));
const project = path.join(scratch, 'project');
fs.mkdirSync(path.join(project, 'contracts', 'nested'), { recursive: true });
fs.mkdirSync(path.join(project, 'data'), { recursive: true });
fs.writeFileSync(path.join(project, 'sla.config.json'), '{}');
fs.writeFileSync(path.join(project, 'data', 'probes.csv'), 'timestamp,up\n2025-01-01T00:00:00Z,1\n');
fs.writeFileSync(path.join(scratch, 'secret.csv'), `timestamp,up\n2025-01-01T00:00:00Z,${CANARY}\n`);
fs.symlinkSync(path.join(scratch, 'secret.csv'), path.join(project, 'data', 'leaving.csv'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const WORKER = fileURLToPath(new URL('../dist/scan-worker.js', import.meta.url));
const thread = new ReaderThread(WORKER);
afterAll(() => thread.close());

/** `from "…"` on line 4, column 22 of contracts/nested/c.sla. */
const declaredAt: SourceLocation = {
    file: path.join(project, 'contracts', 'nested', 'c.sla'),
    line: 4,
    column: 22,
    endLine: 4,
    endColumn: 40,
};

function probeContract(file: string) {
    const source = dataSource(file, [column('timestamp', 'time'), column('up', 'boolean')], {
        sampleIntervalMs: 60_000,
    });
    const probes = { ...source, origin: { ...source.origin, declaredAt } };
    const availability = metric(
        'Availability',
        { kind: 'probe-availability', form: 'sample', samples: { source: 'probes', column: 'up' } },
        '%',
    );
    const uptime = objective({
        metric: 'Availability',
        comparator: '>=',
        threshold: { value: '90', unit: '%' },
        window: { kind: 'calendar', unit: 'day' },
    });
    return contract([service({ metrics: [availability], objectives: [uptime] })], [probes], { timeZone: 'UTC' });
}

async function refusalOf(promise: Promise<unknown>): Promise<DataError> {
    const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
}

describe('confinement of data files', () => {
    it('finds the project root: the nearest folder with .git, package.json or sla.config.*, else the .sla folder', async () => {
        expect(await projectRootOf(declaredAt.file)).toBe(project);
        const lone = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-lone-'));
        expect(await projectRootOf(path.join(lone, 'c.sla'))).toBe(fs.realpathSync(lone));
        fs.rmSync(lone, { recursive: true });
    });

    it('reads a file inside the project, whatever folder of it the contract is in', async () => {
        const report = await evaluate(probeContract(path.join(project, 'data', 'probes.csv')));
        expect(report.dataSources[0]).toMatchObject({ rowsRead: 1, rowsSkipped: 0 });
    });

    it('refuses a symlink that leaves the project, at the contract’s from "…", quoting nothing of the file', async () => {
        const agreement = probeContract(path.join(project, 'data', 'leaving.csv'));
        const error = await refusalOf(evaluate(agreement));
        expect([error.file, error.line, error.column]).toEqual([declaredAt.file, 4, 22]);
        expect(error.expected).toBe(`a data file inside the project folder ${project}`);
        expect(error.found).toContain(`which resolves to ${path.join(scratch, 'secret.csv')}, outside it`);
        // In the editor's lenient mode the refusal is the source's error, and still nothing of the file shows.
        const lenient = await evaluate(agreement, { skipBadRows: true });
        expect(JSON.stringify(lenient)).not.toContain(CANARY);
        expect(lenient.dataSources[0].error).toContain('outside it');
        // The reader thread opens the source again, and refuses it the same way.
        const onThread = await refusalOf(evaluate(agreement, { readerThread: thread }, { readerThreadMinBytes: 0 }));
        expect(onThread.message).toBe(error.message);
        const scan = thread.scan(agreement.dataSources[0], [], () => undefined);
        expect((await refusalOf(scan)).message).toBe(error.message);
    });

    it('reads it once its folder is allowed', async () => {
        const agreement = probeContract(path.join(project, 'data', 'leaving.csv'));
        const error = await refusalOf(evaluate(agreement, { allowRead: [scratch] }));
        // Readable now: the canary is a malformed boolean, quoted short as a row error of the file itself.
        expect([error.file, error.line, error.found]).toEqual([
            path.join(project, 'data', 'leaving.csv'),
            2,
            `"${CANARY}"`,
        ]);
    });

    it('refuses a path outside the project without telling whether it exists', async () => {
        for (const file of [path.join(scratch, 'secret.csv'), path.join(scratch, 'nothing.csv')]) {
            const error = await refusalOf(evaluate(probeContract(file)));
            expect(error.found).toMatch(/which is outside it$/);
        }
    });

    it('refuses directories and the kernel’s files, even in an allowed folder', async () => {
        const cases: [string, string][] = [
            [path.join(project, 'data'), 'a directory'],
            ['/proc/self/environ', 'a file of /proc'],
            ['/dev/zero', 'a device file of /dev'],
        ];
        for (const [file, what] of cases) {
            const error = await refusalOf(evaluate(probeContract(file), { allowRead: ['/'] }));
            expect(error.expected, file).toBe('a regular data file');
            expect(error.found, file).toContain(what);
        }
    });

    it('names a source for caching and watching by its resolved file', async () => {
        const source = probeContract(path.join(project, 'contracts', '..', 'data', 'probes.csv')).dataSources[0];
        const identity = await openRowSource(source).identity();
        expect(identity.key).toBe(`csv ${path.join(project, 'data', 'probes.csv')}`);
        expect(identity.watch).toEqual([path.join(project, 'data', 'probes.csv')]);
        const stats = fs.statSync(path.join(project, 'data', 'probes.csv'));
        expect(identity.version).toBe(`${stats.mtimeMs}:${stats.size}`);
        const link = await openRowSource(probeContract(path.join(project, 'data', 'leaving.csv')).dataSources[0], {
            allowRead: [scratch],
        }).identity();
        expect(link.watch).toEqual([path.join(project, 'data', 'leaving.csv'), path.join(scratch, 'secret.csv')]);
    });
});
