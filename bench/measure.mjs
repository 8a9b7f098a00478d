/**
 * Runs a Node child process and measures its wall time and peak resident set size.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the kernel's maxrss of the child) when it is
 * installed; otherwise the child is started with `--import rss-probe.mjs`, which reports
 * `process.resourceUsage().maxRSS` when the child exits. Wall time is measured here, around the spawn.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const RSS_PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));
const OUTPUT_LIMIT_BYTES = 512 * 1024 * 1024;

const hasGnuTime = fs.existsSync(GNU_TIME);

export const rssSource = hasGnuTime ? 'GNU time maxrss' : 'process.resourceUsage().maxRSS';

/**
 * Runs `node ...nodeArgs` once. Returns `{ seconds, peakRssMiB, status, stdout, stderr }`;
 * throws when the child cannot be started or exits with a status not in `okStatuses`.
 */
export function runNode(nodeArgs, { cwd, okStatuses = [0] } = {}) {
    const rssFile = path.join(os.tmpdir(), `sla-bench-rss-${process.pid}-${Date.now()}.txt`);
    const [command, args] = hasGnuTime
        ? [GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs]]
        : [process.execPath, ['--import', RSS_PROBE, ...nodeArgs]];
    const startedAt = process.hrtime.bigint();
    const child = spawnSync(command, args, {
        cwd,
        encoding: 'utf8',
        maxBuffer: OUTPUT_LIMIT_BYTES,
        env: { ...process.env, SLA_BENCH_RSS_FILE: rssFile },
    });
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    if (child.error) throw new Error(`could not run node ${nodeArgs.join(' ')}: ${child.error.message}`);
    const peakRssMiB = readPeakRssMiB(rssFile);
    if (!okStatuses.includes(child.status)) {
        const detail = child.stderr.trim().split('\n').slice(-5).join('\n');
        throw new Error(
            `node ${nodeArgs.join(' ')} exited with status ${child.status}${child.signal ? ` (${child.signal})` : ''}:\n${detail}`,
        );
    }
    return { seconds, peakRssMiB, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Both probes write kibibytes. */
function readPeakRssMiB(rssFile) {
    try {
        const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
        const kib = Number(lines[lines.length - 1]);
        return Number.isFinite(kib) ? kib / 1024 : undefined;
    } catch {
        return undefined;
    } finally {
        fs.rmSync(rssFile, { force: true });
    }
}

/**
 * Runs the same command `runs` times. Returns the fastest run's figures, every run's seconds,
 * and the highest peak RSS seen in any run.
 */
export function bestOf(runs, nodeArgs, options) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(runNode(nodeArgs, options));
    const fastest = results.reduce((best, r) => (r.seconds < best.seconds ? r : best));
    const peaks = results.map((r) => r.peakRssMiB).filter((v) => v !== undefined);
    return {
        ...fastest,
        runs: results.map((r) => r.seconds),
        peakRssMiB: peaks.length > 0 ? Math.max(...peaks) : undefined,
    };
}
