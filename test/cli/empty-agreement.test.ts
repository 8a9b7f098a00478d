/** A file without an agreement is an error, not a clean run. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SLA = path.resolve(__dirname, '../../packages/cli/bin/sla.js');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-cli-empty-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function run(...args: string[]) {
    const result = spawnSync(process.execPath, [SLA, ...args], { cwd: workDir, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('an .sla file without an agreement', () => {
    for (const [name, text] of [
        ['empty.sla', ''],
        ['comments.sla', '// nothing here yet\n/* still nothing */\n'],
    ] as const) {
        it(`${name}: check and validate exit 2 and say so at 1:1`, () => {
            fs.writeFileSync(path.join(workDir, name), text);
            const check = run('check', name);
            expect(check.code).toBe(2);
            expect(check.stderr).toContain(`${name}:1:1: error: The file holds no agreement`);
            expect(check.stderr).toContain('[sla/no-agreement]');
            const validate = run('validate', name);
            expect(validate.code).toBe(2);
            expect(validate.stdout).toContain('The file holds no agreement');
        });
    }
});
