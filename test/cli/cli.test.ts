import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SLA = path.resolve(__dirname, '../../packages/cli/bin/sla.js');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-cli-'));

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function run(...args: string[]) {
    return runWith({}, ...args);
}

function runWith(env: Record<string, string>, ...args: string[]) {
    const result = spawnSync(process.execPath, [SLA, ...args], {
        cwd: workDir,
        encoding: 'utf8',
        env: { ...process.env, ...env },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An agreement over one UTC day of ten 1-minute probes; sample form, so availability = up / counted. */
function agreement(name: string, rows: string[]): string {
    const folder = path.join(workDir, name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'probes.csv'), ['timestamp,up', ...rows].join('\n') + '\n');
    const file = path.join(folder, 'contract.sla');
    fs.writeFileSync(
        file,
        `agreement Tiny {
    provider Acme "Acme"
    customer Globex "Globex"
    timezone "UTC"
    currency EUR
    data probes from "probes.csv" {
        time timestamp
        boolean up
        every 1 min
    }
    exclude force majeure
    service Link {
        fee 100.00 EUR per day
        metric Availability = availability of probes.up sample form controlled by provider
        objective Uptime: Availability >= 90 % per day
        credit on Uptime {
            below 90 %: 10 % of fee
        }
    }
}
`,
    );
    return file;
}

function probes(upFlags: number[]): string[] {
    return upFlags.map((up, minute) => `2025-01-01T00:${String(minute).padStart(2, '0')}:00Z,${up}`);
}

describe('sla CLI', () => {
    it('prints its version and help and exits 0', () => {
        const version = run('--version');
        expect(version.code).toBe(0);
        expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
        const help = run('--help');
        expect(help.code).toBe(0);
        expect(help.stdout).toContain('sla check FILE.sla');
    });

    it('exits 0 when the objective is met exactly at the threshold', () => {
        // 9 up of 10 counted = 90 % exactly, which meets ">= 90 %".
        const file = agreement('met', probes([1, 1, 1, 0, 1, 1, 1, 1, 1, 1]));
        const result = run('check', file);
        expect(result.stderr).not.toMatch(/error/);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/met/);
    });

    it('exits 1 on a breach and reports the credit', () => {
        // 8 up of 10 = 80 % < 90 %: the one tier pays 10 % of the 100.00 EUR daily fee = 10.00 EUR.
        const file = agreement('breached', probes([1, 0, 1, 0, 1, 1, 1, 1, 1, 1]));
        const result = run('check', file, '--format', 'json');
        expect(result.code).toBe(1);
        const json = JSON.parse(result.stdout);
        expect(JSON.stringify(json)).toContain('10.00');
        expect(JSON.stringify(json)).toContain('breached');
    });

    it('writes JUnit, SARIF and Markdown reports beside the text on standard output', () => {
        // Same breach as above: one window, 80 % < 90 %.
        const file = agreement('reports', probes([1, 0, 1, 0, 1, 1, 1, 1, 1, 1]));
        const out = (name: string) => path.join(workDir, 'reports', name);
        const result = run(
            'check',
            file,
            '--junit',
            out('junit.xml'),
            '--sarif',
            out('report.sarif'),
            '--markdown',
            out('report.md'),
        );
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('BREACHED');
        expect(fs.readFileSync(out('junit.xml'), 'utf8')).toContain('tests="1" failures="1" skipped="0"');
        const sarif = JSON.parse(fs.readFileSync(out('report.sarif'), 'utf8'));
        // The objective is on line 15 of contract.sla (see agreement() above).
        expect(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBe(15);
        expect(fs.readFileSync(out('report.md'), 'utf8')).toContain('| 2025-01-01 | ❌ breached | 80 % |');
    });

    it('exits 2 with file:line:column on a malformed data row', () => {
        const rows = probes([1, 1, 1, 1, 1]);
        rows[2] = '2025-01-01T00:02:00Z,maybe';
        const file = agreement('malformed', rows);
        const result = run('check', file);
        expect(result.code).toBe(2);
        // Header is line 1, so the third data row is line 4; "maybe" starts after "<timestamp>," (21 chars).
        expect(result.stderr).toMatch(/probes\.csv:4:22/);
    });

    it('skips and counts the malformed row with --skip-bad-rows', () => {
        const rows = probes([1, 1, 1, 1, 1]);
        rows[2] = '2025-01-01T00:02:00Z,maybe';
        const file = agreement('skipped', rows);
        const result = run('check', file, '--skip-bad-rows', '--format', 'json');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/"rowsSkipped": 1\b/);
    });

    describe('code cache of the engine', () => {
        // 9 up of 10 = 90 % meets ">= 90 %": every run prints the same report and exits 0.
        const file = agreement('code-cache', probes([1, 1, 1, 0, 1, 1, 1, 1, 1, 1]));
        const reference = runWith({ SLA_NO_CODE_CACHE: '1' }, 'check', file);
        const withCache = (cacheHome: string) => runWith({ XDG_CACHE_HOME: cacheHome }, 'check', file);
        const cacheFilesIn = (cacheHome: string) =>
            fs
                .readdirSync(path.join(cacheHome, 'sla'))
                .filter((n) => n.endsWith('.v8cache'))
                .sort();

        it('is written once, used after, and not written with SLA_NO_CODE_CACHE', () => {
            expect(reference.code).toBe(0);
            const cacheHome = fs.mkdtempSync(path.join(workDir, 'cache-'));
            expect(withCache(cacheHome)).toEqual(reference);
            const [cacheFile] = cacheFilesIn(cacheHome);
            expect(cacheFile).toContain(`-${process.version}-`);
            const written = fs.statSync(path.join(cacheHome, 'sla', cacheFile)).mtimeMs;
            expect(withCache(cacheHome)).toEqual(reference);
            // Used, not written again.
            expect(fs.statSync(path.join(cacheHome, 'sla', cacheFile)).mtimeMs).toBe(written);
            const uncached = fs.mkdtempSync(path.join(workDir, 'uncached-'));
            expect(runWith({ XDG_CACHE_HOME: uncached, SLA_NO_CODE_CACHE: '1' }, 'check', file)).toEqual(reference);
            expect(fs.readdirSync(uncached)).toEqual([]);
        });

        it('ignores and rewrites a cache whose bytes were damaged, instead of running damaged code', () => {
            const cacheHome = fs.mkdtempSync(path.join(workDir, 'cache-'));
            withCache(cacheHome);
            const cachePath = path.join(cacheHome, 'sla', cacheFilesIn(cacheHome)[0]);
            const intact = fs.readFileSync(cachePath);
            // 4 KiB of garbage in the middle: V8 alone accepts such a file and may crash on it.
            const damaged = Buffer.from(intact);
            damaged.fill(0x5a, damaged.length >> 1, (damaged.length >> 1) + 4096);
            fs.writeFileSync(cachePath, damaged);
            expect(withCache(cacheHome)).toEqual(reference);
            expect(fs.readFileSync(cachePath).equals(damaged)).toBe(false);
            expect(withCache(cacheHome)).toEqual(reference);
        });

        it('keeps the four most recently written caches of other builds and leaves other files alone', () => {
            const cacheHome = fs.mkdtempSync(path.join(workDir, 'cache-'));
            fs.mkdirSync(path.join(cacheHome, 'sla'));
            // Five caches of other builds, written one, two, … five days ago; and a file that is not a cache.
            const old = [1, 2, 3, 4, 5].map((days) => {
                const name = `engine-0.0.${days}-v18.0.0-x64-1-1.v8cache`;
                fs.writeFileSync(path.join(cacheHome, 'sla', name), 'old');
                const when = new Date(Date.now() - days * 86_400_000);
                fs.utimesSync(path.join(cacheHome, 'sla', name), when, when);
                return name;
            });
            fs.writeFileSync(path.join(cacheHome, 'sla', 'notes.txt'), 'not ours');
            expect(withCache(cacheHome)).toEqual(reference);
            const kept = cacheFilesIn(cacheHome);
            expect(kept).toHaveLength(4);
            expect(kept.filter((name) => old.includes(name))).toEqual(old.slice(0, 3).sort());
            expect(fs.existsSync(path.join(cacheHome, 'sla', 'notes.txt'))).toBe(true);
        });

        it('runs quietly when the cache folder cannot be used, and ignores a relative XDG_CACHE_HOME', () => {
            const notAFolder = path.join(workDir, 'a-file');
            fs.writeFileSync(notAFolder, '');
            expect(withCache(notAFolder)).toEqual(reference);
            const cwd = fs.mkdtempSync(path.join(workDir, 'cwd-'));
            const result = spawnSync(process.execPath, [SLA, 'check', file], {
                cwd,
                encoding: 'utf8',
                env: { ...process.env, XDG_CACHE_HOME: 'relative' },
            });
            expect([result.status, result.stdout, result.stderr]).toEqual([
                reference.code,
                reference.stdout,
                reference.stderr,
            ]);
            expect(fs.readdirSync(cwd)).toEqual([]);
        });
    });

    describe('a data file large enough to be read on a second thread (over 8 MiB)', () => {
        // 300 days of one probe a minute (432 000 rows of 27 bytes, 11.7 MB). Day d has 144 + (d mod 3)
        // down minutes from midnight: 1296 of 1440 up is exactly 90 % (met) when d mod 3 = 0, less otherwise.
        const DAYS = 300;
        function dayRows(): string[] {
            const rows: string[] = [];
            const start = Date.parse('2025-01-01T00:00:00Z');
            for (let day = 0; day < DAYS; day++) {
                for (let minute = 0; minute < 1440; minute++) {
                    const down = minute < 144 + (day % 3);
                    rows.push(`${new Date(start + (day * 1440 + minute) * 60_000).toISOString()},${down ? 0 : 1}`);
                }
            }
            return rows;
        }

        it('evaluates every row', () => {
            const result = run('check', agreement('large', dayRows()), '--format', 'json');
            expect(result.code).toBe(1);
            const [report] = JSON.parse(result.stdout).agreements;
            expect(report.dataSources[0].rowsRead).toBe(DAYS * 1440);
            // 100 days with d mod 3 = 0 are met, the other 200 breached, each paying 10 % of the 100.00 EUR daily fee.
            expect([report.summary.met, report.summary.breached]).toEqual([100, 200]);
            expect(report.summary.credits).toEqual([{ currency: 'EUR', amount: '2000.00' }]);
        });

        it('locates a malformed row near its end', () => {
            const rows = dayRows();
            // Data row 399 999 is line 400 000; "maybe" follows a 24-character timestamp and a comma: column 26.
            rows[399_998] = '2025-10-06T18:38:00.000Z,maybe';
            const result = run('check', agreement('large-malformed', rows));
            expect(result.code).toBe(2);
            expect(result.stderr).toMatch(/probes\.csv:400000:26: error: expected a boolean .* found "maybe"/);
        });
    });

    it('exits 2 with file:line:column on a syntax error', () => {
        const file = agreement('syntax', probes([1]));
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('objective Uptime:', 'objective Uptime'));
        const result = run('check', file);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/contract\.sla:15:\d+: error:/);
    });

    it('validate exits 2 on an unresolved reference and 0 on a valid file', () => {
        const file = agreement('validate', probes([1]));
        expect(run('validate', file).code).toBe(0);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('credit on Uptime', 'credit on Uptime2'));
        const result = run('validate', file);
        expect(result.code).toBe(2);
        expect(result.stdout).toMatch(/contract\.sla:16:\d+: error: .*Uptime2/);
    });

    it('warns when nothing was evaluated, and fails on it with --strict', () => {
        // The only data is on 2025-01-01; evaluating from March on leaves no window with data.
        const file = agreement('empty', probes([1, 1]));
        const lenient = run('check', file, '--from', '2025-03-01');
        expect(lenient.code).toBe(0);
        expect(lenient.stderr).toContain('no window was evaluated');
        expect(run('check', file, '--from', '2025-03-01', '--strict').code).toBe(1);
    });

    it('exits 2, naming the other file, when an agreement extends one with errors', () => {
        // The base refers to a data source that neither file declares.
        const folder = path.join(workDir, 'extends');
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(
            path.join(folder, 'base.sla'),
            'agreement Base {\n    exclude force majeure where probes.cause = "fm"\n}\n',
        );
        fs.writeFileSync(path.join(folder, 'child.sla'), 'agreement Child extends Base {\n    currency EUR\n}\n');
        const result = run('validate', path.join(folder, 'child.sla'));
        expect(result.code).toBe(2);
        expect(result.stdout).toMatch(/base\.sla:2:\d+: error: .*probes/);
    });

    it('exits 2 on usage errors and missing files', () => {
        expect(run('frobnicate', 'x.sla').code).toBe(2);
        expect(run('check').code).toBe(2);
        expect(run('check', 'missing.sla').stderr).toContain('no such file');
        expect(run('check', 'x.sla', '--format', 'xml').code).toBe(2);
        expect(run('check', 'x.sla', '--from', 'last tuesday').code).toBe(2);
        expect(run('check', 'x.sla', '--from', '2025-03-01', '--to', '2025-02-01').stderr).toContain(
            'is before --from',
        );
        const impossibleDate = run('check', agreement('dates', probes([1])), '--from', '2025-02-30');
        expect(impossibleDate.code).toBe(2);
        expect(impossibleDate.stderr).toContain('2025-02-30');
    });
});
