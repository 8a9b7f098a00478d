/** `--as-of`: the instant an evaluation stands at, through the real CLI. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SLA = path.resolve(__dirname, '../../packages/cli/bin/sla.js');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-cli-as-of-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function run(...args: string[]) {
    const result = spawnSync(process.execPath, [SLA, ...args], { cwd: workDir, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Three days of hourly probes from 1 March 2025 (UTC), all up except 1 March 05:00, judged per day at 95 %.
const rows = Array.from(
    { length: 72 },
    (_, h) => `${new Date(Date.UTC(2025, 2, 1, h)).toISOString()},${h === 5 ? 0 : 1}`,
);
fs.writeFileSync(path.join(workDir, 'probes.csv'), ['timestamp,up', ...rows].join('\n') + '\n');
fs.writeFileSync(
    path.join(workDir, 'daily.sla'),
    `agreement Daily {
    timezone "UTC"
    data probes from "probes.csv" { time timestamp, boolean up every 1 h }
    service Link {
        metric Availability = availability of probes.up sample form controlled by provider
        objective Up: Availability >= 95 % per day
    }
}
`,
);

describe('sla check --as-of', () => {
    it('judges the days before it and shows the day it falls in as in progress', () => {
        // As of 2 March 12:00: 1 March has 23 of 24 hours up = 95.833333 % ≥ 95 % → met; 2 March has
        // 12 hours so far, all up → in progress at 100 %; 3 March is not read.
        const result = run('check', 'daily.sla', '--as-of', '2025-03-02T12:00:00Z', '--quiet', '--format', 'json');
        expect(result.code).toBe(0);
        const report = JSON.parse(result.stdout).agreements[0];
        expect(report.asOf).toBe('2025-03-02T12:00:00Z');
        expect(report.summary).toMatchObject({ met: 1, breached: 0, notDetermined: 0, inProgress: 1 });
        const windows = report.services[0].objectives[0].windows;
        expect(
            windows.map((w: { label: string; verdict: string; value: string }) => [w.label, w.verdict, w.value]),
        ).toEqual([
            ['2025-03-01', 'met', '95.833333'],
            ['2025-03-02', 'in-progress', '100'],
        ]);
    });

    it('says in the text report when windows are in progress', () => {
        const result = run('check', 'daily.sla', '--as-of', '2025-03-02T12:00:00Z', '--quiet');
        expect(result.stdout).toContain('As of 2025-03-02T12:00:00Z: windows that end later are in progress');
        expect(result.stdout).toContain('2025-03-02  IN PROGRESS  100 %');
        expect(result.stdout).toContain('Summary: 1 met, 0 breached, 0 not determined, 1 in progress');
    });

    it('refuses what is not a date or an instant', () => {
        const result = run('check', 'daily.sla', '--as-of', 'yesterday');
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("--as-of 'yesterday' is not a date (YYYY-MM-DD) or an ISO instant");
    });
});
