import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { expectCompletion } from 'langium/test';
import { afterAll, describe, expect, it } from 'vitest';
import { createSlaServices } from '../src/sla-module.js';

const complete = expectCompletion(createSlaServices(NodeFileSystem).Sla);
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-completion-'));
fs.writeFileSync(
    path.join(folder, 'probes.csv'),
    'timestamp,up,"latency (ms)",region\n2025-01-01T00:00:00Z,1,12.5,eu\n',
);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

let count = 0;
const inFolder = () => ({ documentUri: URI.file(path.join(folder, `c${++count}.sla`)).toString() });
const labels = (items: { label: string }[]) => items.map((i) => i.label);

describe('completion', () => {
    it("offers the data file's columns that are not declared yet, with a header clause for awkward names", async () => {
        await complete({
            text: 'agreement A { data probes from "probes.csv" { time timestamp text <|> } }',
            index: 0,
            parseOptions: inFolder(),
            assert: (list) => {
                const offered = labels(list.items);
                expect(offered).toEqual(expect.arrayContaining(['up', 'region', 'latency_ms_ header "latency (ms)"']));
                expect(offered).not.toContain('timestamp');
            },
        });
    });

    it('offers IANA time zones in a timezone clause', async () => {
        await complete({
            text: 'agreement A { timezone <|> }',
            index: 0,
            parseOptions: inFolder(),
            assert: (list) =>
                expect(labels(list.items)).toEqual(
                    expect.arrayContaining(['"Europe/Berlin"', '"UTC"', '"America/New_York"']),
                ),
        });
    });

    it('offers metric names and comparators in an objective', async () => {
        const text = `agreement A { data p from "probes.csv" { boolean up }
            service S { metric Uptime = availability of p.up  objective O: <|>Uptime <|>>= 99 % per month } }`;
        await complete({
            text,
            index: 0,
            parseOptions: inFolder(),
            assert: (list) => expect(labels(list.items)).toContain('Uptime'),
        });
        await complete({
            text,
            index: 1,
            parseOptions: inFolder(),
            assert: (list) => expect(labels(list.items)).toEqual(expect.arrayContaining(['>=', 'within', 'at'])),
        });
    });

    // The keywords that may start each kind of member, read off the grammar (sla.langium).
    it('offers the keywords that start a member of an agreement, a service, a metric and a remedy', async () => {
        const cases: [string, string[]][] = [
            [
                'agreement A { <|> }',
                [
                    'kind',
                    'version',
                    'provider',
                    'customer',
                    'third-party',
                    'term',
                    'timezone',
                    'currency',
                    'review',
                    'amendment',
                    'calendar',
                    'data',
                    'service',
                    'exclude',
                ],
            ],
            [
                'agreement A { service S { <|> } }',
                [
                    'fee',
                    'responsible',
                    'report',
                    'metric',
                    'objective',
                    'exclude',
                    'credit',
                    'penalty',
                    'reward',
                    'terminate',
                ],
            ],
            [
                'agreement A { service S { metric M = <|> } }',
                ['availability', 'mean', 'median', 'min', 'max', 'sum', 'elapsed', 'mttr', 'mtbf', 'count'],
            ],
            ['agreement A { service S { credit on O { <|> } } }', ['below', 'above', 'cap', 'claim']],
            [
                'agreement A { service S { objective O: M >= 1 % per month <|> } }',
                ['where', 'during', 'for', 'baseline', 'coverage'],
            ],
        ];
        for (const [text, keywords] of cases) {
            await complete({
                text,
                index: 0,
                parseOptions: inFolder(),
                assert: (list) => expect(labels(list.items)).toEqual(expect.arrayContaining(keywords)),
            });
        }
    });

    it('offers nothing where a new name is declared (keywords that may serve as names included)', async () => {
        for (const text of [
            'agreement A { service <|> }',
            'agreement A { service S { metric <|> } }',
            'agreement <|>',
            'agreement A { calendar <|> }',
        ]) {
            await complete({
                text,
                index: 0,
                parseOptions: inFolder(),
                assert: (list) => expect(labels(list.items)).toEqual([]),
            });
        }
    });

    it("offers only the data file's undeclared columns where a column is declared", async () => {
        await complete({
            text: 'agreement A { data probes from "probes.csv" { time timestamp text <|> } }',
            index: 0,
            parseOptions: inFolder(),
            // probes.csv has timestamp, up, "latency (ms)" and region; timestamp is declared already.
            assert: (list) =>
                expect(labels(list.items).sort()).toEqual(['latency_ms_ header "latency (ms)"', 'region', 'up']),
        });
    });

    it('offers no column where the data source has no path yet, rather than failing', async () => {
        // `data probes from {`: the parser recovers without a path, so there is no file to read.
        await complete({
            text: 'agreement A { data probes from { time timestamp text <|> } }',
            index: 0,
            parseOptions: inFolder(),
            assert: (list) => expect(labels(list.items)).toEqual([]),
        });
    });

    it('offers no column of a file outside the project, nor of one reached by a symlink out of it', async () => {
        // The folder holds no project marker, so its project is the folder itself.
        const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-completion-outside-'));
        fs.writeFileSync(path.join(outside, 'secret.csv'), 'timestamp,SECRET_TOKEN\n');
        fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(folder, 'leaving.csv'));
        for (const declared of [path.join(outside, 'secret.csv'), 'leaving.csv']) {
            await complete({
                text: `agreement A { data probes from "${declared}" { time timestamp text <|> } }`,
                index: 0,
                parseOptions: inFolder(),
                assert: (list) => expect(labels(list.items)).toEqual([]),
            });
        }
        fs.rmSync(outside, { recursive: true, force: true });
    });
});
