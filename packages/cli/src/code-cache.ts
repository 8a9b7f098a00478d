/**
 * Loads the engine bundle with a V8 code cache: the first run saves the code V8 compiled, later
 * runs skip compiling it (about 60 ms of every `sla check` or `sla validate`). The cache is one
 * file per engine build and Node version in the user's cache folder (older ones are removed); V8 checks it against the
 * source and ignores a cache that does not fit. Any failure to read or write it only costs the
 * time it would have saved. SLA_NO_CODE_CACHE=1 turns it off.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { createRequire } from 'node:module';

/** `require(file)` for a CommonJS bundle, through the code cache when it can. */
export function requireWithCodeCache(file: string, version: string): unknown {
    const cacheFile = process.env.SLA_NO_CODE_CACHE ? undefined : cacheFileFor(file, version);
    if (!cacheFile) return createRequire(__filename)(file);
    const cachedData = readIfPresent(cacheFile);
    // The wrapper Node itself puts around a CommonJS module.
    const source = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`;
    const script = new Script(source, { filename: file, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) {
        // At exit the cache also holds the functions compiled while running, not only the top level.
        process.once('exit', () => {
            if (writeAtomically(cacheFile, () => script.createCachedData())) removeStaleCaches(cacheFile);
        });
    }
    const module = { exports: {} as unknown };
    const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void;
    run(module.exports, createRequire(file), module, file, path.dirname(file));
    return module.exports;
}

function cacheFileFor(file: string, version: string): string | undefined {
    try {
        const { size, mtimeMs } = fs.statSync(file);
        const folder = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
        const name = `engine-${version}-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}.v8cache`;
        return path.join(folder, 'sla', name);
    } catch {
        return undefined;
    }
}

function readIfPresent(file: string): Buffer | undefined {
    try {
        return fs.readFileSync(file);
    } catch {
        return undefined;
    }
}

/** Writes through a temporary file and a rename, so that runs at the same time never read half a cache. */
function writeAtomically(file: string, content: () => Buffer): boolean {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(temporary, content());
        fs.renameSync(temporary, file);
        return true;
    } catch {
        fs.rmSync(temporary, { force: true });
        return false;
    }
}

/** Caches of other engine builds or Node versions are of no more use: one file stays. */
function removeStaleCaches(current: string): void {
    const folder = path.dirname(current);
    try {
        for (const name of fs.readdirSync(folder)) {
            if (/^engine-.*\.v8cache$/.test(name) && name !== path.basename(current)) fs.rmSync(path.join(folder, name), { force: true });
        }
    } catch {
        // Another run may be tidying up at the same time.
    }
}
