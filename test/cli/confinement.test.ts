// `sla validate` and `sla check` as CI runs them on a pull request, whose author writes the `.sla`
// file: a data path that leads outside the project, or to no regular file, is refused with exit
// code 2 and a message at the `from "…"` of the contract, and nothing of such a file reaches the
// output or the report files. The secrets are canaries: a random word in the environment of the
// CLI (which /proc/self/environ holds) and in a file beside the project.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SLA = path.resolve(__dirname, '../../packages/cli/bin/sla.js');
const CANARY = `canary${randomBytes(8).toString('hex')}`;
const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sla-confinement-')));
const project = path.join(scratch, 'project');
const outside = path.join(scratch, 'outside');
fs.mkdirSync(path.join(project, '.git'), { recursive: true });
fs.mkdirSync(path.join(project, 'data'), { recursive: true });
fs.mkdirSync(outside, { recursive: true });
// A secret whose header would be quoted if it were read (it lacks the declared column region), and data outside.
const secret = path.join(outside, 'secret.csv');
fs.writeFileSync(secret, `timestamp,up,${CANARY}\n2025-01-01T00:00:00Z,1,${CANARY}\nnot-a-time,${CANARY},x\n`);
fs.writeFileSync(
    path.join(outside, 'probes.csv'),
    'timestamp,up,region\n2025-01-01T00:00:00Z,1,eu\n2025-01-01T00:01:00Z,maybe,eu\n',
);
fs.symlinkSync(secret, path.join(project, 'data', 'leaving.csv'));
const fifo = path.join(project, 'data', 'pipe.csv');
const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** An agreement whose one data source is read from `declaredPath`; `from "` starts at line 6, column 24. */
function agreement(name: string, declaredPath: string): string {
    const file = path.join(project, `${name}.sla`);
    fs.writeFileSync(
        file,
        `agreement Leak {
    provider Acme "Acme"
    customer Globex "Globex"
    timezone "UTC"
    exclude force majeure
    data probes from "${declaredPath}" {
        time timestamp
        boolean up
        text region
        every 1 min
    }
    service Link {
        metric Availability = availability of probes.up sample form controlled by provider
        objective Uptime: Availability >= 90 % per day for each probes.region
    }
}
`,
    );
    return file;
}

function run(...args: string[]) {
    const result = spawnSync(process.execPath, [SLA, ...args], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, SLA_CANARY: CANARY },
        timeout: 60_000,
    });
    return { code: result.status, out: `${result.stdout}\n${result.stderr}`, error: result.error };
}

const CASES: readonly (readonly [string, string, RegExp])[] = [
    ['absolute', secret, /outside it/],
    ['dot-dot', '../outside/secret.csv', /outside it/],
    ['symlink', 'data/leaving.csv', /which resolves to .*secret\.csv, outside it/],
    ['environ', '/proc/self/environ', /a file of \/proc/],
    ['directory', 'data', /a directory/],
    ['zero', '/dev/zero', /a device file of \/dev/],
    ...(hasFifo ? ([['fifo', 'data/pipe.csv', /a named pipe \(FIFO\)/]] as const) : []),
];

describe('data confined to the project', () => {
    it.each(CASES)('refuses %s data (%s) in validate and check, and echoes nothing of it', (name, declared, what) => {
        const file = agreement(name, declared);
        const reports = ['json', 'markdown', 'sarif', 'junit', 'html'].map((format) =>
            path.join(scratch, `${name}.${format}`),
        );
        const runs = [
            run('validate', file),
            run('validate', file, '--format', 'json'),
            run(
                'check',
                file,
                '--skip-bad-rows',
                ...['json', 'markdown', 'sarif', 'junit', 'html'].flatMap((f, i) => [`--${f}`, reports[i]]),
            ),
        ];
        for (const result of runs) {
            expect(result.error).toBeUndefined();
            expect(result.code).toBe(2);
            expect(result.out).not.toContain(CANARY);
            expect(result.out).toMatch(what);
            expect(result.out).toContain('sla/data-file-refused');
        }
        expect(runs[0].out).toContain(`${name}.sla:6:22: error: Data file '${declared}' is not read: expected`);
        // Validation stops `sla check` before any data is read: no report file is written.
        for (const report of reports) expect(fs.existsSync(report), report).toBe(false);
    });

    it('reads a folder outside the project that --allow-read names', () => {
        const file = agreement('allowed', '../outside/probes.csv');
        const refused = run('check', file);
        expect(refused.code).toBe(2);
        const allowed = run('check', file, '--allow-read', outside, '--skip-bad-rows', '--format', 'json');
        expect(allowed.out).not.toContain('data-file-refused');
        // The file is data now: one good row, one skipped as malformed (counted, its value not echoed whole).
        const report = JSON.parse(allowed.out.slice(0, allowed.out.lastIndexOf('}') + 1)) as {
            agreements: { dataSources: { rowsRead: number; rowsSkipped: number }[] }[];
        };
        expect(report.agreements[0].dataSources[0]).toMatchObject({ rowsRead: 2, rowsSkipped: 1 });
        expect(allowed.code).toBe(0);
    });
});
