/**
 * Time slices: a window cut into slices of a fixed length (1 min, 5 min, 1 h), aligned to the
 * window's start. 'good-share': each slice is good or bad by a slice expression (`sum of errors /
 * sum of requests > 5 %`, `all of unreachable`), bad only in runs of at least N slices; the value is
 * the share of good slices (AWS's unavailable minutes, OpenSLO's timeslices). 'mean': the value is
 * the mean over the slices of a slice expression (Google Cloud Storage: 100 % − the mean of the
 * per-5-minute error rates). Slices that overlap an exclusion or a row excluded by its cause, or lie
 * partly outside the measured time, do not count.
 */
import type { Expression, SliceDefinition } from '../model.js';
import { Rational } from '../rational.js';
import type { Interval } from '../intervals.js';
import { compileExpression, type Compiled } from '../expressions/compile.js';
import type {
    DefinitionOf,
    GroupState,
    Kernel,
    KernelContext,
    Measurement,
    MetricKindSpec,
    WindowFrame,
} from './kind.js';
import { aggregatesOf, SliceTable, type SliceAggregateSpec } from './slice-table.js';
import { downtimeBudget, Offending, percentOf, windowCounts } from './shared.js';
import { meanOf, type SliceMean } from './slice-mean.js';

type SlicesDefinition = DefinitionOf<'slices'> & SliceDefinition;

/** What a slice is, once its rows are in. */
export const EXCLUDED = 0;
export const GOOD = 1;
export const BAD = 2;
export const EMPTY = 3;

interface SliceData {
    readonly table: SliceTable;
    readonly frame: WindowFrame;
    /** Each slice's class, once the window is complete (before the run rule, which needs the neighbours). */
    classes?: Uint8Array;
    /** 'mean': the mean over the counted slices, worked out with the classes. */
    mean?: SliceMean;
}

function sliceKernel(definition: SlicesDefinition, context: KernelContext): Kernel<SliceData> {
    const aggregates = aggregateSpecs(definition, context);
    const expression = definition.measure === 'good-share' ? definition.bad : definition.value;
    const classify = (data: SliceData): Uint8Array => {
        if (!data.classes) {
            const evaluate = compileExpression(expression, data.table.leaves());
            data.classes = classes(data, evaluate, definition);
            if (definition.measure === 'mean') data.mean = meanOf(data.classes, evaluate, definition, context.target);
        }
        return data.classes;
    };
    return {
        create: (_rows, frame) => ({
            table: new SliceTable(
                frame.span.start,
                definition.sliceMs,
                Math.max(0, Math.ceil((frame.end - frame.span.start) / definition.sliceMs)),
                aggregates,
            ),
            frame,
        }),
        add(data, values, at, t) {
            const index = data.table.indexOf(t);
            if (index >= 0) data.table.add(index, values, at);
        },
        addCauseExcluded(data, _values, _at, t) {
            const index = data.table.indexOf(t);
            if (index >= 0) data.table.causeExcluded[index] = 1;
        },
        merge(into, from) {
            into.table.merge(from.table);
        },
        compact: (data) => void classify(data),
        measure(state, frame, previous, next) {
            if (!state) return { counts: windowCounts(undefined, 0), reason: 'no rows in the window' };
            const own = classify(state.data);
            if (definition.measure === 'mean') return meanMeasurement(state, definition);
            const ruled = (classes: Uint8Array) => withEmptyRule(classes, definition.empty);
            const slices = withRuns(
                ruled(own),
                definition.minRun,
                previous && ruled(classify(previous.data)),
                next && ruled(classify(next.data)),
            );
            return shareMeasurement(state, slices, countOf(own, EMPTY), frame, definition, context);
        },
    };
}

/** The aggregates of the slice expression, each with the slot of the column it reads. */
function aggregateSpecs(definition: SlicesDefinition, context: KernelContext): SliceAggregateSpec[] {
    const expression = definition.measure === 'good-share' ? definition.bad : definition.value;
    return aggregatesOf(expression).map((node) => {
        const aggregate = node as Extract<Expression, { kind: 'aggregate' }>;
        const of = aggregate.of;
        return {
            node,
            function: aggregate.function,
            slot: of?.kind === 'column' ? context.slot(of.ref) : -1,
        };
    });
}

/** Each slice's class: excluded, empty (no rows, or the expression cannot be known), good or bad. */
function classes(data: SliceData, evaluate: Compiled<number>, definition: SlicesDefinition): Uint8Array {
    const { table, frame } = data;
    const result = new Uint8Array(table.count);
    const counts = countable(table, frame);
    for (let i = 0; i < table.count; i++) {
        if (!counts[i] || table.causeExcluded[i]) result[i] = EXCLUDED;
        else if (table.rows[i] === 0) result[i] = EMPTY;
        else if (definition.measure === 'mean') result[i] = Number.isNaN(evaluate.float(i)) ? EMPTY : GOOD;
        else {
            const bad = evaluate.float(i);
            result[i] = Number.isNaN(bad) ? EMPTY : bad === 1 ? BAD : GOOD;
        }
    }
    return result;
}

/** Whether each slice lies wholly in the measured time and outside every exclusion. */
function countable(table: SliceTable, frame: WindowFrame): Uint8Array {
    const result = new Uint8Array(table.count);
    for (let i = 0; i < table.count; i++) {
        const start = table.start + i * table.sliceMs;
        const end = start + table.sliceMs;
        result[i] = within(frame.measured, start, end) && !overlaps(frame.exclusions, start, end) ? 1 : 0;
    }
    return result;
}

function within(intervals: readonly Interval[], start: number, end: number): boolean {
    return intervals.some((i) => i.start <= start && end <= i.end);
}

function overlaps(intervals: readonly Interval[], start: number, end: number): boolean {
    return intervals.some((i) => i.start < end && start < i.end);
}

/** Empty slices as the agreement says they count: good, bad, or not at all. */
function withEmptyRule(classes: Uint8Array, empty: 'good' | 'bad' | 'excluded'): Uint8Array {
    const as = empty === 'good' ? GOOD : empty === 'bad' ? BAD : EXCLUDED;
    return classes.map((c) => (c === EMPTY ? as : c));
}

function countOf(classes: Uint8Array, wanted: number): number {
    let n = 0;
    for (const c of classes) if (c === wanted) n++;
    return n;
}

/** The run rule, after the empty rule: bad slices in a run shorter than `minRun` (across window ends) count as good. */
function withRuns(
    own: Uint8Array,
    minRun: number,
    previous: Uint8Array | undefined,
    next: Uint8Array | undefined,
): { readonly classes: Uint8Array; readonly forgiven: number } {
    const result = own;
    let forgiven = 0;
    if (minRun <= 1) return { classes: result, forgiven };
    for (let i = 0; i < result.length;) {
        if (result[i] !== BAD) {
            i++;
            continue;
        }
        let end = i;
        while (end < result.length && result[end] === BAD) end++;
        const before = i === 0 ? trailingBad(previous) : 0;
        const after = end === result.length ? leadingBad(next) : 0;
        if (before + (end - i) + after < minRun) {
            result.fill(GOOD, i, end);
            forgiven += end - i;
        }
        i = end;
    }
    return { classes: result, forgiven };
}

function trailingBad(classes: Uint8Array | undefined): number {
    let n = 0;
    for (let i = (classes?.length ?? 0) - 1; i >= 0 && classes![i] === BAD; i--) n++;
    return n;
}

function leadingBad(classes: Uint8Array | undefined): number {
    let n = 0;
    while (classes && n < classes.length && classes[n] === BAD) n++;
    return n;
}

function shareMeasurement(
    state: GroupState<SliceData>,
    { classes, forgiven }: { readonly classes: Uint8Array; readonly forgiven: number },
    empty: number,
    frame: WindowFrame,
    definition: Extract<SlicesDefinition, { measure: 'good-share' }>,
    context: KernelContext,
): Measurement {
    const { table } = state.data;
    let good = 0;
    let bad = 0;
    const offending = new Offending();
    for (let i = 0; i < classes.length; i++) {
        if (classes[i] === GOOD) good++;
        else if (classes[i] === BAD) {
            bad++;
            offending.note(table.start + i * table.sliceMs);
        }
    }
    const counted = good + bad;
    const countableSlices = counted + (definition.empty === 'excluded' ? empty : 0);
    const sliceMs = definition.sliceMs;
    const notes = [
        empty > 0 ? `${empty} slice${empty === 1 ? '' : 's'} without data ${emptyRule(definition.empty)}` : '',
        forgiven > 0
            ? `${forgiven} bad slice${forgiven === 1 ? '' : 's'} in runs shorter than ${definition.minRun} count as good`
            : '',
    ].filter(Boolean);
    const result: Measurement = {
        counts: { ...windowCounts(state, counted), up: good, down: bad, missing: empty },
        // Coverage: the slices that count by their place in time, and how many of them hold data.
        coverage: countableSlices > 0 ? Rational.of((countableSlices - empty) * 100, countableSlices) : undefined,
        downtimeMs: bad * sliceMs,
        downtimeBudgetMs: downtimeBudget(context.target.threshold, counted * sliceMs),
        excludedMs: frame.exclusionMs,
        offending,
        note: notes.join('; ') || undefined,
    };
    if (counted === 0) result.reason = 'no slice of the window counts';
    else result.value = percentOf(Rational.of(good), Rational.of(counted));
    return result;
}

function emptyRule(empty: 'good' | 'bad' | 'excluded'): string {
    return empty === 'excluded' ? 'left out' : `counted as ${empty}`;
}

function meanMeasurement(
    state: GroupState<SliceData>,
    definition: Extract<SlicesDefinition, { measure: 'mean' }>,
): Measurement {
    const mean = state.data.mean!;
    const result: Measurement = {
        counts: { ...windowCounts(state, mean.counted), missing: mean.empty },
        note: mean.note,
    };
    if (mean.value === undefined) result.reason = mean.reason ?? 'no slice of the window counts';
    else result.value = definition.percent ? mean.value.mul(Rational.HUNDRED) : mean.value;
    return result;
}

function expressionsOf(definition: SlicesDefinition): Expression[] {
    return aggregatesOf(definition.measure === 'good-share' ? definition.bad : definition.value);
}

export const slices: MetricKindSpec<SlicesDefinition> = {
    placement: 'instant',
    during: 'rows',
    coverage: 'own',
    timeExclusions: false,
    windowsWithoutRows: false,
    shareOfEvents: false,
    needsSampleInterval: false,
    columns: (d) =>
        expressionsOf(d).flatMap((node) =>
            node.kind === 'aggregate' && node.of?.kind === 'column' ? [{ ref: node.of.ref, optional: true }] : [],
        ),
    sourceName: (d) => d.source,
    timeColumn: () => undefined,
    kernel: (d, context) => sliceKernel(d, context),
    windowBudget: (_d, target, frame) => downtimeBudget(target.threshold, frame.activeMs),
    notes: (d) => [
        d.measure === 'good-share'
            ? `time slices of ${d.sliceMs / 60_000} min: the value is the share of good slices${d.minRun > 1 ? `; bad only in runs of at least ${d.minRun} slices` : ''}`
            : `time slices of ${d.sliceMs / 60_000} min: the value is the mean over the slices, each slice weighing the same (not weighted by its rows)`,
    ],
};
