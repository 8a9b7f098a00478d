/**
 * Deterministic probe data for the benchmark: one row per service per minute, in time order.
 *
 *   timestamp,service,up,latency_ms
 *   2024-12-31T23:00:00Z,svc01,1,41.07
 *
 * Outages and latency degradations come in bursts, so that some service-months breach the
 * 99.9 % availability target or the 300 ms p95 target and others meet them. The same parameters
 * always give the same bytes; a file that already exists for the same parameters is reused.
 *
 * Usage: node bench/generate.mjs [--rows N] [--out DIR]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const DATA_DIR = fileURLToPath(new URL('./.data/', import.meta.url));

/** Local midnight of 1 January 2025 in Europe/Berlin, so the first month is complete. */
export const DEFAULT_START = '2024-12-31T23:00:00Z';
export const DEFAULT_SERVICES = 20;
export const DEFAULT_SEED = 20250101;

const MINUTE_MS = 60_000;
/** Latency recorded for a probe that got no answer. */
const TIMEOUT_CENTI_MS = 500_000;
/** Rows per write: about 2 MiB of text. */
const ROWS_PER_CHUNK = 60_000;

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function createRandom(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function serviceNames(count) {
    return Array.from({ length: count }, (_, i) => `svc${String(i + 1).padStart(2, '0')}`);
}

/**
 * Per-service behaviour. Outage starts are rare (mean burst 20 min), so expected monthly downtime
 * spans roughly 0.02 %–0.3 % across services: both sides of the 99.9 % target. Latency is a base
 * plus an exponential tail (p95 = base + 3 × tail), doubled during degradations.
 */
function serviceProfiles(count, random) {
    return Array.from({ length: count }, (_, i) => ({
        outageStartChance: (0.2 + 2.8 * (i / Math.max(1, count - 1))) / 20_000,
        baseMs: 20 + 4 * i,
        tailMs: 15 + 3.5 * i + 10 * random(),
        degradeStartChance: 1 / 25_000,
        downLeft: 0,
        degradedLeft: 0,
    }));
}

function formatCentiMs(centi) {
    const whole = Math.floor(centi / 100);
    const fraction = centi - whole * 100;
    return `${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
}

/** The CSV text for rows [0, rows), produced chunk by chunk. */
export function* probeChunks({ rows, services = DEFAULT_SERVICES, start = DEFAULT_START, seed = DEFAULT_SEED }) {
    const random = createRandom(seed);
    const names = serviceNames(services);
    const profiles = serviceProfiles(services, random);
    const startMs = Date.parse(start);
    if (Number.isNaN(startMs)) throw new Error(`start '${start}' is not an ISO 8601 instant`);
    yield 'timestamp,service,up,latency_ms\n';
    let parts = [];
    let timestamp = '';
    for (let row = 0; row < rows; row++) {
        const serviceIndex = row % services;
        if (serviceIndex === 0) {
            const minute = row / services;
            timestamp = `${new Date(startMs + minute * MINUTE_MS).toISOString().slice(0, 19)}Z,`;
        }
        parts.push(timestamp, names[serviceIndex], probeFields(profiles[serviceIndex], random));
        if ((row + 1) % ROWS_PER_CHUNK === 0) {
            yield parts.join('');
            parts = [];
        }
    }
    if (parts.length > 0) yield parts.join('');
}

/** `,up,latency_ms\n` for the next minute of one service, advancing its bursts. */
function probeFields(profile, random) {
    if (profile.downLeft === 0 && random() < profile.outageStartChance) {
        profile.downLeft = 1 + Math.floor(random() * 40);
    }
    if (profile.degradedLeft === 0 && random() < profile.degradeStartChance) {
        profile.degradedLeft = 60 + Math.floor(random() * 600);
    }
    if (profile.downLeft > 0) {
        profile.downLeft--;
        return `,0,${formatCentiMs(TIMEOUT_CENTI_MS)}\n`;
    }
    let latency = profile.baseMs - profile.tailMs * Math.log(1 - random());
    if (profile.degradedLeft > 0) {
        profile.degradedLeft--;
        latency *= 2;
    }
    return `,1,${formatCentiMs(Math.round(latency * 100))}\n`;
}

export function probeFileName({ rows, services = DEFAULT_SERVICES, start = DEFAULT_START, seed = DEFAULT_SEED }) {
    const compactStart = start.replace(/[-:]/g, '');
    return `probes-${rows}-s${services}-${compactStart}-seed${seed}.csv`;
}

/**
 * Writes the probe CSV into `dir` unless a file for the same parameters exists.
 * Returns its path and whether it was (re)generated.
 */
export function ensureProbeFile(options, dir = DATA_DIR) {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, probeFileName(options));
    if (fs.existsSync(file)) return { file, generated: false };
    const partial = `${file}.partial-${process.pid}`;
    const fd = fs.openSync(partial, 'w');
    try {
        for (const chunk of probeChunks(options)) fs.writeSync(fd, chunk);
    } finally {
        fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
    return { file, generated: true };
}

/**
 * The benchmark agreement over one probe file: per service, monthly sample-form availability
 * ≥ 99.9 % and monthly p95 latency ≤ 300 ms in Europe/Berlin, with Sunday 02:00–04:00 local
 * maintenance excluded (for every objective of the service).
 */
export function agreementText(csvFileName) {
    return `// Generated by bench/generate.mjs: do not edit.
agreement ProbeBenchmark {
    kind service-based
    provider Acme "Acme Networks"
    customer Globex "Globex Corp"
    timezone "Europe/Berlin"
    currency EUR

    data probes from "${csvFileName}" {
        time timestamp, text service, boolean up, number latency_ms unit ms
        every 1 min
    }

    service Monitoring {
        metric Availability = availability of probes.up sample form controlled by provider
        metric Latency = p95 of probes.latency_ms controlled by provider

        objective Uptime: Availability >= 99.9 % per month for each probes.service
        objective Fast: Latency <= 300 ms per month for each probes.service
        exclude maintenance every Sunday 02:00 to 04:00
    }
}
`;
}

/** Probe file plus `bench-<rows>.sla` next to it. */
export function ensureBenchmarkInputs(options, dir = DATA_DIR) {
    const probes = ensureProbeFile(options, dir);
    const agreement = path.join(dir, `bench-${options.rows}.sla`);
    const text = agreementText(path.basename(probes.file));
    if (!fs.existsSync(agreement) || fs.readFileSync(agreement, 'utf8') !== text) fs.writeFileSync(agreement, text);
    return { csv: probes.file, agreement, generated: probes.generated };
}

function main() {
    const { values } = parseArgs({
        options: { rows: { type: 'string', default: '1000000' }, out: { type: 'string', default: DATA_DIR } },
    });
    const rows = Number(values.rows);
    if (!Number.isInteger(rows) || rows <= 0)
        throw new Error(`--rows must be a positive integer, not '${values.rows}'`);
    const startedAt = performance.now();
    const inputs = ensureBenchmarkInputs({ rows }, values.out);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    console.log(
        `${inputs.generated ? `generated in ${seconds} s` : 'cached'}: ${inputs.csv}\nagreement: ${inputs.agreement}`,
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
