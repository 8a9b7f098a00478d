/**
 * MTBF: the time the service was up in the window (its measured time less the downtime of every
 * incident that overlaps it, clipped to the window) over the failures that started in the window.
 * An incident that crosses a window's end is downtime in both windows and a failure in the first,
 * as outage availability counts it. One without an end lasts to the end of the evaluated range.
 */
import { Rational } from '../rational.js';
import { intersect, merge, totalLength, type Interval } from '../intervals.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec } from './kind.js';
import { eventRowCheck } from './row-checks.js';
import { windowCounts } from './shared.js';

type FailuresDefinition = DefinitionOf<'mtbf'>;

interface FailureData {
    readonly windowStart: number;
    readonly windowEnd: number;
    failures: number;
    readonly outages: Interval[];
}

function failureKernel(startSlot: number, endSlot: number, openUntil: number): Kernel<FailureData> {
    return {
        create: (_rows, frame) => ({
            windowStart: frame.span.start,
            windowEnd: frame.span.end,
            failures: 0,
            outages: [],
        }),
        add(data, values, at) {
            const start = values[at + startSlot];
            const end = values[at + endSlot];
            data.outages.push({ start, end: Number.isNaN(end) ? openUntil : end });
            if (start >= data.windowStart && start < data.windowEnd) data.failures++;
        },
        merge(into, from) {
            into.failures += from.failures;
            into.outages.push(...from.outages);
        },
        measure(state, frame) {
            const data = state?.data;
            const result: Measurement = { counts: windowCounts(state, data?.failures ?? 0) };
            if (!data || data.failures === 0) {
                result.reason = 'no failures in the window, so the time between failures is unbounded';
                result.noEvents = true;
                return result;
            }
            const downtime = totalLength(intersect(merge(data.outages), frame.measured));
            result.value = Rational.of(frame.lengthMs - downtime).div(Rational.of(data.failures));
            return result;
        },
    };
}

export const mtbf: MetricKindSpec<FailuresDefinition> = {
    placement: 'interval',
    during: 'measured-time',
    coverage: 'none',
    timeExclusions: false,
    windowsWithoutRows: true,
    shareOfEvents: false,
    needsSampleInterval: false,
    columns: (d) => [
        { ref: d.start, optional: false },
        { ref: d.end, optional: true },
    ],
    sourceName: (d) => d.start.source,
    timeColumn: (d) => d.start.column,
    eventEnd: (d) => d.end.column,
    rowCheck: (d, source, resolve) => eventRowCheck(source, resolve, d.start, d.end),
    kernel: (d, context) => failureKernel(context.slot(d.start), context.slot(d.end), context.openUntil),
    notes: () => [
        'an incident that crosses a window end is downtime in both windows and a failure in the window it started in',
    ],
};
