/** Counts of rows per window (tickets opened, leads received). */
import { Rational } from '../rational.js';
import type { DefinitionOf, Kernel, MetricKindSpec } from './kind.js';
import { windowCounts } from './shared.js';

type CountDefinition = DefinitionOf<'count'>;

function countKernel(): Kernel<{ count: number }> {
    return {
        create: () => ({ count: 0 }),
        add(data) {
            data.count++;
        },
        merge(into, from) {
            into.count += from.count;
        },
        measure(state) {
            return { counts: windowCounts(state, state?.data.count ?? 0), value: Rational.of(state?.data.count ?? 0) };
        },
    };
}

export const count: MetricKindSpec<CountDefinition> = {
    placement: 'instant',
    during: 'rows',
    coverage: 'sample-slots',
    timeExclusions: true,
    windowsWithoutRows: false,
    shareOfEvents: false,
    needsSampleInterval: false,
    columns: () => [],
    sourceName: (d) => d.source,
    timeColumn: () => undefined,
    kernel: () => countKernel(),
    notes: () => [],
};
