/** Availability from request counts: Σ good / Σ total over the window's rows. */
import { Rational } from '../rational.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec } from './kind.js';
import { rowError, type RowCheck } from './row-checks.js';
import { Offending, percentOf, windowCounts } from './shared.js';
import type { DataSource } from '../model.js';
import type { SlotResolver } from '../conditions.js';

type RequestDefinition = DefinitionOf<'request-availability'>;

interface RequestData {
    good: number;
    total: number;
    readonly offending: Offending;
}

function requestKernel(countedSlot: number, totalSlot: number, countsBad: boolean): Kernel<RequestData> {
    return {
        create: () => ({ good: 0, total: 0, offending: new Offending() }),
        add(data, values, at, t) {
            const total = values[at + totalSlot];
            const good = countsBad ? total - values[at + countedSlot] : values[at + countedSlot];
            data.good += good;
            data.total += total;
            if (good < total) data.offending.note(t);
        },
        merge(into, from) {
            into.good += from.good;
            into.total += from.total;
            into.offending.mergeFrom(from.offending);
        },
        measure(state) {
            const good = state?.data.good ?? 0;
            const total = state?.data.total ?? 0;
            const result: Measurement = {
                counts: { ...windowCounts(state, total), up: good, down: total - good },
                offending: state?.data.offending,
            };
            if (total <= 0) result.reason = 'no requests in the window';
            else result.value = percentOf(Rational.fromNumber(good), Rational.fromNumber(total));
            return result;
        },
    };
}

/** A row's good count lies between 0 and its total. */
function goodWithinTotal(d: RequestDefinition, source: DataSource, resolve: SlotResolver): RowCheck {
    const good = resolve(d.good.column);
    const total = resolve(d.total.column);
    const expected = `"${good.column.header}" between 0 and "${total.column.header}"`;
    return (row) => {
        const g = row.values[good.slot];
        const t = row.values[total.slot];
        if (g >= 0 && g <= t) return undefined;
        return rowError(source, row, expected, `${good.column.header} ${g}, ${total.column.header} ${t}`);
    };
}

export const requestAvailability: MetricKindSpec<RequestDefinition> = {
    placement: 'instant',
    during: 'rows',
    coverage: 'sample-slots',
    timeExclusions: true,
    windowsWithoutRows: false,
    shareOfEvents: false,
    needsSampleInterval: false,
    columns: (d) => [
        { ref: d.good, optional: false },
        { ref: d.total, optional: false },
    ],
    sourceName: (d) => d.good.source,
    timeColumn: () => undefined,
    rowCheck: goodWithinTotal,
    kernel: (d, context) => requestKernel(context.slot(d.good), context.slot(d.total), d.counts === 'bad'),
    notes: (d) => (d.counts === 'bad' ? ['availability = 1 − failed requests / requests, summed over the window'] : []),
};
