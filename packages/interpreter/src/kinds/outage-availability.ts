/**
 * Availability from incident downtime: rows are outages [start, end); an outage that spans windows
 * counts in each (the run places it in every window it overlaps). Contract form over the window's
 * measured time; time inside exclusions is never downtime.
 */
import { Rational } from '../rational.js';
import { intersect, merge, subtract, totalLength, type Interval } from '../intervals.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec } from './kind.js';
import { eventRowCheck } from './row-checks.js';
import { Offending, downtimeBudget, percentOf, windowCounts } from './shared.js';

type OutageDefinition = DefinitionOf<'outage-availability'>;

interface OutageData {
    readonly outages: Interval[];
    open: number;
    readonly offending: Offending;
}

function outageKernel(startSlot: number, endSlot: number, openUntil: number): Kernel<OutageData> {
    return {
        create: () => ({ outages: [], open: 0, offending: new Offending() }),
        add(data, values, at, t) {
            const open = Number.isNaN(values[at + endSlot]);
            const end = open ? openUntil : values[at + endSlot];
            data.outages.push({ start: values[at + startSlot], end });
            if (open) data.open++;
            data.offending.note(t);
        },
        merge(into, from) {
            into.outages.push(...from.outages);
            into.open += from.open;
            into.offending.mergeFrom(from.offending);
        },
        measure(state, frame) {
            const outages = merge(state?.data.outages ?? []);
            const down = subtract(intersect(outages, frame.measured), frame.exclusions);
            const downtimeMs = totalLength(down);
            const result: Measurement = {
                counts: { ...windowCounts(state, state?.data.outages.length ?? 0) },
                downtimeMs,
                excludedMs: frame.exclusionMs,
                offending: state?.data.offending,
                value:
                    frame.lengthMs > 0
                        ? Rational.HUNDRED.sub(percentOf(Rational.of(downtimeMs), Rational.of(frame.lengthMs)))
                        : undefined,
            };
            if (frame.lengthMs <= 0) result.reason = 'the window has no measured time';
            else if (!state) result.note = 'no outages recorded in the window';
            else if (state.data.open > 0)
                result.note = `${state.data.open} outage(s) without an end are counted as lasting to the end of the evaluated range`;
            return result;
        },
    };
}

export const outageAvailability: MetricKindSpec<OutageDefinition> = {
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
    kernel: (d, context) => outageKernel(context.slot(d.start), context.slot(d.end), context.openUntil),
    windowBudget: (_d, target, frame) => downtimeBudget(target.threshold, frame.lengthMs),
    notes: () => [],
};
