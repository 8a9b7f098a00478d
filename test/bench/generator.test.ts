/**
 * The benchmark's own parts: the probe generator (deterministic, right shape), the DuckDB reference
 * query (cross-checked against a straightforward JavaScript computation and hand-counted figures
 * around both daylight-saving changes), and the comparison rules of the harness.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureProbeFile, probeChunks } from '../../bench/generate.mjs';
import { runReferenceQuery } from '../../bench/duckdb-query.mjs';
import { compareWithReference, isWithinHalfUnit } from '../../bench/compare.mjs';

interface ReferenceRow {
    service: string;
    month: string;
    rows: number;
    excluded: number;
    counted: number;
    up: number;
    p95: number | null;
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-bench-test-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function generate(options: { rows: number; services?: number; start?: string; seed?: number }): string {
    return [...probeChunks(options)].join('');
}

function writeCsv(name: string, text: string): string {
    const file = path.join(workDir, name);
    fs.writeFileSync(file, text);
    return file;
}

describe('probe generator', () => {
    it('gives the same bytes for the same parameters and different bytes for another seed', () => {
        const first = generate({ rows: 10_000 });
        expect(generate({ rows: 10_000 })).toBe(first);
        expect(generate({ rows: 10_000, seed: 7 })).not.toBe(first);
    });

    it('writes a header and one row per service per minute, in time order', () => {
        const lines = generate({ rows: 10_000 }).split('\n');
        expect(lines.shift()).toBe('timestamp,service,up,latency_ms');
        expect(lines.pop()).toBe(''); // the text ends with a newline
        expect(lines).toHaveLength(10_000);
        const rowPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z,svc(0[1-9]|1\d|20),[01],\d+\.\d{2}$/;
        expect(lines.filter((line) => !rowPattern.test(line))).toEqual([]);
        // 10,000 rows / 20 services = 500 minutes: rows 20k…20k+19 are minute k, services svc01…svc20.
        lines.forEach((line, i) => {
            const [timestamp, service] = line.split(',');
            expect(Date.parse(timestamp) - Date.parse('2024-12-31T23:00:00Z')).toBe(Math.floor(i / 20) * 60_000);
            expect(service).toBe(`svc${String((i % 20) + 1).padStart(2, '0')}`);
        });
        // Minute 499 after 2024-12-31T23:00Z is 8 h 19 min later.
        expect(lines[9_999].startsWith('2025-01-01T07:19:00Z,svc20,')).toBe(true);
    });

    it('makes outages in bursts: fewer runs of down samples than down samples', () => {
        const lines = generate({ rows: 200_000 }).trimEnd().split('\n').slice(1);
        const downByService = new Map<string, number[]>();
        lines.forEach((line, i) => {
            const [, service, up] = line.split(',');
            if (up === '0') downByService.set(service, [...(downByService.get(service) ?? []), Math.floor(i / 20)]);
        });
        const downSamples = [...downByService.values()].reduce((sum, minutes) => sum + minutes.length, 0);
        const runs = [...downByService.values()].reduce(
            (sum, minutes) => sum + minutes.filter((m, i) => i === 0 || minutes[i - 1] !== m - 1).length,
            0,
        );
        expect(downSamples).toBeGreaterThan(0);
        expect(runs).toBeLessThan(downSamples / 2);
    });

    it('reuses a file generated with the same parameters', () => {
        const dir = path.join(workDir, 'cache');
        const first = ensureProbeFile({ rows: 1_000 }, dir);
        expect(first.generated).toBe(true);
        fs.appendFileSync(first.file, 'marker\n');
        const second = ensureProbeFile({ rows: 1_000 }, dir);
        expect(second).toEqual({ file: first.file, generated: false });
        expect(fs.readFileSync(second.file, 'utf8').endsWith('marker\n')).toBe(true);
        expect(ensureProbeFile({ rows: 2_000 }, dir).file).not.toBe(first.file);
    });
});

/** Local wall-clock parts in Europe/Berlin, by the platform's time-zone database (not DuckDB's). */
const berlin = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
});

function localParts(timestamp: string): { month: string; weekday: string; hour: number } {
    const parts = Object.fromEntries(berlin.formatToParts(new Date(timestamp)).map((p) => [p.type, p.value]));
    return { month: `${parts.year}-${parts.month}`, weekday: parts.weekday, hour: Number(parts.hour) };
}

/** Linear interpolation between closest ranks, as written in numpy's documentation. */
function p95(values: number[]): number | null {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = 0.95 * (sorted.length - 1);
    const below = Math.floor(rank);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
}

/** The reference query's semantics, row by row: Sunday 02:00–04:00 local time is excluded for every figure. */
function javascriptReference(csv: string): ReferenceRow[] {
    const groups = new Map<string, { rows: number; excluded: number; up: number; latencies: number[] }>();
    for (const line of csv.trimEnd().split('\n').slice(1)) {
        const [timestamp, service, up, latency] = line.split(',');
        const local = localParts(timestamp);
        const key = `${service}|${local.month}`;
        const group = groups.get(key) ?? { rows: 0, excluded: 0, up: 0, latencies: [] };
        groups.set(key, group);
        group.rows++;
        if (local.weekday === 'Sun' && local.hour >= 2 && local.hour < 4) {
            group.excluded++;
            continue;
        }
        group.up += Number(up);
        group.latencies.push(Number(latency));
    }
    return [...groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, g]) => {
            const [service, month] = key.split('|');
            return {
                service,
                month,
                rows: g.rows,
                excluded: g.excluded,
                counted: g.rows - g.excluded,
                up: g.up,
                p95: p95(g.latencies),
            };
        });
}

const withRoundedP95 = (rows: ReferenceRow[]) => rows.map((r) => ({ ...r, p95: r.p95?.toPrecision(9) }));

describe('DuckDB reference query', () => {
    it('agrees with a plain JavaScript computation around the spring DST change and a month boundary', async () => {
        // 3 services × 4,000 minutes from 2025-03-29T20:00Z (21:00 local) to 2025-04-01T10:39Z.
        const csv = generate({ rows: 12_000, services: 3, start: '2025-03-29T20:00:00Z' });
        const duckdb: ReferenceRow[] = await runReferenceQuery(writeCsv('spring.csv', csv));
        expect(withRoundedP95(duckdb)).toEqual(withRoundedP95(javascriptReference(csv)));
        // By hand: April starts at local midnight = 2025-03-31T22:00Z, so March has 20:00Z on the 29th
        // to 21:59Z on the 31st = 50 h = 3,000 minutes and April the other 1,000. On Sunday 30 March the
        // clocks jump from 02:00 to 03:00: only 03:00–03:59 local (01:00–01:59Z) exists, 60 rows excluded.
        const svc01 = duckdb.filter((r) => r.service === 'svc01');
        expect(svc01.map((r) => [r.month, r.rows, r.excluded, r.counted])).toEqual([
            ['2025-03', 3_000, 60, 2_940],
            ['2025-04', 1_000, 0, 1_000],
        ]);
    });

    it('excludes three hours on the night the clocks go back', async () => {
        // 2 services × 3,000 minutes from 2025-10-25T20:00Z. On Sunday 26 October local 02:00–03:00 happens
        // twice: 02:00 CEST (00:00Z) to 04:00 CET (03:00Z) is 180 minutes, all excluded.
        const csv = generate({ rows: 6_000, services: 2, start: '2025-10-25T20:00:00Z' });
        const duckdb: ReferenceRow[] = await runReferenceQuery(writeCsv('autumn.csv', csv));
        expect(withRoundedP95(duckdb)).toEqual(withRoundedP95(javascriptReference(csv)));
        expect(duckdb.map((r) => [r.service, r.month, r.rows, r.excluded])).toEqual([
            ['svc01', '2025-10', 3_000, 180],
            ['svc02', '2025-10', 3_000, 180],
        ]);
    });
});

describe('comparison rules of the harness', () => {
    it('accepts availability text only within half a unit of its last decimal of the exact ratio', () => {
        // 100 × 2/3 = 66.6666…: 66.667 is 0.00033 away (< 0.0005), 66.666 is 0.00067 away (> 0.0005).
        expect(isWithinHalfUnit('66.667', 200n, 3n)).toBe(true);
        expect(isWithinHalfUnit('66.7', 200n, 3n)).toBe(true);
        expect(isWithinHalfUnit('66.666', 200n, 3n)).toBe(false);
        // 999 of 1000 is exactly 99.9.
        expect(isWithinHalfUnit('99.9', 99_900n, 1_000n)).toBe(true);
        expect(isWithinHalfUnit('99.90001', 99_900n, 1_000n)).toBe(false);
    });

    it('matches a report that has the reference figures and names the figure that differs', () => {
        const reference: ReferenceRow[] = [
            { service: 'svc01', month: '2025-01', rows: 100, excluded: 4, counted: 96, up: 95, p95: 120.0549999999 },
        ];
        const window = (value: string, up?: number) => ({
            group: 'svc01',
            label: '2025-01',
            value,
            counts: { rows: 100, excluded: 4, counted: 96, up },
        });
        const report = (availability: string, latency: string) => ({
            agreements: [
                {
                    services: [
                        {
                            objectives: [
                                { metricKind: 'probe-availability', windows: [window(availability, 95)] },
                                { metricKind: 'aggregate', windows: [window(latency)] },
                            ],
                        },
                    ],
                },
            ],
        });
        // 95/96 = 98.958333…%: 98.958 is 0.00033 away (passes at 3 decimals), 98.957 is 0.00133 away.
        expect(compareWithReference(report('98.958333', '120.055'), reference).match).toBe(true);
        expect(compareWithReference(report('98.958', '120.055'), reference).match).toBe(true);
        const wrong = compareWithReference(report('98.957', '120.06'), reference);
        expect(wrong.match).toBe(false);
        expect(wrong.mismatches).toEqual([
            expect.stringContaining('availability 98.957 %'),
            expect.stringContaining('p95 120.06 in the report'),
        ]);
    });
});
