import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Metric, Objective } from '../src/model.js';
import { column, contract, dataSource, metric, objective, service, tempFile } from './helpers.js';
import { SlotMarks } from '../src/slots.js';

const HOUR = 3_600_000;

/** Hourly rows `timestamp,lat,ok,total,up` in UTC for each instant in `times`. */
function csv(times: readonly number[], row: (t: number) => string = () => '10,1,1,1'): string {
    return (
        ['timestamp,lat,ok,total,up', ...times.map((t) => `${new Date(t).toISOString()},${row(t)}`)].join('\n') + '\n'
    );
}

function hours(first: string, count: number): number[] {
    return Array.from({ length: count }, (_, i) => Date.parse(first) + i * HOUR);
}

/** `sampleIntervalMs` 0: the data source declares no sample interval. */
async function evaluateOne(data: string, m: Metric, o: Objective, sampleIntervalMs = HOUR) {
    const source = dataSource(
        tempFile('p.csv', data),
        [
            column('timestamp', 'time'),
            column('lat', 'number'),
            column('ok', 'number'),
            column('total', 'number'),
            column('up', 'boolean'),
        ],
        { sampleIntervalMs: sampleIntervalMs || undefined },
    );
    const report = await evaluate(
        contract([service({ metrics: [m], objectives: [o] })], [source], { timeZone: 'UTC' }),
        { from: '2025-03-01', to: '2025-04-01' },
    );
    return report.services[0].objectives[0];
}

const p95 = metric(
    'L',
    {
        kind: 'aggregate',
        function: 'percentile',
        percentile: '95',
        method: 'linear',
        column: { source: 'probes', column: 'lat' },
    },
    'ms',
);
const requests = metric(
    'R',
    {
        kind: 'request-availability',
        good: { source: 'probes', column: 'ok' },
        total: { source: 'probes', column: 'total' },
    },
    '%',
);
const rowCount = metric('N', { kind: 'count', source: 'probes' }, '');
const probe = metric(
    'A',
    { kind: 'probe-availability', form: 'sample', samples: { source: 'probes', column: 'up' }, missing: 'unknown' },
    '%',
);

describe('coverage at least, for metrics other than probe availability', () => {
    // March 2025 in UTC has 744 hourly slots; rows for the first 10 days only = 240 slots: 240/744 = 32.258…% < 95 %.
    const tenDays = csv(hours('2025-03-01T00:00:00Z', 240));

    it.each([
        ['a percentile', p95, '<=', '300'],
        ['request availability', requests, '>=', '99'],
        ['a count', rowCount, '<=', '10000'],
    ] as const)('leaves %s undetermined below the minimum', async (_name, m, comparator, threshold) => {
        const result = await evaluateOne(
            tenDays,
            m,
            objective({
                metric: m.name,
                comparator,
                threshold: { value: threshold, unit: m.unit },
                minimumCoverage: '95',
            }),
        );
        const [march] = result.windows;
        expect(march.verdict).toBe('not-determined');
        expect(march.coverage).toBe('32.258');
        expect(march.reason).toContain('coverage 32.258 % is below the required 95 %');
        expect(march.counts.missing).toBe(744 - 240);
    });

    it('judges the window when coverage reaches the minimum', async () => {
        // 707 of 744 slots = 95.026…% ≥ 95 %: the p95 of 707 values of 10 ms is 10 ms ≤ 300 → met.
        const result = await evaluateOne(
            csv(hours('2025-03-01T00:00:00Z', 707)),
            p95,
            objective({
                metric: 'L',
                comparator: '<=',
                threshold: { value: '300', unit: 'ms' },
                minimumCoverage: '95',
            }),
        );
        expect(result.windows[0]).toMatchObject({ verdict: 'met', value: '10', coverage: '95.027' });
    });

    it('counts distinct slots: a duplicate row does not raise coverage, and is reported', async () => {
        // 700 distinct hours, the first 20 written twice: coverage 700/744 = 94.086…% < 95 % (not 720/744 = 96.8 %).
        const times = hours('2025-03-01T00:00:00Z', 700);
        const result = await evaluateOne(
            csv([...times.slice(0, 20), ...times]),
            p95,
            objective({
                metric: 'L',
                comparator: '<=',
                threshold: { value: '300', unit: 'ms' },
                minimumCoverage: '95',
            }),
        );
        expect(result.windows[0]).toMatchObject({ verdict: 'not-determined', coverage: '94.086' });
        expect(result.windows[0].counts).toMatchObject({ rows: 720, duplicates: 20 });
    });

    it('says that coverage is not checked on a data source without a sample interval', async () => {
        const result = await evaluateOne(
            csv(hours('2025-03-01T00:00:00Z', 24)),
            p95,
            objective({
                metric: 'L',
                comparator: '<=',
                threshold: { value: '300', unit: 'ms' },
                minimumCoverage: '95',
            }),
            0,
        );
        expect(result.windows[0].verdict).toBe('met');
        expect(result.notes.join(' ')).toContain('"coverage at least 95 %" is not checked');
        expect(result.notes.join(' ')).toContain('declares no sample interval');
    });
});

describe('probe samples per slot', () => {
    it('counts a slot once, down when any of its rows is down', async () => {
        // All 744 March hours up, plus a second row for 2025-03-02T05:00 that is down and a third (up) for it:
        // 744 slots, 743 up + 1 down → 743/744 = 99.865591…%; coverage 100 % (not 746/744); 2 duplicate rows.
        const times = hours('2025-03-01T00:00:00Z', 744);
        const odd = Date.parse('2025-03-02T05:00:00Z');
        const data = csv([...times, odd, odd], (t) => '10,1,1,1');
        const lines = data.trimEnd().split('\n');
        lines[lines.length - 2] = lines[lines.length - 2].replace(/,1$/, ',0');
        const result = await evaluateOne(
            lines.join('\n') + '\n',
            probe,
            objective({ metric: 'A', comparator: '>=', threshold: { value: '99.9', unit: '%' } }),
        );
        const [march] = result.windows;
        expect(march).toMatchObject({ verdict: 'breached', value: '99.865591', coverage: '100' });
        expect(march.counts).toMatchObject({ rows: 746, counted: 744, up: 743, down: 1, missing: 0, duplicates: 2 });
        expect(march.reason).toContain('2 row(s) fell in a sample slot that already had a row');
    });
});

describe('slot marks against a map', () => {
    it('counts distinct slots, duplicates and marks like a plain map, in any order and across merges', () => {
        // A small deterministic generator; slots spread over ±3000 around an offset, both directions of growth.
        let seed = 7;
        const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
        const reference = new Map<number, number>();
        let duplicates = 0;
        const a = new SlotMarks(60_000);
        const b = new SlotMarks(60_000);
        for (let i = 0; i < 5000; i++) {
            const slot = 29_000_000 + Math.floor((random() - 0.5) * 6000);
            const mark = random() < 0.1 ? 2 : 1;
            const before = reference.get(slot) ?? 0;
            if (before > 0) duplicates++;
            reference.set(slot, Math.max(before, mark));
            (i % 2 === 0 ? a : b).mark(slot * 60_000 + 59_999, mark);
        }
        a.mergeFrom(b);
        const values = [...reference.values()];
        expect(a.distinct).toBe(reference.size);
        expect(a.duplicates).toBe(duplicates);
        expect(a.countOf(1)).toBe(values.filter((v) => v === 1).length);
        expect(a.countOf(2)).toBe(values.filter((v) => v === 2).length);
    });
});
