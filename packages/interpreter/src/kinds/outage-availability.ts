/**
 * Availability from incident downtime: rows are outages [start, end); an outage that spans windows
 * counts in each (the run places it in every window it overlaps). Contract form over the window's
 * measured time — or, scheduled, over the measured time less exclusions; time inside exclusions
 * is never downtime. With a weight, an outage counts its affected share of its time.
 */
import { Rational } from '../rational.js';
import { intersect, merge, subtract, totalLength, type Interval } from '../intervals.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec } from './kind.js';
import { eventRowCheck, rowError, type RowCheck } from './row-checks.js';
import type { ColumnRef, DataSource } from '../model.js';
import type { SlotResolver } from '../conditions.js';
import { Offending, downtimeBudget, percentOf, windowCounts } from './shared.js';

type OutageDefinition = DefinitionOf<'outage-availability'>;

interface WeightedInterval extends Interval {
    /** The affected share, 0–1 (1 without a weight column). */
    readonly weight: number;
}

interface OutageData {
    readonly outages: WeightedInterval[];
    open: number;
    readonly offending: Offending;
}

interface OutageSlots {
    readonly start: number;
    readonly end: number;
    /** The weight column's slot and its scale (1 for a fraction, 1/100 for a percentage). */
    readonly weight?: { readonly slot: number; readonly scale: number };
}

function outageKernel(slots: OutageSlots, definition: OutageDefinition, openUntil: number): Kernel<OutageData> {
    const scheduled = definition.denominator === 'scheduled';
    return {
        create: () => ({ outages: [], open: 0, offending: new Offending() }),
        add(data, values, at, t) {
            const open = Number.isNaN(values[at + slots.end]);
            const end = open ? openUntil : values[at + slots.end];
            const weight = slots.weight ? values[at + slots.weight.slot] * slots.weight.scale : 1;
            data.outages.push({ start: values[at + slots.start], end, weight });
            if (open) data.open++;
            data.offending.note(t);
        },
        merge(into, from) {
            into.outages.push(...from.outages);
            into.open += from.open;
            into.offending.mergeFrom(from.offending);
        },
        measure(state, frame) {
            const outages = state?.data.outages ?? [];
            const counting = subtract(frame.measured, frame.exclusions);
            const downtime = slots.weight
                ? weightedDowntime(outages, counting)
                : Rational.of(totalLength(intersect(merge(outages), counting)));
            const windowMs = scheduled ? frame.activeMs : frame.lengthMs;
            const result: Measurement = {
                counts: { ...windowCounts(state, outages.length) },
                downtimeMs: downtime.toNumber(),
                excludedMs: frame.exclusionMs,
                offending: state?.data.offending,
                value: windowMs > 0 ? Rational.HUNDRED.sub(percentOf(downtime, Rational.of(windowMs))) : undefined,
            };
            if (windowMs <= 0) result.reason = 'the window has no measured time';
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
    sourceName: (d) => d.start.source,
    timeColumn: (d) => d.start.column,
    eventEnd: (d) => d.end.column,
    rowCheck: (d, source, resolve) => {
        const event = eventRowCheck(source, resolve, d.start, d.end);
        const weight = d.weight && weightCheck(source, resolve, d.weight);
        return weight ? (row) => event(row) ?? weight(row) : event;
    },
    kernel(d, context) {
        const weight = d.weight && {
            slot: context.slot(d.weight),
            scale: context.source.columns.find((c) => c.name === d.weight!.column)?.unit === '%' ? 0.01 : 1,
        };
        return outageKernel({ start: context.slot(d.start), end: context.slot(d.end), weight }, d, context.openUntil);
    },
    windowBudget: (d, target, frame) =>
        downtimeBudget(target.threshold, d.denominator === 'scheduled' ? frame.activeMs : frame.lengthMs),
    notes: (d) => [
        ...(d.denominator === 'scheduled'
            ? ['scheduled availability: 1 − downtime / (window length − excluded time)']
            : []),
        ...(d.weight
            ? [
                  `each outage counts its share of users affected (${d.weight.column}); where outages overlap, the largest share`,
              ]
            : []),
    ],
    columns: (d) => [
        { ref: d.start, optional: false },
        { ref: d.end, optional: true },
        ...(d.weight ? [{ ref: d.weight, optional: false }] : []),
    ],
};

/**
 * Downtime in which each instant counts with the largest weight of the outages covering it,
 * inside the counted intervals, exactly.
 */
function weightedDowntime(outages: readonly WeightedInterval[], counting: readonly Interval[]): Rational {
    const bounds = [...new Set(outages.flatMap((o) => [o.start, o.end]))].sort((a, b) => a - b);
    let total = Rational.ZERO;
    for (let i = 0; i + 1 < bounds.length; i++) {
        const piece = { start: bounds[i], end: bounds[i + 1] };
        const weight = Math.max(
            0,
            ...outages.filter((o) => o.start <= piece.start && piece.end <= o.end).map((o) => o.weight),
        );
        if (weight === 0) continue;
        const length = totalLength(intersect([piece], counting));
        if (length > 0) total = total.add(Rational.fromNumber(weight).mul(Rational.of(length)));
    }
    return total;
}

/** A weight lies between 0 and 1, or 0 % and 100 %. */
function weightCheck(source: DataSource, resolve: SlotResolver, ref: ColumnRef): RowCheck {
    const { slot, column } = resolve(ref.column);
    const most = column.unit === '%' ? 100 : 1;
    return (row) => {
        const w = row.values[slot];
        if (w >= 0 && w <= most) return undefined;
        return rowError(
            source,
            row,
            `"${column.header}" between 0 and ${most}${column.unit === '%' ? ' %' : ''}`,
            `${w}`,
        );
    };
}
