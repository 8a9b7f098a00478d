// Small seeded measurement data, the same for every engine and written as CSV as well, so that a
// test can compare what a client returns with the file row by row.
//
// probes:   one sample a minute for each of three services over 8 days (8 × 1440 × 3 = 34 560 rows);
//           8 days of 1-minute steps is 11 520 points per series, more than Prometheus's 11 000-point
//           limit, so a range query over it has to be split.
// requests: one row per 5 minutes (2 304 rows) with ok ≤ total.
// tickets:  200 tickets; every 20th is still open (resolved is NULL / empty).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DATA_START_MS = Date.UTC(2025, 0, 1);
export const DAYS = 8;
export const PROBE_STEP_MS = 60_000;
export const REQUEST_STEP_MS = 300_000;
export const SERVICES = ['api', 'db', 'web'] as const;

export interface Probe {
    readonly ts: number;
    readonly service: string;
    readonly up: boolean;
    readonly latencyMs: number;
}
export interface RequestCount {
    readonly ts: number;
    readonly ok: number;
    readonly total: number;
}
export interface Ticket {
    readonly id: number;
    readonly opened: number;
    readonly resolved: number | null;
    readonly priority: string;
}
export interface TestData {
    readonly probes: readonly Probe[];
    readonly requests: readonly RequestCount[];
    readonly tickets: readonly Ticket[];
}

/** mulberry32: a small seeded generator, so every run and every engine sees the same rows. */
function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function generateData(seed = 14): TestData {
    const next = random(seed);
    const probes: Probe[] = [];
    const end = DATA_START_MS + DAYS * 86_400_000;
    for (let ts = DATA_START_MS; ts < end; ts += PROBE_STEP_MS) {
        for (const service of SERVICES) {
            // Latency with one decimal (e.g. 87.3 ms): exact as text, the same double everywhere.
            const latencyMs = Math.round((40 + next() * 160) * 10) / 10;
            probes.push({ ts, service, up: next() > 0.004, latencyMs });
        }
    }
    const requests: RequestCount[] = [];
    for (let ts = DATA_START_MS; ts < end; ts += REQUEST_STEP_MS) {
        const total = 500 + Math.floor(next() * 1000);
        requests.push({ ts, ok: total - Math.floor(next() * next() * 20), total });
    }
    const priorities = ['P1', 'P2', 'P3', 'P4'];
    const tickets: Ticket[] = [];
    for (let id = 1; id <= 200; id++) {
        const opened = DATA_START_MS + Math.floor(next() * (DAYS - 1) * 86_400) * 1000;
        const resolved = id % 20 === 0 ? null : opened + Math.floor(next() * 30 * 3600) * 1000;
        tickets.push({ id, opened, resolved, priority: priorities[Math.floor(next() * 4)] });
    }
    return { probes, requests, tickets };
}

export function isoUtc(ms: number): string {
    return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The data as CSV files (ISO timestamps with Z, booleans 1/0, empty for NULL); returns their paths. */
export function writeCsv(dir: string, data: TestData): { probes: string; requests: string; tickets: string } {
    const files = {
        probes: join(dir, 'probes.csv'),
        requests: join(dir, 'requests.csv'),
        tickets: join(dir, 'tickets.csv'),
    };
    const lines = (header: string, rows: string[]) => `${header}\n${rows.join('\n')}\n`;
    writeFileSync(
        files.probes,
        lines(
            'timestamp,service,up,latency_ms',
            data.probes.map((p) => `${isoUtc(p.ts)},${p.service},${p.up ? 1 : 0},${p.latencyMs}`),
        ),
    );
    writeFileSync(
        files.requests,
        lines(
            'timestamp,ok,total',
            data.requests.map((r) => `${isoUtc(r.ts)},${r.ok},${r.total}`),
        ),
    );
    writeFileSync(
        files.tickets,
        lines(
            'id,opened,resolved,priority',
            data.tickets.map(
                (t) => `${t.id},${isoUtc(t.opened)},${t.resolved === null ? '' : isoUtc(t.resolved)},${t.priority}`,
            ),
        ),
    );
    return files;
}

/** Reads one of our CSV files back as rows of strings (no quoting: the generator writes none). */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
    const [header, ...rows] = text.trimEnd().split('\n');
    return { header: header.split(','), rows: rows.map((line) => line.split(',')) };
}
