/** Seeded random probe data for the tests that compare optimised paths with simple ones. */
import type { Column, Contract } from '../src/model.js';
import { column, contract, dataSource, maintenance, metric, objective, service } from './helpers.js';

/** mulberry32: small, seeded, good enough to shuffle test data. */
export function createRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const MINUTE_MS = 60_000;
/** Names that need quoting (comma, quote, line break) or are not ASCII, among plain ones: many groups. */
const SERVICES = [
    ...Array.from({ length: 26 }, (_, i) => `svc${String(i + 1).padStart(2, '0')}`),
    'a,b',
    'say "hi"',
    'two\nlines',
    'ünïcødé',
];
/** Three days around each DST change in Europe/Berlin (30 March and 26 October 2025 are Sundays). */
const PERIODS = [Date.parse('2025-03-28T22:00:00Z'), Date.parse('2025-10-24T22:00:00Z')];
const PERIOD_MINUTES = 3 * 24 * 60;

export interface Probe {
    readonly t: number;
    readonly service: string;
    readonly up: boolean;
    /** The latency as written in the file. */
    readonly latency: string;
}

/** Probes for a few services per minute, mostly in time order with neighbours swapped. */
export function probes(random: () => number, count: number): Probe[] {
    const list: Probe[] = [];
    const services = SERVICES.filter(() => random() < 0.5);
    for (let i = 0; list.length < count; i++) {
        const minute = i % PERIOD_MINUTES;
        const t = PERIODS[Math.floor(i / PERIOD_MINUTES) % PERIODS.length] + minute * MINUTE_MS;
        for (const name of services) {
            if (random() < 0.3) continue;
            const places = Math.floor(random() * 4);
            const latency = (random() < 0.1 ? 300 + random() * 400 : random() * 300).toFixed(places);
            list.push({ t, service: name, up: random() > 0.02, latency });
        }
        i += Math.floor(random() * 40);
    }
    for (let i = 1; i < list.length; i++) {
        if (random() < 0.1) [list[i - 1], list[i]] = [list[i], list[i - 1]];
    }
    return list;
}

export function pad(n: number, width = 2): string {
    return String(n).padStart(width, '0');
}

/** The instant written with one of the offsets and forms the reader accepts. */
function timestampText(random: () => number, t: number): string {
    const offsetMinutes = [0, 60, 120, -300, 330][Math.floor(random() * 5)];
    const local = new Date(t + offsetMinutes * MINUTE_MS);
    const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
    const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}${random() < 0.8 ? `:${pad(local.getUTCSeconds())}` : ''}${random() < 0.1 ? '.000' : ''}`;
    if (offsetMinutes === 0 && random() < 0.8) return `${date}T${time}Z`;
    const sign = offsetMinutes < 0 ? '-' : '+';
    const hours = pad(Math.floor(Math.abs(offsetMinutes) / 60));
    const minutes = pad(Math.abs(offsetMinutes) % 60);
    const offset = [`${sign}${hours}:${minutes}`, `${sign}${hours}${minutes}`][Math.floor(random() * 2)];
    return `${date}${random() < 0.2 ? ' ' : 'T'}${time}${offset}`;
}

function quoted(text: string): string {
    return `"${text.replace(/"/g, '""')}"`;
}

/** Encodes a field: quoted when it must be, and now and then when it need not be. */
export function field(random: () => number, text: string): string {
    return /[",\r\n]/.test(text) || random() < 0.05 ? quoted(text) : text;
}

const NOTE_PIECES = ['ok', 'slow', ',', '"', '\n', '\r\n', ' ', 'é', '1.5'];

/**
 * A messy CSV of the probes: random column order, an unused note column full of quotes, commas
 * and line breaks, other spellings of booleans and numbers, CRLF and LF mixed, blank lines, a
 * BOM, and some malformed rows (empty or wrong latencies, a missing field).
 */
export function messyCsv(random: () => number, list: readonly Probe[]): string {
    const headers = ['timestamp', 'service', 'note', 'up', 'latency_ms'].sort(() => random() - 0.5);
    const lines = [headers.join(',')];
    for (const probe of list) {
        const values: Record<string, string> = {
            timestamp: field(random, timestampText(random, probe.t)),
            service: field(random, probe.service),
            note: field(
                random,
                Array.from(
                    { length: Math.floor(random() * 3) },
                    () => NOTE_PIECES[Math.floor(random() * NOTE_PIECES.length)],
                ).join(''),
            ),
            up: field(
                random,
                random() < 0.9
                    ? probe.up
                        ? '1'
                        : '0'
                    : probe.up
                      ? ['true', 'Up', 'yes'][Math.floor(random() * 3)]
                      : ['false', 'DOWN', 'no'][Math.floor(random() * 3)],
            ),
            latency_ms: field(random, latencySpelling(random, probe.latency)),
        };
        const dropped = random() < 0.003 ? headers[Math.floor(random() * headers.length)] : undefined;
        lines.push(
            headers
                .filter((h) => h !== dropped)
                .map((h) => values[h])
                .join(','),
        );
        if (random() < 0.01) lines.push('');
    }
    const text = lines.map((l) => l + (random() < 0.3 ? '\r\n' : '\n')).join('');
    return (random() < 0.5 ? '\uFEFF' : '') + (random() < 0.5 ? text : text.replace(/\r?\n$/, ''));
}

function latencySpelling(random: () => number, latency: string): string {
    const roll = random();
    if (roll < 0.01) return '';
    if (roll < 0.015) return 'n/a';
    if (roll < 0.03) return `${Number(latency) * 100}e-2`;
    if (roll < 0.04) return `+${latency}`;
    // More digits than a double holds: only a correctly rounding parser reads these right.
    if (roll < 0.05)
        return `${latency}${latency.includes('.') ? '' : '.'}${Array.from({ length: 14 }, () => Math.floor(random() * 10)).join('')}`;
    if (roll < 0.06) return `-${latency}`;
    return latency;
}

export const COLUMNS: Column[] = [
    column('timestamp', 'time'),
    column('service', 'text'),
    column('up', 'boolean'),
    column('latency_ms', 'number', { unit: 'ms' }),
];

/** The benchmark's agreement, plus a weekly mean: availability and p95 per month, Sunday 02:00–04:00 excluded. */
export function probeContract(path: string): Contract {
    const byService = { groupBy: { source: 'probes', column: 'service' } };
    return contract(
        [
            service({
                metrics: [
                    metric(
                        'Availability',
                        {
                            kind: 'probe-availability',
                            form: 'sample',
                            samples: { source: 'probes', column: 'up' },
                            missing: 'unknown',
                        },
                        '%',
                    ),
                    metric(
                        'Latency',
                        {
                            kind: 'aggregate',
                            function: 'percentile',
                            percentile: '95',
                            method: 'linear',
                            column: { source: 'probes', column: 'latency_ms' },
                        },
                        'ms',
                    ),
                    metric(
                        'MeanLatency',
                        {
                            kind: 'aggregate',
                            function: 'mean',
                            method: 'linear',
                            column: { source: 'probes', column: 'latency_ms' },
                        },
                        'ms',
                    ),
                ],
                objectives: [
                    objective({
                        name: 'Uptime',
                        metric: 'Availability',
                        comparator: '>=',
                        threshold: { value: '99.9', unit: '%' },
                        ...byService,
                    }),
                    objective({
                        name: 'Fast',
                        metric: 'Latency',
                        comparator: '<=',
                        threshold: { value: '300', unit: 'ms' },
                        ...byService,
                    }),
                    objective({
                        name: 'Mean',
                        metric: 'MeanLatency',
                        comparator: '<=',
                        threshold: { value: '120.5', unit: 'ms' },
                        window: { kind: 'calendar', unit: 'week' },
                        ...byService,
                    }),
                ],
                exclusions: [maintenance([7], '02:00', '04:00')],
            }),
        ],
        [dataSource(path, COLUMNS, { sampleIntervalMs: MINUTE_MS })],
    );
}

/** Timestamp starts just before a leap day, a year end and a month end, so that the date part changes within a file. */
const ORDERED_STARTS = [
    Date.parse('2024-02-28T23:50:00Z'),
    Date.parse('2024-12-31T23:55:00Z'),
    Date.parse('2025-02-28T23:58:00Z'),
    Date.parse('2023-12-31T22:30:00Z'),
];
/** Steps between timestamps: none (the same text again), a second, half a second, a minute, an hour, a day. */
const ORDERED_STEPS = [0, 1000, 500, MINUTE_MS, 60 * MINUTE_MS, 24 * 60 * MINUTE_MS];
/** Names in a fixed order; some are prefixes of others, so that a value can stop where the next one goes on. */
const ORDERED_NAMES = ['svc01', 'svc02', 'svc1', 'svc10', 'alpha', 'alphabet', 'é1'];

/**
 * Rows laid out like the benchmark's — each timestamp written once per service, the services in
 * a fixed order — with every kind of break in the pattern now and then: other timestamp forms
 * (fractions, offsets, a space, lowercase z), impossible dates, one digit changed, a service left out, replaced, cut
 * short, made longer, quoted or empty, other spellings of booleans and numbers, and malformed values.
 */
export function orderedCsv(random: () => number, cycles: number): string {
    const pick = (list: readonly number[]) => list[Math.floor(random() * list.length)];
    const lines = ['timestamp,service,up,latency_ms'];
    let t = pick(ORDERED_STARTS);
    for (let cycle = 0; cycle < cycles; cycle++) {
        t += pick(ORDERED_STEPS);
        const timestamp = orderedTimestamp(random, t);
        for (const name of ORDERED_NAMES) {
            if (random() < 0.03) continue;
            const row = [
                random() < 0.02 ? orderedTimestamp(random, t + 1000) : timestamp,
                orderedName(random, name),
                orderedBoolean(random),
                orderedNumber(random),
            ];
            lines.push(row.join(','));
        }
    }
    return lines.join('\n') + '\n';
}

const IMPOSSIBLE_DATES = ['2025-02-29', '2024-02-30', '2025-13-01', '2025-04-31'];

function orderedTimestamp(random: () => number, t: number): string {
    const iso = new Date(t).toISOString();
    const roll = random();
    if (roll < 0.6) return iso.replace(/\.\d{3}Z$/, 'Z');
    if (roll < 0.7) return iso;
    if (roll < 0.75) return iso.replace(/(\.\d)\d\dZ$/, '$1Z');
    if (roll < 0.8) {
        const local = new Date(t + 90 * MINUTE_MS).toISOString();
        return local.replace(/\.\d{3}Z$/, random() < 0.5 ? '+01:30' : '+0130');
    }
    if (roll < 0.85) return iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'z');
    if (roll < 0.88) return iso.replace(/\.\d{3}Z$/, '');
    if (roll < 0.9)
        return iso.replace(/^\d{4}-\d\d-\d\d/, IMPOSSIBLE_DATES[Math.floor(random() * IMPOSSIBLE_DATES.length)]);
    if (roll < 0.92) return iso.replace(/\.\d{3}Z$/, 'Z0');
    if (roll < 0.93) return '';
    if (roll < 0.98) return oneDigitChanged(random, iso.replace(/\.\d{3}Z$/, 'Z'));
    return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** The text with one of its digits, at random, one higher (9 becomes 0): a timestamp that differs from the last one in one byte. */
function oneDigitChanged(random: () => number, text: string): string {
    const positions = [...text].flatMap((c, i) => (c >= '0' && c <= '9' ? [i] : []));
    const at = positions[Math.floor(random() * positions.length)];
    return text.slice(0, at) + ((Number(text[at]) + 1) % 10) + text.slice(at + 1);
}

function orderedName(random: () => number, name: string): string {
    const roll = random();
    if (roll < 0.9) return name;
    if (roll < 0.92) return name.slice(0, -1);
    if (roll < 0.94) return name + 'x';
    if (roll < 0.96) return `"${name}"`;
    if (roll < 0.97) return '';
    return ORDERED_NAMES[Math.floor(random() * ORDERED_NAMES.length)];
}

function orderedBoolean(random: () => number): string {
    const roll = random();
    if (roll < 0.9) return roll < 0.8 ? '1' : '0';
    return ['true', 'down', '2', '', ' 1', '"0"'][Math.floor(random() * 6)];
}

function orderedNumber(random: () => number): string {
    const roll = random();
    const value = (random() * 1000).toFixed(Math.floor(random() * 4));
    if (roll < 0.8) return value;
    if (roll < 0.83) return `-${value}`;
    if (roll < 0.85) return `+${value}`;
    if (roll < 0.87) return `${value}e${Math.floor(random() * 7) - 3}`;
    if (roll < 0.89) return `.${Math.floor(random() * 100)}`;
    if (roll < 0.9) return `${Math.floor(random() * 100)}.`;
    if (roll < 0.92) return `${value}${Array.from({ length: 16 }, () => Math.floor(random() * 10)).join('')}`;
    if (roll < 0.93) return '0.000000000000000000000001';
    return ['', 'n/a', '1.2.3', '-', '1e', '"7.25"'][Math.floor(random() * 6)];
}
