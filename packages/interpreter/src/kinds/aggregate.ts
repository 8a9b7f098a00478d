/** Aggregates of a column's values per window: percentiles, mean, min, max, sum. */
import { Rational } from '../rational.js';
import { selectPercentile } from '../percentile.js';
import { ExactSum } from '../exact-sum.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec, Target } from './kind.js';
import { ArrayPool, EMPTY_VALUES } from './array-pool.js';
import { Offending, RowTest, percentOf, windowCounts } from './shared.js';

type AggregateDefinition = DefinitionOf<'aggregate'>;

interface AggregateData {
    values: Float64Array;
    count: number;
    /** Kept for means and sums only. */
    readonly sum: ExactSum | undefined;
    min: number;
    max: number;
    passing: number;
    readonly offending: Offending;
    /** The final value once the window was compacted. */
    final?: Rational;
}

function aggregateKernel(definition: AggregateDefinition, slot: number, target: Target): Kernel<AggregateData> {
    const keepValues = definition.function === 'percentile' && !target.share;
    const keepSum = definition.function === 'mean' || definition.function === 'sum';
    const keepExtremes = definition.function === 'min' || definition.function === 'max';
    const released = new ArrayPool();
    const test = new RowTest(target);
    const p = Rational.parse(definition.percentile ?? '50');
    const finalValue = (data: AggregateData): Rational => {
        if (data.final) return data.final;
        switch (definition.function) {
            case 'percentile':
                return selectPercentile(data.values.subarray(0, data.count), p, definition.method);
            case 'mean':
                return data.sum!.value().div(Rational.of(data.count));
            case 'sum':
                return data.sum!.value();
            case 'min':
                return Rational.fromNumber(data.min);
            case 'max':
                return Rational.fromNumber(data.max);
        }
    };
    return {
        create: (expectedRows = 0) => ({
            // A little more than the window before: months differ by up to three days.
            values: keepValues ? released.take(Math.max(64, Math.ceil(expectedRows * 1.15))) : EMPTY_VALUES,
            count: 0,
            sum: keepSum ? new ExactSum() : undefined,
            min: Infinity,
            max: -Infinity,
            passing: 0,
            offending: new Offending(),
        }),
        add(data, values, at, t) {
            const x = values[at + slot];
            if (keepValues) {
                if (data.count === data.values.length) {
                    const bigger = released.take(data.values.length * 2);
                    bigger.set(data.values);
                    released.give(data.values);
                    data.values = bigger;
                }
                data.values[data.count] = x;
            }
            data.count++;
            data.sum?.add(x);
            if (keepExtremes) {
                if (x < data.min) data.min = x;
                if (x > data.max) data.max = x;
            }
            if (test.passes(x)) data.passing++;
            else data.offending.note(t);
        },
        merge(into, from) {
            if (keepValues) {
                const values = new Float64Array(Math.max(64, into.count + from.count));
                values.set(into.values.subarray(0, into.count));
                values.set(from.values.subarray(0, from.count), into.count);
                into.values = values;
            }
            into.count += from.count;
            if (from.sum) into.sum?.addSum(from.sum);
            into.min = Math.min(into.min, from.min);
            into.max = Math.max(into.max, from.max);
            into.passing += from.passing;
            into.offending.mergeFrom(from.offending);
        },
        // Only kept values need releasing; everything else is a counter that late rows can still update.
        compact: keepValues
            ? (data) => {
                  if (data.count > 0) data.final = finalValue(data);
                  released.give(data.values);
                  data.values = EMPTY_VALUES;
              }
            : undefined,
        measure(state) {
            const data = state?.data;
            const result: Measurement = { counts: windowCounts(state, data?.count ?? 0), offending: data?.offending };
            if (!data || data.count === 0) {
                result.reason = target.share ? 'no events in the window' : 'no values in the window';
                // A share of events with no event: nothing happened. A percentile of nothing is not known.
                result.noEvents = target.share !== undefined;
                return result;
            }
            if (target.share) {
                result.value = percentOf(Rational.of(data.passing), Rational.of(data.count));
            } else {
                result.value = finalValue(data);
            }
            return result;
        },
    };
}

export const aggregate: MetricKindSpec<AggregateDefinition> = {
    placement: 'instant',
    during: 'rows',
    coverage: 'sample-slots',
    timeExclusions: true,
    windowsWithoutRows: false,
    shareOfEvents: true,
    needsSampleInterval: false,
    columns: (d) => [{ ref: d.column, optional: false }],
    sourceName: (d) => d.column.source,
    timeColumn: () => undefined,
    kernel: (d, context) => aggregateKernel(d, context.slot(d.column), context.target),
    notes: () => [],
    percentileMethod: (d) => (d.function === 'percentile' ? d.method : undefined),
};
