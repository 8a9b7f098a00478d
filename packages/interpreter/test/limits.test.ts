import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { LimitExceeded } from '../src/evaluation/limits.js';
import type { Objective } from '../src/model.js';
import { column, contract, dataSource, metric, objective, probeCsv, service, tempFile } from './helpers.js';

/** One probe a minute for `days` days from 1 March 2025 (UTC), with `objectives` daily objectives on it. */
function dailyProbes(
    days: number,
    objectives: number,
    window: Objective['window'] = { kind: 'calendar', unit: 'day' },
) {
    const path = tempFile('probes.csv', probeCsv(Date.UTC(2025, 2, 1), days * 24 * 60));
    const source = dataSource(path, [column('timestamp', 'time'), column('up', 'boolean')], {
        sampleIntervalMs: 60_000,
    });
    const availability = metric(
        'A',
        { kind: 'probe-availability', form: 'sample', samples: { source: 'probes', column: 'up' }, missing: 'unknown' },
        '%',
    );
    const list = Array.from({ length: objectives }, (_, i) =>
        objective({ name: `Up${i}`, metric: 'A', comparator: '>=', threshold: { value: '99', unit: '%' }, window }),
    );
    return contract([service({ metrics: [availability], objectives: list })], [source], { timeZone: 'UTC' });
}

describe('bounds on the work of an evaluation', () => {
    it('refuses more windows than the bound, naming the objective and what to do', async () => {
        // 2 objectives × 31 daily windows = 62 windows; the 51st window opened while reading is refused.
        const agreement = dailyProbes(31, 2);
        const refusal = evaluate(agreement, { maxWindows: 50 });
        await expect(refusal).rejects.toBeInstanceOf(LimitExceeded);
        await expect(refusal).rejects.toThrow(/objective Up\d: the data opens more than 50 windows/);
        await expect(refusal).rejects.toThrow(/--from\/--to .* --max-windows \(now 50\)/);
        const report = await evaluate(agreement, { maxWindows: 62 });
        expect(report.summary.met).toBe(62);
    });

    it('stops listing the windows of a range of centuries early', async () => {
        // --from/--to of 1900–2199 report every daily window in it, 109 572 of them; the listing stops at 1 000.
        const range = { from: '1900-01-01', to: '2199-12-31' };
        await expect(evaluate(dailyProbes(1, 1), { ...range, maxWindows: 1000 })).rejects.toThrow(
            'objective Up0: the evaluation would judge more than 1000 windows',
        );
    });

    it('refuses rolling windows that would merge too many day states', async () => {
        // 200 days of data, rolling 100 days: 101 windows × 100 days = 10 100 merges, above 40 × 200.
        // The 200 day states themselves are within the bound of 200.
        const agreement = dailyProbes(200, 1, { kind: 'rolling', days: 100 });
        await expect(evaluate(agreement, { maxWindows: 200 })).rejects.toThrow(
            'its rolling windows would merge more than 8000 day states (101 windows of 100 days, 1 group)',
        );
        const report = await evaluate(agreement, { maxWindows: 400 });
        expect(report.services[0].objectives[0].windows).toHaveLength(101);
    });

    it('refuses a bound that is not a whole number of at least 1', async () => {
        await expect(evaluate(dailyProbes(1, 1), { maxWindows: 0 })).rejects.toThrow(
            '--max-windows must be a whole number of at least 1, not 0',
        );
    });
});
