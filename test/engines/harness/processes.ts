// Real servers for the engine tests: each runs in its own temporary directory on a free loopback
// port, is stopped by its pid (signal, wait, SIGKILL after a grace period), and is killed
// synchronously when the test process exits or is interrupted. A run that was killed outright
// (SIGKILL) leaves its directory behind with an owner file; the next run sweeps such directories
// and ends their servers, after checking that each pid is still that server.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import {
    accessSync,
    chmodSync,
    constants,
    existsSync,
    mkdtempSync,
    openSync,
    readFileSync,
    readdirSync,
} from 'node:fs';
import { closeSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const DIR_PREFIX = 'sla-engines-';
const OWNER_FILE = 'owner.json';

export interface RunningServer {
    readonly name: string;
    readonly pid: number;
    readonly logFile: string;
    /** Stops the server (its stop signal, then SIGKILL after the grace period) and waits for it to exit. */
    stop(): Promise<void>;
    /** The last lines of the server's log, for error messages. */
    logTail(): string;
    hasExited(): boolean;
}

interface Owned {
    readonly dir: string;
    readonly servers: Map<number, ChildProcess>;
}
const owned: Owned[] = [];

/** A free TCP port on 127.0.0.1 (the kernel picks one; it is closed again before the server binds it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() =>
                typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
            );
        });
    });
}

/** A fresh directory under the system temp dir, removed when the process exits; readable by other users (PostgreSQL runs as its own). */
export function makeTempDir(label: string): string {
    sweepAbandonedDirs();
    const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${label}-`));
    chmodSync(dir, 0o755);
    owned.push({ dir, servers: new Map() });
    writeOwnerFile(owned[owned.length - 1]);
    installExitHandlers();
    return dir;
}

/** Removes the directory now (after its servers have stopped). */
export function removeTempDir(dir: string): void {
    const index = owned.findIndex((o) => o.dir === dir);
    if (index >= 0) owned.splice(index, 1);
    rmSync(dir, { recursive: true, force: true });
}

export interface ServerSpawn {
    readonly name: string;
    /** The temp dir from `makeTempDir` that the server belongs to. */
    readonly dir: string;
    readonly command: string;
    readonly args: readonly string[];
    readonly stopSignal?: NodeJS.Signals;
    readonly graceMs?: number;
    readonly uid?: number;
    readonly gid?: number;
    readonly env?: NodeJS.ProcessEnv;
}

export function spawnServer(options: ServerSpawn): RunningServer {
    const logFile = join(options.dir, `${options.name}.log`);
    const log = openSync(logFile, 'a');
    const spawnOptions: SpawnOptions = {
        cwd: options.dir,
        stdio: ['ignore', log, log],
        env: options.env ?? { PATH: process.env.PATH, LANG: 'C.UTF-8' },
        uid: options.uid,
        gid: options.gid,
    };
    const child = spawn(options.command, [...options.args], spawnOptions);
    closeSync(log);
    if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
    const pid = child.pid;
    const entry = owned.find((o) => o.dir === options.dir);
    entry?.servers.set(pid, child);
    if (entry) writeOwnerFile(entry);
    child.on('error', () => undefined);
    return {
        name: options.name,
        pid,
        logFile,
        logTail: () => tail(logFile),
        hasExited: () => child.exitCode !== null || child.signalCode !== null,
        stop: async () => {
            await stopProcess(child, options.stopSignal ?? 'SIGTERM', options.graceMs ?? 10_000);
            entry?.servers.delete(pid);
        },
    };
}

/** Sends `signal`, waits up to `graceMs` for the exit, then SIGKILL and waits again. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const inTime = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
    if (!inTime) {
        child.kill('SIGKILL');
        await exited;
    }
}

/** Polls `probe` until it returns true; fails early with the log when the server exits. */
export async function waitUntilReady(
    server: RunningServer,
    probe: () => Promise<boolean>,
    timeoutMs = 60_000,
): Promise<void> {
    const start = Date.now();
    for (;;) {
        if (server.hasExited()) throw new Error(`${server.name} exited while starting:\n${server.logTail()}`);
        if (await probe().catch(() => false)) return;
        if (Date.now() - start > timeoutMs) {
            throw new Error(`${server.name} did not answer within ${timeoutMs} ms:\n${server.logTail()}`);
        }
        await delay(100);
    }
}

export function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The first of `names` found in `preferredDirs` or on PATH, or undefined. */
export function findExecutable(names: readonly string[], preferredDirs: readonly string[] = []): string | undefined {
    const dirs = [...preferredDirs, ...(process.env.PATH ?? '').split(delimiter)].filter(Boolean);
    for (const name of names) {
        for (const dir of dirs) {
            const path = join(dir, name);
            try {
                accessSync(path, constants.X_OK);
                return path;
            } catch {
                // not here
            }
        }
    }
    return undefined;
}

function tail(file: string, lines = 30): string {
    try {
        return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
        return '(no log)';
    }
}

function writeOwnerFile(entry: Owned): void {
    const servers = [...entry.servers.keys()];
    writeFileSync(join(entry.dir, OWNER_FILE), JSON.stringify({ pid: process.pid, servers }));
}

let handlersInstalled = false;
function installExitHandlers(): void {
    if (handlersInstalled) return;
    handlersInstalled = true;
    process.on('exit', killEverythingNow);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        process.once(signal, () => {
            killEverythingNow();
            process.kill(process.pid, signal);
        });
    }
}

/** Synchronous, for the exit handler: SIGKILL every server still running, remove the directories. */
function killEverythingNow(): void {
    for (const entry of owned.splice(0)) {
        for (const child of entry.servers.values()) {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
        rmSync(entry.dir, { recursive: true, force: true });
    }
}

/** Directories of earlier runs whose owner process is gone: end their servers, remove them. */
function sweepAbandonedDirs(): void {
    for (const name of readdirSync(tmpdir())) {
        if (!name.startsWith(DIR_PREFIX)) continue;
        const dir = join(tmpdir(), name);
        let owner: { pid: number; servers: number[] };
        try {
            owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'));
        } catch {
            continue;
        }
        if (isAlive(owner.pid)) continue;
        for (const pid of owner.servers) {
            if (commandLineMentions(pid, dir)) process.kill(pid, 'SIGKILL');
        }
        rmSync(dir, { recursive: true, force: true });
    }
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/** True when the live process `pid` has `dir` in its command line (so the pid was not reused by another program). */
function commandLineMentions(pid: number, dir: string): boolean {
    const file = `/proc/${pid}/cmdline`;
    if (!existsSync(file)) return false;
    try {
        return readFileSync(file, 'utf8').includes(dir);
    } catch {
        return false;
    }
}
