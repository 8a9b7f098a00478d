/** MTTR and MTBF: mean time to repair and between failures, from incident rows [start, end). */
import { Rational } from '../rational.js';
import { intersect, merge, totalLength, type Interval } from '../intervals.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec } from './kind.js';
import { eventRowCheck } from './row-checks.js';
import { windowCounts } from './shared.js';

type RepairDefinition = DefinitionOf<'mttr' | 'mtbf'>;

interface RepairData {
    counted: number;
    open: number;
    totalMs: number;
    readonly outages: Interval[];
}

/** MTTR: mean (end − start) of the window's incidents. MTBF: (measured time − downtime) / incidents. */
function repairKernel(kind: 'mttr' | 'mtbf', startSlot: number, endSlot: number, asOf: number): Kernel<RepairData> {
    return {
        create: () => ({ counted: 0, open: 0, totalMs: 0, outages: [] }),
        add(data, values, at) {
            const start = values[at + startSlot];
            const end = values[at + endSlot];
            // An incident that ends after the as-of instant was still open then.
            if (Number.isNaN(end) || end > asOf) {
                data.open++;
                return;
            }
            data.counted++;
            data.totalMs += Math.max(0, end - start);
            if (kind === 'mtbf') data.outages.push({ start, end });
        },
        merge(into, from) {
            into.counted += from.counted;
            into.open += from.open;
            into.totalMs += from.totalMs;
            into.outages.push(...from.outages);
        },
        measure(state, frame) {
            const data = state?.data;
            const result: Measurement = {
                counts: { ...windowCounts(state, data?.counted ?? 0), missing: data?.open ?? 0 },
            };
            if (data?.open) result.note = `${data.open} incident(s) without an end are left out`;
            if (!data || data.counted === 0) {
                result.reason =
                    kind === 'mttr'
                        ? 'no finished incidents in the window'
                        : 'no failures in the window, so the time between failures is unbounded';
                return result;
            }
            if (kind === 'mttr') {
                result.value = Rational.of(data.totalMs).div(Rational.of(data.counted));
            } else {
                const downtime = totalLength(intersect(merge(data.outages), frame.measured));
                result.value = Rational.of(frame.lengthMs - downtime).div(Rational.of(data.counted));
            }
            return result;
        },
    };
}

function repairTimes(kind: 'mttr' | 'mtbf'): MetricKindSpec<RepairDefinition> {
    return {
        placement: 'instant',
        during: 'none',
        coverage: 'none',
        timeExclusions: false,
        windowsWithoutRows: false,
        shareOfEvents: false,
        needsSampleInterval: false,
        columns: (d) => [
            { ref: d.start, optional: false },
            { ref: d.end, optional: true },
        ],
        sourceName: (d) => d.start.source,
        timeColumn: (d) => d.start.column,
        rowCheck: (d, source, resolve) => eventRowCheck(source, resolve, d.start, d.end),
        kernel: (d, context) => repairKernel(kind, context.slot(d.start), context.slot(d.end), context.asOf),
        notes: () => [],
    };
}

export const mttr = repairTimes('mttr');
export const mtbf = repairTimes('mtbf');
