/**
 * MTTR: the mean time to repair of the incidents that started in the window, each with its whole
 * length (an incident belongs to the window it started in). Incidents without an end at the as-of
 * instant are pending and left out.
 */
import { Rational } from '../rational.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec } from './kind.js';
import { eventRowCheck } from './row-checks.js';
import { windowCounts } from './shared.js';

type RepairDefinition = DefinitionOf<'mttr'>;

interface RepairData {
    counted: number;
    open: number;
    totalMs: number;
}

function repairKernel(startSlot: number, endSlot: number, asOf: number): Kernel<RepairData> {
    return {
        create: () => ({ counted: 0, open: 0, totalMs: 0 }),
        add(data, values, at) {
            const end = values[at + endSlot];
            // An incident that ends after the as-of instant was still open then.
            if (Number.isNaN(end) || end > asOf) {
                data.open++;
                return;
            }
            data.counted++;
            data.totalMs += Math.max(0, end - values[at + startSlot]);
        },
        merge(into, from) {
            into.counted += from.counted;
            into.open += from.open;
            into.totalMs += from.totalMs;
        },
        measure(state) {
            const data = state?.data;
            const result: Measurement = {
                counts: { ...windowCounts(state, data?.counted ?? 0), missing: data?.open ?? 0 },
            };
            if (data?.open) result.note = `${data.open} incident(s) without an end are left out`;
            if (!data || data.counted === 0) {
                result.reason = data?.open
                    ? `${data.open} incident(s) pending, none finished`
                    : 'no incidents in the window';
                result.noEvents = !data?.open;
                return result;
            }
            result.value = Rational.of(data.totalMs).div(Rational.of(data.counted));
            return result;
        },
    };
}

export const mttr: MetricKindSpec<RepairDefinition> = {
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
    kernel: (d, context) => repairKernel(context.slot(d.start), context.slot(d.end), context.asOf),
    notes: () => ['each incident counts, with its whole length, in the window it started in'],
};
