#!/usr/bin/env node
// Writes the ISP example's probe data: one probe a minute from 2025-01-01 00:00 to 2025-04-30 24:00
// Europe/Berlin time, with the outages and the congestion listed below planted on purpose.
// There is no randomness, so the output is the same byte for byte on every run.
//
//   node examples/isp/generate-data.mjs [output-folder]     (default: examples/isp/data)
//
// EXPECTED.md works out, by hand, what `sla check internet.sla` must report for this data.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// Europe/Berlin in 2025: CET (UTC+1) until the clocks go forward at 2025-03-30T01:00Z, then CEST
// (UTC+2) until October. Written out by hand so that the data does not depend on the code under test.
const SUMMER_TIME_STARTS = Date.UTC(2025, 2, 30, 1, 0);

function offsetAt(utc) {
    return utc < SUMMER_TIME_STARTS ? HOUR : 2 * HOUR;
}

/** UTC instant of a Berlin wall-clock time that exists (none of the times below falls in the gap). */
function berlin(year, month, day, hour = 0, minute = 0) {
    const wall = Date.UTC(year, month - 1, day, hour, minute);
    const guess = wall - HOUR;
    return wall - offsetAt(guess);
}

/** Local wall-clock fields of a UTC instant. */
function wallClock(utc) {
    const wall = new Date(utc + offsetAt(utc));
    return {
        day: wall.getUTCDate(),
        month: wall.getUTCMonth() + 1,
        hour: wall.getUTCHours(),
        minute: wall.getUTCMinutes(),
    };
}

// Outages: every probe in [from, to) fails. Local times; `to` is exclusive.
const OUTAGES = [
    // January, 30 counted minutes (budget 44.64 min): met.
    { from: berlin(2025, 1, 8, 3, 10), to: berlin(2025, 1, 8, 3, 28), cause: 'router-reboot' }, // 18 min
    { from: berlin(2025, 1, 21, 14, 0), to: berlin(2025, 1, 21, 14, 12), cause: 'fibre-cut' }, // 12 min
    // February, 100 counted minutes (budget 40.32 min): 10 % tier.
    { from: berlin(2025, 2, 11, 10, 0), to: berlin(2025, 2, 11, 11, 10), cause: 'fibre-cut' }, // 70 min
    // Sunday 03:30-04:30: the first 30 min fall in the 02:00-04:00 maintenance window, the last 30 count.
    { from: berlin(2025, 2, 16, 3, 30), to: berlin(2025, 2, 16, 4, 30), cause: 'upgrade-overrun' },
    // March, 2109 + 120 = 2229 counted minutes = exactly 5 % of 44580: availability exactly 95.0 %.
    { from: berlin(2025, 3, 11, 8, 0), to: berlin(2025, 3, 12, 19, 9), cause: 'fibre-cut' }, // 35 h 9 min
    // The night the clocks go forward: 01:00 CET to 05:00 CEST is 180 real minutes, of which the
    // maintenance window (02:00-04:00 local, one hour long that night) takes 60.
    { from: berlin(2025, 3, 30, 1, 0), to: Date.UTC(2025, 2, 30, 3, 0), cause: 'upgrade-overrun' },
    // April: a whole maintenance window down (not counted), a force-majeure flood (not counted),
    // and 20 counted minutes.
    { from: berlin(2025, 4, 6, 2, 0), to: berlin(2025, 4, 6, 4, 0), cause: 'planned-upgrade' }, // 120 min
    { from: berlin(2025, 4, 15, 10, 0), to: berlin(2025, 4, 15, 16, 0), cause: 'force-majeure' }, // 360 min
    { from: berlin(2025, 4, 23, 16, 40), to: berlin(2025, 4, 23, 17, 0), cause: 'power' }, // 20 min
];

// Latency: 18 + (minute of the hour mod 10) ms, i.e. 18..27 ms, each value six times an hour.
// From 13 to 26 January, 19:00-23:00 every evening, a congested peering link makes it 450 ms:
// 14 evenings x 240 min = 3360 probes, 7.5 % of the month, so January's p95 is 450 ms.
const CONGESTED_MS = 450;

function isCongested(clock) {
    return clock.month === 1 && clock.day >= 13 && clock.day <= 26 && clock.hour >= 19 && clock.hour < 23;
}

function outageAt(utc) {
    return OUTAGES.find((o) => utc >= o.from && utc < o.to);
}

function probeRow(utc) {
    const clock = wallClock(utc);
    const outage = outageAt(utc);
    const latency = isCongested(clock) ? CONGESTED_MS : 18 + (clock.minute % 10);
    const timestamp = new Date(utc).toISOString().replace('.000Z', 'Z');
    return `${timestamp},${outage ? 0 : 1},${latency},${outage ? outage.cause : ''}`;
}

function probeCsv() {
    const rows = ['timestamp,up,latency_ms,cause'];
    const end = berlin(2025, 5, 1);
    for (let utc = berlin(2025, 1, 1); utc < end; utc += MINUTE) rows.push(probeRow(utc));
    return rows.join('\n') + '\n';
}

const here = dirname(fileURLToPath(import.meta.url));
const folder = resolve(process.argv[2] ?? join(here, 'data'));
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'probes.csv'), probeCsv());
