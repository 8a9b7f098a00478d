import * as path from 'node:path';
import { URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { DataAccessPolicy } from '../src/data-access.js';

const workspace = path.resolve('/work/contracts');

describe('data access policy', () => {
    it('allows every file until the editor restricts it (the CLI case)', () => {
        expect(new DataAccessPolicy().check('/anywhere/data.csv').allowed).toBe(true);
    });

    it('allows files inside the workspace folders only', () => {
        const policy = new DataAccessPolicy();
        policy.restrictTo([URI.file(workspace).toString()], true);
        expect(policy.check(path.join(workspace, 'isp/data/probes.csv')).allowed).toBe(true);
        expect(policy.check(path.join(workspace, '../secrets/probes.csv'))).toMatchObject({
            allowed: false,
            reason: expect.stringContaining('outside the workspace'),
        });
        // A sibling folder whose name merely starts with the workspace's name is outside it.
        expect(policy.check(`${workspace}-old/probes.csv`).allowed).toBe(false);
    });

    it('reads nothing in an untrusted workspace', () => {
        const policy = new DataAccessPolicy();
        policy.restrictTo([URI.file(workspace).toString()], false);
        expect(policy.check(path.join(workspace, 'probes.csv'))).toMatchObject({
            allowed: false,
            reason: expect.stringContaining('untrusted'),
        });
    });
});
