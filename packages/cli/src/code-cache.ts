/**
 * Loads the engine bundle with a V8 code cache: the first run saves the code V8 compiled, later
 * runs skip compiling it (about 40 ms of every `sla check` or `sla validate`). The cache is one
 * file per engine build and Node version in the user's cache folder; the few most recently written
 * are kept. V8 checks that a cache fits the source and the flags, but not that its bytes are
 * intact, and damaged code can crash the process: each file therefore carries a SHA-256 of its
 * contents, and a file that does not match is ignored and written again. Any failure to read or
 * write the cache only costs the time it would have saved. SLA_NO_CODE_CACHE=1 turns it off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { createRequire } from 'node:module';

const MAGIC = Buffer.from('sla-v8-code-cache-1\n');
const DIGEST_BYTES = 32;
/** Caches kept in the folder: enough for a few installed versions used side by side. */
const CACHES_KEPT = 4;

/** `require(file)` for a CommonJS bundle, through the code cache when it can. */
export function requireWithCodeCache(file: string, version: string): unknown {
    const cacheFile = process.env.SLA_NO_CODE_CACHE ? undefined : cacheFileFor(file, version);
    if (!cacheFile) return createRequire(__filename)(file);
    const cachedData = readCache(cacheFile);
    // The wrapper Node itself puts around a CommonJS module.
    const source = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`;
    const script = new Script(source, { filename: file, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) {
        // At exit the cache also holds the functions compiled while running, not only the top level.
        process.once('exit', () => {
            if (writeCache(cacheFile, script.createCachedData())) removeOldCaches(path.dirname(cacheFile));
        });
    }
    const module = { exports: {} as unknown };
    const run = script.runInThisContext() as (
        e: unknown,
        r: NodeJS.Require,
        m: { exports: unknown },
        f: string,
        d: string,
    ) => void;
    run(module.exports, createRequire(file), module, file, path.dirname(file));
    return module.exports;
}

function cacheFileFor(file: string, version: string): string | undefined {
    try {
        const { size, mtimeMs } = fs.statSync(file);
        // The XDG base directory rules: a relative XDG_CACHE_HOME is to be ignored.
        const xdg = process.env.XDG_CACHE_HOME;
        const folder = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
        const name = `engine-${version}-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}.v8cache`;
        return path.join(folder, 'sla', name);
    } catch {
        return undefined;
    }
}

/** The cached code, or undefined when there is none or its digest does not match. */
function readCache(file: string): Buffer | undefined {
    let content: Buffer;
    try {
        content = fs.readFileSync(file);
    } catch {
        return undefined;
    }
    const start = MAGIC.length + DIGEST_BYTES;
    if (content.length <= start || !content.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const data = content.subarray(start);
    return digestOf(data).equals(content.subarray(MAGIC.length, start)) ? data : undefined;
}

function digestOf(data: Buffer): Buffer {
    return createHash('sha256').update(data).digest();
}

/** Writes through a new temporary file and a rename, so that runs at the same time never read half a cache. */
function writeCache(file: string, data: Buffer): boolean {
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // 'wx': fails rather than follow a file or link that is already there.
        fs.writeFileSync(temporary, Buffer.concat([MAGIC, digestOf(data), data]), { flag: 'wx' });
        fs.renameSync(temporary, file);
        return true;
    } catch {
        try {
            fs.rmSync(temporary, { force: true });
        } catch {
            // Nothing was written (the folder is a file, or not writable).
        }
        return false;
    }
}

/** Keeps the most recently written caches; those of builds not used lately go. */
function removeOldCaches(folder: string): void {
    try {
        const caches = fs
            .readdirSync(folder)
            .filter((name) => /^engine-.*\.v8cache$/.test(name))
            .map((name) => ({ file: path.join(folder, name), written: fs.statSync(path.join(folder, name)).mtimeMs }))
            .sort((a, b) => b.written - a.written);
        for (const { file } of caches.slice(CACHES_KEPT)) fs.rmSync(file, { force: true });
    } catch {
        // Another run may be tidying up at the same time.
    }
}
