/**
 * Slice availability against a simple reference on random data: a per-minute loop over three days
 * that classifies each minute, applies the empty rule, forgives runs shorter than N across the whole
 * range, and counts per day. Seeded, so a failure can be replayed.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { Rational } from '../src/rational.js';
import { column, contract, dataSource, metric, objective, service, tempFile } from './helpers.js';
import { createRandom } from './random-data.js';
import { col, div, gt, num, sum } from './expression-builders.js';

const DAY = Date.UTC(2025, 2, 1);
const MINUTE = 60_000;
const DAYS = 3;
const EMPTY_RULES = ['good', 'bad', 'excluded'] as const;

interface Minute {
    readonly requests?: number;
    readonly errors?: number;
}

function randomMinutes(random: () => number): Minute[] {
    const minutes: Minute[] = [];
    let burst = 0;
    for (let i = 0; i < DAYS * 1440; i++) {
        if (burst === 0 && random() < 0.01) burst = 1 + Math.floor(random() * 8);
        const roll = random();
        if (roll < 0.02) minutes.push({});
        else if (roll < 0.03) minutes.push({ requests: 0, errors: 0 });
        else {
            const requests = 1 + Math.floor(random() * 40);
            const errors = burst > 0 ? Math.floor(requests * (0.03 + random() * 0.1)) : 0;
            minutes.push({ requests, errors });
        }
        if (burst > 0) burst--;
    }
    return minutes;
}

/** The reference: 'G' good, 'B' bad, 'E' empty per minute; the empty rule; runs shorter than N forgiven. */
function reference(minutes: readonly Minute[], minRun: number, empty: (typeof EMPTY_RULES)[number]) {
    const classes = minutes.map((m) => {
        if (m.requests === undefined || m.requests === 0) return 'E';
        return m.errors! * 100 > 5 * m.requests ? 'B' : 'G';
    });
    const ruled = classes.map((c) => (c !== 'E' ? c : empty === 'good' ? 'G' : empty === 'bad' ? 'B' : 'X'));
    for (let i = 0; i < ruled.length;) {
        let end = i;
        while (end < ruled.length && ruled[end] === 'B') end++;
        if (end > i && end - i < minRun) ruled.fill('G', i, end);
        i = Math.max(end, i + 1);
    }
    const days = [];
    for (let d = 0; d < DAYS; d++) {
        const day = ruled.slice(d * 1440, (d + 1) * 1440);
        const good = day.filter((c) => c === 'G').length;
        const bad = day.filter((c) => c === 'B').length;
        days.push({ good, bad, value: Rational.of(good * 100, good + bad).toDecimalText(6) });
    }
    return days;
}

describe('slice availability against a per-minute reference', () => {
    for (let seed = 1; seed <= 40; seed++) {
        it(`agrees on random data (seed ${seed})`, async () => {
            const random = createRandom(seed);
            const minutes = randomMinutes(random);
            const minRun = 1 + Math.floor(random() * 5);
            const empty = EMPTY_RULES[Math.floor(random() * 3)];
            const rows = ['minute,requests,errors'];
            minutes.forEach((m, i) => {
                // A minute without a row, or one with 0 requests: both empty.
                if (m.requests !== undefined)
                    rows.push(`${new Date(DAY + i * MINUTE).toISOString()},${m.requests},${m.errors}`);
            });
            const source = dataSource(
                tempFile('m.csv', rows.join('\n') + '\n'),
                [column('minute', 'time'), column('requests', 'number'), column('errors', 'number')],
                { name: 'm' },
            );
            const definition = {
                kind: 'slices' as const,
                source: 'm',
                sliceMs: MINUTE,
                measure: 'good-share' as const,
                bad: gt(div(sum(col('m', 'errors')), sum(col('m', 'requests'))), num('0.05')),
                minRun,
                empty,
            };
            const report = await evaluate(
                contract(
                    [
                        service({
                            metrics: [metric('Uptime', definition, '%')],
                            objectives: [
                                objective({
                                    metric: 'Uptime',
                                    comparator: '>=',
                                    threshold: { value: '99', unit: '%' },
                                    window: { kind: 'calendar', unit: 'day' },
                                }),
                            ],
                        }),
                    ],
                    [source],
                    { timeZone: 'UTC' },
                ),
                { asOf: '2026-01-01' },
            );
            const measured = report.services[0].objectives[0].windows.map((w) => ({
                good: w.counts.up,
                bad: w.counts.down,
                value: w.value,
            }));
            expect(measured).toEqual(reference(minutes, minRun, empty));
        });
    }
});
