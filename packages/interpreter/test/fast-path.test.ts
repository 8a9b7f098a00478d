/**
 * The optimised paths against simple ones, on seeded random data: the CSV fast path against the
 * general RFC 4180 path (whole reports must be identical), and the whole evaluation against a
 * straightforward per-row computation written here with Intl for local time.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { Rational } from '../src/rational.js';
import type { FieldSpec, ScanTuning } from '../src/sources/row-source.js';
import { IntervalCursor, contains } from '../src/intervals.js';
import { column, dataSource, scanSource, tempFile } from './helpers.js';
import { COLUMNS, createRandom, field, messyCsv, orderedCsv, pad, probeContract, probes } from './random-data.js';

/** Two evaluations compared stand at one as-of instant; by default each would stand at its own now. */
const AS_OF = '2027-01-01';

describe('CSV fast path against the general path', () => {
    /** Every row as the reader hands it over: line, values (NaN kept), texts of text columns; ids checked for consistency. */
    async function rowsOf(path: string, fastPath: boolean, chunkBytes?: number) {
        const fields: FieldSpec[] = COLUMNS.map((c) => ({ column: c, optional: false }));
        const rows: unknown[] = [];
        const textOfId = new Map<number, string>();
        const result = await scanSource(
            dataSource(path, COLUMNS),
            fields,
            (row) => {
                const service = row.texts[1]!;
                const id = row.ids[1];
                if (id >= 0) {
                    // An id stands for one text and a text has one id.
                    expect(textOfId.get(id) ?? service).toBe(service);
                    textOfId.set(id, service);
                }
                rows.push([row.line, [...row.values].map((v) => (Object.is(v, -0) ? '-0' : v)), service]);
            },
            { asOf: AS_OF, skipBadRows: true, fastPath, chunkBytes },
        );
        expect(new Set(textOfId.values()).size).toBe(textOfId.size);
        return { rows, result };
    }

    it('rejects an empty timestamp in the first row on both paths', async () => {
        // No timestamp has been read yet, so there is none to reuse: line 2, column 1 is an empty field.
        const path = tempFile(
            'empty.csv',
            'timestamp,service,up,latency_ms\n,svc01,1,5\n2025-03-01T00:00:00Z,svc01,1,5\n',
        );
        for (const fastPath of [false, true]) {
            const { rows, result } = await rowsOf(path, fastPath);
            expect(rows.length).toBe(1);
            expect(result.skipped).toEqual([{ line: 2, column: 1, reason: expect.stringContaining('an empty field') }]);
        }
    });

    it('finds text values the same way when there are more of them than the trie holds', async () => {
        // 1 800 distinct 12-letter names (and 200 short prefixes of them) need up to 21 600 trie states, more than the 4 096 kept:
        // later names are found by hash. Each name appears three times, apart.
        const random = createRandom(21);
        const long = Array.from({ length: 2000 }, () =>
            Array.from({ length: 12 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join(''),
        );
        // Prefixes of names that came before: a value may end where another one's path goes on.
        const names = long.map((name, i) => (i % 10 === 9 ? long[i - 5].slice(0, 1 + (i % 4)) : name));
        const lines = ['timestamp,service,up,latency_ms'];
        for (let round = 0; round < 3; round++)
            names.forEach((name, i) => lines.push(`2025-03-01T00:${pad(i % 60)}:00Z,${name},1,${i}`));
        const path = tempFile('names.csv', lines.join('\n') + '\n');
        const general = await rowsOf(path, false);
        expect(general.rows.length).toBe(6000);
        expect(new Set(names).size).toBeGreaterThan(1800);
        expect(await rowsOf(path, true)).toEqual(general);
    });

    it('rejects a number too large for a double on both paths', async () => {
        // 1e999 and a 400-digit integer overflow to Infinity: malformed, not a value. Lines 3 and 4; the
        // value follows "2025-03-01T00:01:00Z,svc01,1," (20 + 1 + 5 + 1 + 1 + 1 = 29 characters): column 30.
        const path = tempFile(
            'huge.csv',
            `timestamp,service,up,latency_ms\n2025-03-01T00:00:00Z,svc01,1,5\n2025-03-01T00:01:00Z,svc01,1,1e999\n2025-03-01T00:02:00Z,svc01,1,${'9'.repeat(400)}\n`,
        );
        for (const fastPath of [false, true]) {
            const { rows, result } = await rowsOf(path, fastPath);
            expect(rows.length).toBe(1);
            expect(result.skipped.map((s) => [s.line, s.column])).toEqual([
                [3, 30],
                [4, 30],
            ]);
        }
    });

    it('rejects a duration too large for a double', async () => {
        // 10^400 minutes is Infinity ms: line 3, after "2025-03-01T00:01:00Z," (21 characters) → column 22.
        const path = tempFile(
            'duration.csv',
            `timestamp,waiting\n2025-03-01T00:00:00Z,90 min\n2025-03-01T00:01:00Z,1${'0'.repeat(400)} min\n`,
        );
        const columns = [column('timestamp', 'time'), column('waiting', 'duration')];
        const values: number[] = [];
        const result = await scanSource(
            dataSource(path, columns),
            columns.map((c) => ({ column: c, optional: false })),
            (row) => {
                values.push(row.values[1]);
            },
            { asOf: AS_OF, skipBadRows: true },
        );
        expect(values).toEqual([90 * 60_000]);
        expect(result.skipped.map((s) => [s.line, s.column])).toEqual([[3, 22]]);
    });

    for (const seed of [11, 12, 13]) {
        it(`hands over identical rows on messy random data (seed ${seed})`, async () => {
            const random = createRandom(seed);
            const path = tempFile('messy.csv', messyCsv(random, probes(random, 3000)));
            const general = await rowsOf(path, false);
            expect(general.result.rowsSkipped).toBeGreaterThan(0);
            for (const chunkBytes of [1 << 20, 61, 5]) expect(await rowsOf(path, true, chunkBytes)).toEqual(general);
        });
    }

    for (const seed of [1, 2, 3, 4]) {
        it(`gives identical reports on messy random data (seed ${seed})`, async () => {
            const random = createRandom(seed);
            const path = tempFile('messy.csv', messyCsv(random, probes(random, 3000)));
            const agreement = probeContract(path);
            const general = await evaluate(agreement, { asOf: AS_OF, skipBadRows: true }, { csvFastPath: false });
            // The data must exercise both paths: bad rows skipped, and windows with values.
            expect(general.dataSources[0].rowsSkipped).toBeGreaterThan(0);
            expect(general.summary.met + general.summary.breached).toBeGreaterThan(20);
            for (const chunkBytes of [1 << 20, 97, 7]) {
                const tuning: ScanTuning = { csvFastPath: true, chunkBytes };
                expect(await evaluate(agreement, { asOf: AS_OF, skipBadRows: true }, tuning)).toEqual(general);
            }
        });
    }

    it('reads repeated and changing timestamps, texts and numbers to the expected values', async () => {
        // Instants from Date.UTC, which shares no code with the reader; 01:00+01:00 is 00:00Z. Rows 2 and 5 repeat
        // the timestamp before them (read again from the last one), rows 3, 6, 8 cross a day, a month and a year.
        // svc010 follows svc02, which svc01 followed before: the guess svc01 matches its first five bytes only.
        const rows: [string, string, string, number, number, number][] = [
            ['2024-02-28T23:59:59Z', 'svc01', '30.88', Date.UTC(2024, 1, 28, 23, 59, 59), 0, 30.88],
            ['2024-02-28T23:59:59Z', 'svc02', '-0.5', Date.UTC(2024, 1, 28, 23, 59, 59), 1, -0.5],
            ['2024-02-29T00:00:00Z', 'svc01', '7', Date.UTC(2024, 1, 29), 0, 7],
            ['2024-02-29T23:59:59.999Z', 'svc02', '1.25e2', Date.UTC(2024, 1, 29, 23, 59, 59, 999), 1, 125],
            ['2024-02-29T23:59:59.999Z', 'svc01', '+3.10', Date.UTC(2024, 1, 29, 23, 59, 59, 999), 0, 3.1],
            ['2024-03-01T00:00:00.5Z', 'svc02', '0.07', Date.UTC(2024, 2, 1, 0, 0, 0, 500), 1, 0.07],
            ['2024-12-31T23:59:59Z', 'svc010', '5000.00', Date.UTC(2024, 11, 31, 23, 59, 59), 2, 5000],
            // A leap second is the last millisecond of its minute, so it stays in its day (the README's rule);
            // 24:00 is the instant after the day (Date.UTC counts it the same way).
            ['2024-12-31T23:59:60Z', 'svc01', '1', Date.UTC(2024, 11, 31, 23, 59, 59, 999), 0, 1],
            ['2024-12-31T24:00:00Z', 'svc02', '2', Date.UTC(2024, 11, 31, 24), 1, 2],
            ['2025-01-01T00:00:00Z', 'svc01', '12', Date.UTC(2025, 0, 1), 0, 12],
            ['2025-01-01T01:00:00+01:00', 'svc02', '12.', Date.UTC(2025, 0, 1), 1, 12],
            ['2025-01-01T00:00:00Z', 'svc0', '.5', Date.UTC(2025, 0, 1), 3, 0.5],
        ];
        const path = tempFile(
            'known.csv',
            'timestamp,service,up,latency_ms\n' + rows.map(([t, s, l]) => `${t},${s},1,${l}\n`).join(''),
        );
        for (const fastPath of [false, true]) {
            const read: unknown[] = [];
            await scanSource(
                dataSource(path, COLUMNS),
                COLUMNS.map((c) => ({ column: c, optional: false })),
                (row) => {
                    read.push([row.values[0], row.texts[1], row.ids[1], row.values[3]]);
                },
                { fastPath },
            );
            // Ids are given in order of first appearance: svc01 0, svc02 1, svc010 2, svc0 3.
            expect(read).toEqual(rows.map(([, s, , t, id, l]) => [t, s, id, l]));
        }
    });

    it('rejects a time of day out of range on the same day as the timestamp before, on both paths', async () => {
        // Lines 3-5: hour 25, minute 60, second 61 after 23:00:00Z of the same day; each at column 1.
        const path = tempFile(
            'range.csv',
            'timestamp,service,up,latency_ms\n2024-12-31T23:00:00Z,svc01,1,5\n' +
                ['25:00:00', '23:60:00', '23:59:61'].map((time) => `2024-12-31T${time}Z,svc01,1,5\n`).join(''),
        );
        for (const fastPath of [false, true]) {
            const { rows, result } = await rowsOf(path, fastPath);
            expect(rows.length).toBe(1);
            expect(result.skipped.map((s) => [s.line, s.column])).toEqual([
                [3, 1],
                [4, 1],
                [5, 1],
            ]);
        }
    });

    for (const seed of [31, 32, 33]) {
        it(`hands over identical rows in the benchmark's layout with breaks in the pattern (seed ${seed})`, async () => {
            const path = tempFile('ordered.csv', orderedCsv(createRandom(seed), 600));
            const general = await rowsOf(path, false);
            // Both kinds of rows are there: at least 600 cycles of 7 names, less the breaks.
            expect(general.rows.length).toBeGreaterThan(2000);
            expect(general.result.rowsSkipped).toBeGreaterThan(50);
            for (const chunkBytes of [1 << 20, 64, 7]) expect(await rowsOf(path, true, chunkBytes)).toEqual(general);
        });
    }

    it('reports every malformed row of the benchmark layout at the same line and column on both paths', async () => {
        // A report keeps the first few skipped rows only: the file is cut into pieces of 10 rows, and
        // the first error of each piece (no skipBadRows) must be the same message on both paths.
        const [header, ...lines] = orderedCsv(createRandom(41), 150).trimEnd().split('\n');
        const message = (path: string, fastPath: boolean) =>
            scanSource(
                dataSource(path, COLUMNS),
                COLUMNS.map((c) => ({ column: c, optional: false })),
                () => undefined,
                { fastPath },
            ).then(
                () => 'no error',
                (error: Error) => error.message,
            );
        let errors = 0;
        for (let from = 0; from < lines.length; from += 10) {
            const path = tempFile('piece.csv', [header, ...lines.slice(from, from + 10)].join('\n') + '\n');
            const general = await message(path, false);
            if (general !== 'no error') errors++;
            expect(await message(path, true)).toBe(general);
        }
        expect(errors).toBeGreaterThan(20);
    });

    it('reports the same first malformed row without skipBadRows', async () => {
        const random = createRandom(9);
        const path = tempFile('messy.csv', messyCsv(random, probes(random, 2000)));
        const message = (tuning: ScanTuning) =>
            evaluate(probeContract(path), {}, tuning).then(
                () => 'no error',
                (error: Error) => error.message,
            );
        const general = await message({ csvFastPath: false });
        expect(general).toMatch(/messy\.csv:\d+:\d+: expected/);
        expect(await message({ csvFastPath: true })).toBe(general);
        expect(await message({ csvFastPath: true, chunkBytes: 13 })).toBe(general);
    });
});

describe('evaluation against a simple per-row computation', () => {
    /** Local month, ISO weekday and hour of an instant in Europe/Berlin, from Intl: no shared code with the interpreter. */
    const formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: 'Europe/Berlin',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        weekday: 'short',
    });
    function local(t: number) {
        const parts = Object.fromEntries(formatter.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
        return { month: `${parts.year}-${parts.month}`, sunday: parts.weekday === 'Sun', hour: Number(parts.hour) };
    }

    /** p95, linear between closest ranks, on the written decimals. */
    function p95(latencies: string[]): Rational {
        const sorted = latencies.map((l) => Rational.parse(l)).sort((a, b) => a.cmp(b));
        const h = Rational.of(95 * (sorted.length - 1), 100);
        const lower = Number(h.floor());
        const fraction = h.sub(Rational.of(lower));
        if (lower + 1 >= sorted.length) return sorted[lower];
        return sorted[lower].add(fraction.mul(sorted[lower + 1].sub(sorted[lower])));
    }

    for (const seed of [5, 6]) {
        it(`agrees on counts, availability and p95 per service and month (seed ${seed})`, async () => {
            const random = createRandom(seed);
            const list = probes(random, 4000);
            const csv =
                'timestamp,service,up,latency_ms\n' +
                list
                    .map((p) =>
                        [new Date(p.t).toISOString(), field(random, p.service), p.up ? 1 : 0, p.latency].join(','),
                    )
                    .join('\n') +
                '\n';
            const report = await evaluate(probeContract(tempFile('clean.csv', csv)));

            const expected = new Map<string, { up: number; down: number; excluded: number; latencies: string[] }>();
            for (const probe of list) {
                const { month, sunday, hour } = local(probe.t);
                const key = `${probe.service}|${month}`;
                const entry = expected.get(key) ?? { up: 0, down: 0, excluded: 0, latencies: [] };
                expected.set(key, entry);
                if (sunday && hour >= 2 && hour < 4) entry.excluded++;
                else {
                    if (probe.up) entry.up++;
                    else entry.down++;
                    entry.latencies.push(probe.latency);
                }
            }
            const [uptime, fast] = report.services[0].objectives;
            let compared = 0;
            for (const [index, window] of uptime.windows.entries()) {
                const entry = expected.get(`${window.group}|${window.label}`);
                const latency = fast.windows[index];
                expect([latency.group, latency.label]).toEqual([window.group, window.label]);
                if (!entry || entry.up + entry.down === 0) {
                    expect(window.value).toBeUndefined();
                    continue;
                }
                compared++;
                expect(window.counts).toMatchObject({ up: entry.up, down: entry.down, excluded: entry.excluded });
                expect(window.value).toBe(Rational.of(100 * entry.up, entry.up + entry.down).toDecimalText(6));
                expect(latency.counts.counted).toBe(entry.latencies.length);
                expect(latency.value).toBe(p95(entry.latencies).toDecimalText(6));
            }
            // Every service and month with data was compared: one window each.
            expect(compared).toBe([...expected.values()].filter((e) => e.up + e.down > 0).length);
            expect(compared).toBeGreaterThan(20);
        });
    }
});

describe('interval cursor against binary search', () => {
    it('answers like contains for instants in order, out of order and on the edges', () => {
        // [10, 20), [30, 40), [40, 45), [60, 61): edges, touching intervals and a one-unit interval.
        const intervals = [
            { start: 10, end: 20 },
            { start: 30, end: 40 },
            { start: 40, end: 45 },
            { start: 60, end: 61 },
        ];
        const random = createRandom(3);
        const cursor = new IntervalCursor(intervals);
        const ordered = Array.from({ length: 80 }, (_, i) => i - 5);
        const shuffled = Array.from({ length: 400 }, () => Math.floor(random() * 80) - 5);
        for (const t of [...ordered, ...shuffled, ...ordered]) expect(cursor.contains(t)).toBe(contains(intervals, t));
        expect(new IntervalCursor([]).contains(0)).toBe(false);
    });
});
