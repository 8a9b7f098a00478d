// A throw-away PostgreSQL cluster: initdb into a temp dir, the postmaster on a free loopback port
// with password (scram) authentication over TCP. initdb and postgres refuse to run as root, so
// as root (CI) both run as Debian's `postgres` user through spawn's uid/gid, which keeps the pid
// we hold the postmaster's own (runuser or su would put a process of theirs in between).
import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import type { Availability } from './availability.js';
import { freePort, makeTempDir, removeTempDir, spawnServer, waitUntilReady, type RunningServer } from './processes.js';

export const ADMIN_USER = 'sla_admin';
export const ADMIN_PASSWORD = 'admin-secret';
export const READER_USER = 'sla_reader';
export const READER_PASSWORD = 'reader-secret';
export const DATABASE = 'sla';

export interface PostgresServer {
    readonly port: number;
    readonly dir: string;
    /** The server's version, e.g. `PostgreSQL 15.18 (Debian 15.18-0+deb12u1) …`. */
    readonly version: string;
    /** URL without password of `database` (default `sla`). */
    url(database?: string): string;
    /** Runs SQL as the superuser, outside any client under test (for loading data). */
    admin(sql: string): Promise<pg.QueryResult>;
    stop(): Promise<void>;
}

interface RunAs {
    readonly uid: number;
    readonly gid: number;
}

function postgresUser(): RunAs | undefined {
    if (process.getuid?.() !== 0) return undefined;
    const line = readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((l) => l.startsWith('postgres:'));
    if (!line)
        throw new Error('running as root, but there is no postgres user to run PostgreSQL as (install postgresql)');
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
}

export async function startPostgres(availability: Availability): Promise<PostgresServer> {
    const dir = makeTempDir('postgres');
    const runAs = postgresUser();
    const dataDir = join(dir, 'data');
    const socketDir = join(dir, 'socket');
    const passwordFile = join(dir, 'admin-password');
    mkdirSync(dataDir, { mode: 0o700 });
    mkdirSync(socketDir);
    writeFileSync(passwordFile, ADMIN_PASSWORD);
    if (runAs) for (const path of [dir, dataDir, socketDir, passwordFile]) chownSync(path, runAs.uid, runAs.gid);

    const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', HOME: dir };
    execFileSync(
        availability.programs.initdb,
        ['-D', dataDir, '-U', ADMIN_USER, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '-E', 'UTF8'],
        { cwd: dir, env, uid: runAs?.uid, gid: runAs?.gid, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // --locale is left to initdb: C.UTF-8 or C, both sort bytes, which no test depends on anyway.
    const port = await freePort();
    const server = spawnServer({
        name: 'postgres',
        dir,
        command: availability.programs.postgres,
        args: [
            ...['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', socketDir],
            // Test data only: durability off for speed; small memory for a shared 2-core machine.
            ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
            ...['-c', 'shared_buffers=32MB', '-c', 'max_connections=40', '-c', 'log_min_messages=warning'],
        ],
        // SIGINT is PostgreSQL's "fast shutdown": it ends sessions instead of waiting for them.
        stopSignal: 'SIGINT',
        uid: runAs?.uid,
        gid: runAs?.gid,
        env,
    });
    const adminPool = new pg.Pool({
        host: '127.0.0.1',
        port,
        user: ADMIN_USER,
        password: ADMIN_PASSWORD,
        database: 'postgres',
        max: 2,
    });
    adminPool.on('error', () => undefined);
    try {
        await waitUntilReady(server, async () => (await adminPool.query('SELECT 1')).rowCount === 1);
        await adminPool.query(`CREATE DATABASE ${DATABASE}`);
        await adminPool.query(`CREATE ROLE ${READER_USER} LOGIN PASSWORD '${READER_PASSWORD}'`);
        const version = (await adminPool.query('SELECT version() AS v')).rows[0].v as string;
        await adminPool.end();
        return postgresHandle(server, dir, port, version);
    } catch (error) {
        await adminPool.end().catch(() => undefined);
        await stopAndRemove(server, dir);
        throw error;
    }
}

function postgresHandle(server: RunningServer, dir: string, port: number, version: string): PostgresServer {
    const admin = new pg.Pool({
        host: '127.0.0.1',
        port,
        user: ADMIN_USER,
        password: ADMIN_PASSWORD,
        database: DATABASE,
        max: 2,
    });
    admin.on('error', () => undefined);
    return {
        port,
        dir,
        version,
        url: (database = DATABASE) => `postgres://127.0.0.1:${port}/${database}`,
        admin: (sql) => admin.query(sql),
        stop: async () => {
            await admin.end().catch(() => undefined);
            await stopAndRemove(server, dir);
        },
    };
}

async function stopAndRemove(server: RunningServer, dir: string): Promise<void> {
    await server.stop();
    removeTempDir(dir);
}
