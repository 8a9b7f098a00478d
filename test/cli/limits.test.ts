/** `--max-windows`: the bound on the windows of one evaluation, through the real CLI. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SLA = path.resolve(__dirname, '../../packages/cli/bin/sla.js');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-cli-limits-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function run(...args: string[]) {
    const result = spawnSync(process.execPath, [SLA, ...args], { cwd: workDir, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Three days of hourly probes, judged per day by two objectives: 3 × 2 = 6 windows.
const rows = Array.from({ length: 72 }, (_, h) => `${new Date(Date.UTC(2025, 2, 1, h)).toISOString()},1`);
fs.writeFileSync(path.join(workDir, 'probes.csv'), ['timestamp,up', ...rows].join('\n') + '\n');
fs.writeFileSync(
    path.join(workDir, 'daily.sla'),
    `agreement Daily {
    timezone "UTC"
    data probes from "probes.csv" { time timestamp, boolean up every 1 h }
    service Link {
        metric Availability = availability of probes.up sample form controlled by provider
        objective Up: Availability >= 90 % per day
        objective AlsoUp: Availability >= 95 % per day
    }
}
`,
);

describe('sla check --max-windows', () => {
    it('refuses an evaluation past the bound with exit 2 and says how to go on', () => {
        const result = run('check', 'daily.sla', '--max-windows', '5', '--quiet');
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('the data opens more than 5 windows (counting each group)');
        expect(result.stderr).toContain('raise the bound with --max-windows (now 5)');
    });

    it('evaluates when the bound allows every window', () => {
        const result = run('check', 'daily.sla', '--max-windows', '6', '--quiet', '--format', 'json');
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout).agreements[0].summary.met).toBe(6);
    });

    it('refuses a bound that is not a whole number of at least 1 as a usage error', () => {
        for (const bad of ['0', '-3', '1.5', 'many']) {
            const result = run('check', 'daily.sla', `--max-windows=${bad}`);
            expect(result.code, bad).toBe(2);
            expect(result.stderr).toContain(`--max-windows '${bad}' is not a whole number of at least 1`);
        }
    });
});
