/**
 * Which data files may be read. A `.sla` file comes from whoever wrote it, in CI often the author
 * of a pull request, so a data path is resolved (symlinks included) and must lead to a regular
 * file inside the project: the nearest folder above the `.sla` file holding a `.git`, a
 * `package.json` or an `sla.config.*` file, else the `.sla` file's own folder. Folders outside it
 * are read only when the user allows them (`--allow-read`, the editor's setting). Directories,
 * pipes, sockets, devices and the kernel's files (/proc, /sys, /dev) are never read.
 */
import { constants, type Stats } from 'node:fs';
import { open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { DataError } from '../data-error.js';
import type { FileOrigin } from '../model.js';
import { shownText } from './shown-text.js';

export interface ReadAccess {
    /** Folders outside the project whose files may be read too (`--allow-read DIR`, the editor's setting). */
    readonly allowRead?: readonly string[];
}

/** What a data path leads to. */
export type FileInspection =
    | { readonly status: 'readable'; readonly realPath: string; readonly stats: Stats }
    | { readonly status: 'missing'; readonly realPath: string }
    | { readonly status: 'outside'; readonly realPath: string; readonly root: string }
    | { readonly status: 'special'; readonly realPath: string; readonly what: string }
    | { readonly status: 'unreadable'; readonly code: string };

/** Kernel file systems: their files look regular but hold the machine's state (the environment, memory). */
const KERNEL_FOLDERS: readonly (readonly [string, string])[] = [
    ['/proc', 'a file of /proc (the kernel’s process information)'],
    ['/sys', 'a file of /sys (the kernel’s device information)'],
    ['/dev', 'a device file of /dev'],
];

const PROJECT_MARKERS = ['.git', 'package.json'];
const CONFIG_PREFIX = 'sla.config.';

/** The project root of a `.sla` file, resolved: see the module comment. */
export async function projectRootOf(slaFile: string): Promise<string> {
    const start = await resolveExisting(path.dirname(path.resolve(slaFile)));
    for (let folder = start; ; folder = path.dirname(folder)) {
        const names = await readdir(folder).catch(() => [] as string[]);
        if (names.some((name) => PROJECT_MARKERS.includes(name) || name.startsWith(CONFIG_PREFIX))) return folder;
        if (path.dirname(folder) === folder) return start;
    }
}

/** Resolves a data path and decides whether it may be read, without opening it. */
export async function inspectDataFile(file: string, slaFile: string, access: ReadAccess = {}): Promise<FileInspection> {
    let realPath: string;
    try {
        realPath = await realpath(file);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') return { status: 'unreadable', code };
        // Whether a file exists outside the project is none of the contract's business either.
        const wouldBe = await resolveExisting(file);
        const root = await projectRootOf(slaFile);
        return (await isAllowed(wouldBe, root, access))
            ? { status: 'missing', realPath: wouldBe }
            : { status: 'outside', realPath: wouldBe, root };
    }
    const kernel = KERNEL_FOLDERS.find(([folder]) => isInside(realPath, folder));
    if (kernel) return { status: 'special', realPath, what: kernel[1] };
    const root = await projectRootOf(slaFile);
    if (!(await isAllowed(realPath, root, access))) return { status: 'outside', realPath, root };
    let stats: Stats;
    try {
        stats = await stat(realPath);
    } catch (error) {
        return { status: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? String(error) };
    }
    const what = specialKind(stats);
    return what ? { status: 'special', realPath, what } : { status: 'readable', realPath, stats };
}

/** An open data file that passed the checks, and what it is. */
export interface ConfinedFile {
    readonly handle: FileHandle;
    readonly realPath: string;
    readonly stats: Stats;
}

/**
 * Opens a data file for reading after `inspectDataFile` allowed it. The file opened is the
 * resolved path, not following a symlink put there since, and without waiting on a pipe; it must
 * still be the file that was checked.
 */
export async function openDataFile(
    source: { readonly path: string; readonly origin: FileOrigin },
    access: ReadAccess,
): Promise<ConfinedFile> {
    const inspection = await inspectDataFile(source.path, source.origin.declaredAt.file, access);
    if (inspection.status !== 'readable') throw refusal(source, inspection);
    let handle: FileHandle;
    try {
        handle = await open(inspection.realPath, OPEN_FLAGS);
    } catch (error) {
        throw refusal(source, { status: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? String(error) });
    }
    const stats = await handle.stat();
    if (!stats.isFile() || stats.ino !== inspection.stats.ino || stats.dev !== inspection.stats.dev) {
        await handle.close();
        throw refusal(source, { status: 'unreadable', code: 'the file changed while it was opened' });
    }
    return { handle, realPath: inspection.realPath, stats };
}

// O_NOFOLLOW and O_NONBLOCK are missing on Windows, which has neither symlinks swapped in this way nor pipes in the tree.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The DataError for a data path that may not or cannot be read. */
export function refusal(
    source: { readonly path: string; readonly origin: FileOrigin },
    inspection: Exclude<FileInspection, { status: 'readable' }>,
): DataError {
    const declared = `"${shownText(source.origin.declaredPath, 200)}"`;
    switch (inspection.status) {
        case 'missing':
            return new DataError(
                source.path,
                0,
                0,
                'a readable data file',
                'no such file',
                'Check the path in the data source declaration; it is relative to the .sla file.',
            );
        case 'unreadable':
            return new DataError(
                source.path,
                0,
                0,
                'a readable data file',
                `an unreadable file (${inspection.code})`,
                'Check the path in the data source declaration and the file’s permissions.',
            );
        case 'outside':
            return atDeclaration(
                source.origin,
                `a data file inside the project folder ${inspection.root}`,
                inspection.realPath === path.resolve(source.path)
                    ? `${declared}, which is outside it`
                    : `${declared}, which resolves to ${inspection.realPath}, outside it`,
                'Data is read only inside the project (the nearest folder above the .sla file with a .git, ' +
                    'a package.json or an sla.config.* file). Move the data into the project, or allow its ' +
                    'folder explicitly: sla --allow-read DIR, or the editor setting sla.data.allowRead.',
            );
        case 'special':
            return atDeclaration(
                source.origin,
                'a regular data file',
                `${declared}, ${inspection.what}`,
                'Name a file that holds the data: directories, named pipes, sockets, devices and the files of ' +
                    '/proc, /sys and /dev are never read.',
            );
    }
}

function atDeclaration(origin: FileOrigin, expected: string, found: string, hint: string): DataError {
    const { file, line, column } = origin.declaredAt;
    return new DataError(file, line, column, expected, found, hint);
}

function specialKind(stats: Stats): string | undefined {
    if (stats.isFile()) return undefined;
    if (stats.isDirectory()) return 'a directory';
    if (stats.isFIFO()) return 'a named pipe (FIFO)';
    if (stats.isSocket()) return 'a socket';
    if (stats.isCharacterDevice()) return 'a character device';
    if (stats.isBlockDevice()) return 'a block device';
    return 'not a regular file';
}

async function isAllowed(realPath: string, root: string, access: ReadAccess): Promise<boolean> {
    if (isInside(realPath, root)) return true;
    for (const folder of access.allowRead ?? []) {
        if (isInside(realPath, await resolveExisting(path.resolve(folder)))) return true;
    }
    return false;
}

/** Whether `file` is `folder` or below it. */
export function isInside(file: string, folder: string): boolean {
    const relative = path.relative(folder, file);
    return (
        relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
    );
}

/** The resolved path of the nearest part of `file` that exists, with the rest appended as written. */
export async function resolveExisting(file: string): Promise<string> {
    const absolute = path.resolve(file);
    const rest: string[] = [];
    for (let part = absolute; ; part = path.dirname(part)) {
        try {
            return path.join(await realpath(part), ...rest.reverse());
        } catch {
            if (path.dirname(part) === part) return absolute;
            rest.push(path.basename(part));
        }
    }
}
