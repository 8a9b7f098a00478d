/**
 * How far the data reaches. A source's data ends at its `complete until` when it declares one,
 * else just after the latest instant written in its rows (a sample stands for one interval past
 * its instant); never after the end of the evaluated range. The agreement's data ends where the latest
 * of its sources ends: an event log without rows after June, in an agreement whose probes reach
 * August, is taken to be complete to August — but not beyond, so that no window after the last
 * data is ever met.
 */
import type { DataSource } from '../model.js';
import { localDateTime } from '../intervals.js';
import type { Zone } from '../time.js';
import type { ObjectiveRun } from './objective-run.js';
import type { EvaluationRange } from './range.js';

export interface DataEnd {
    /** The first instant without data. */
    readonly end: number;
    /** The instant to name in reports: the end, or for rows of events the latest instant in them. */
    readonly shown: number;
}

export function sourceDataEnd(
    source: DataSource,
    runs: readonly ObjectiveRun[],
    zone: Zone,
    range: EvaluationRange,
): DataEnd | undefined {
    if (source.completeUntil !== undefined) {
        const end = Math.min(localDateTime(zone, source.completeUntil), range.end);
        return { end, shown: end };
    }
    const latest = Math.max(-Infinity, ...runs.map((run) => run.recordedUntil));
    if (!Number.isFinite(latest)) return undefined;
    if (source.sampleIntervalMs) {
        const end = Math.min(latest + source.sampleIntervalMs, range.end);
        return { end, shown: end };
    }
    return { end: Math.min(latest + 1, range.end), shown: latest };
}
