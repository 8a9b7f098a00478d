/**
 * Metric kernels: the per-window, per-group state of one metric kind, how a row updates it and
 * how the window's measurement is computed from it when the window is finished.
 */
import type { Calendar, Comparator, MetricDefinition, PercentileMethod } from './model.js';
import type { WindowCounts } from './report.js';
import { Rational } from './rational.js';
import { selectPercentile } from './percentile.js';
import { ExactSum } from './exact-sum.js';
import { calendarIntervals, intersect, merge, subtract, totalLength, type Interval } from './intervals.js';
import type { Span, Zone } from './time.js';
import { SlotMarks } from './slots.js';

/** A window of one objective, shared by its groups. */
export interface WindowFrame {
    readonly span: Span;
    /** The part of the window inside the evaluated range. */
    readonly start: number;
    readonly end: number;
    /** The measured time: [start, end), or its part inside the `during` calendar. */
    readonly measured: readonly Interval[];
    readonly lengthMs: number;
    /** Maintenance and period exclusions inside the measured time. */
    readonly exclusions: readonly Interval[];
    readonly exclusionMs: number;
    /** Measured time outside exclusions: the time for which data is expected. */
    readonly activeMs: number;
}

export interface GroupState<D> {
    /** Rows in scope (after `where` and `during`). */
    rows: number;
    /** Rows removed by exclusions (time or cause). */
    excluded: number;
    /** Of those, rows removed by a cause exclusion (their own time is excluded time). */
    causeExcluded: number;
    readonly data: D;
    /** Sample slots with a counted or cause-excluded row, for coverage (sampled sources, non-probe metrics). */
    readonly slots?: SlotMarks;
}

export interface Measurement {
    /** The value compared with the target (the share in percent for a share-of-events objective). */
    value?: Rational;
    reason?: string;
    coverage?: Rational;
    counts: WindowCounts;
    downtimeMs?: number;
    downtimeBudgetMs?: number;
    excludedMs?: number;
    offending?: Offending;
    /** Remarks that explain the value (e.g. open events left out). */
    note?: string;
}

export interface Target {
    readonly comparator: Comparator;
    readonly threshold: Rational;
    /** Present for the share-of-events form: the share (percent) that must satisfy `comparator threshold`. */
    readonly share?: Rational;
}

export class Offending {
    first = Infinity;
    last = -Infinity;
    count = 0;
    note(t: number): void {
        this.count++;
        if (t < this.first) this.first = t;
        if (t > this.last) this.last = t;
    }
    mergeFrom(other: Offending): void {
        this.count += other.count;
        this.first = Math.min(this.first, other.first);
        this.last = Math.max(this.last, other.last);
    }
}

export interface Kernel<D> {
    /** Whether maintenance and period exclusions remove rows by their timestamp. */
    readonly timeExclusions: boolean;
    /** `expectedRows`: how many rows the same group had in the window before, to size kept values. */
    create(expectedRows?: number): D;
    /** Adds a row whose value of slot s is `values[at + s]` (a row's own values, or a row inside a batch). */
    add(data: D, values: Float64Array, at: number, t: number): void;
    /** A row inside a maintenance or period exclusion (not counted), for what it says about time after the exclusion. */
    addExcluded?(data: D, values: Float64Array, at: number, t: number): void;
    /** `previous`: the same group in the window just before, for samples that reach into this one. */
    measure(state: GroupState<D> | undefined, frame: WindowFrame, previous?: GroupState<D>): Measurement;
    /** Called when data has moved past the window: reduce the state to what `measure` needs. */
    compact?(data: D): void;
    /** Adds the state of another window (a day of a rolling window) into `into`. */
    merge(into: D, from: D): void;
}

/** Exact comparison of a measured value with a threshold. */
export function satisfies(value: Rational, comparator: Comparator, threshold: Rational): boolean {
    const c = value.cmp(threshold);
    switch (comparator) {
        case '>=':
            return c >= 0;
        case '>':
            return c > 0;
        case '<=':
            return c <= 0;
        case '<':
            return c < 0;
    }
}

/** Per-row comparison with a float fast path; exact when the float equals the threshold's nearest float. */
export class RowTest {
    private readonly float: number;
    private readonly above: boolean;
    constructor(private readonly target: Target) {
        this.float = target.threshold.toNumber();
        this.above = target.comparator === '>=' || target.comparator === '>';
    }
    passes(x: number): boolean {
        if (x === this.float) return satisfies(Rational.fromNumber(x), this.target.comparator, this.target.threshold);
        return this.above ? x > this.float : x < this.float;
    }
}

function counts(state: GroupState<unknown> | undefined, counted: number): WindowCounts {
    return { rows: state?.rows ?? 0, counted, excluded: state?.excluded ?? 0 };
}

function percentOf(part: Rational, whole: Rational): Rational {
    return part.mul(Rational.HUNDRED).div(whole);
}

// ---------------------------------------------------------------- probe availability

/** A slot is down when any of its rows is down: duplicate rows neither add samples nor downtime. */
const UP = 1;
const DOWN = 2;

interface ProbeData {
    readonly slots: SlotMarks;
    /** Instants of the down samples (one per slot): each is down for [t, t + interval). */
    readonly downAt: number[];
    readonly offending: Offending;
}

/**
 * Contract form: the downtime inside the window's measured time outside exclusions, from the down
 * samples of this window and of the window before (a sample at 23:58 every 5 min is down until
 * 00:03 of the next window); overlapping sample intervals count once.
 */
function chargedDowntime(frame: WindowFrame, intervalMs: number, ...downAt: (readonly number[])[]): number {
    const down = merge(downAt.flatMap((times) => times.map((t) => ({ start: t, end: t + intervalMs }))));
    return totalLength(subtract(intersect(down, frame.measured), frame.exclusions));
}

export function probeKernel(
    definition: Extract<MetricDefinition, { kind: 'probe-availability' }>,
    upSlot: number,
    intervalMs: number,
    target: Target,
): Kernel<ProbeData> {
    return {
        timeExclusions: true,
        create: () => ({ slots: new SlotMarks(intervalMs), downAt: [], offending: new Offending() }),
        add(data, values, at, t) {
            const isUp = values[at + upSlot] === 1;
            const before = data.slots.mark(t, isUp ? UP : DOWN);
            if (!isUp && before !== DOWN) {
                data.offending.note(t);
                data.downAt.push(t);
            }
        },
        // A down sample at 03:58 inside maintenance until 04:00 is down 04:00–04:03 (contract form).
        addExcluded:
            definition.form === 'contract'
                ? (data, values, at, t) => {
                      if (values[at + upSlot] !== 1) data.downAt.push(t);
                  }
                : undefined,
        merge(into, from) {
            into.slots.mergeFrom(from.slots);
            into.downAt.push(...from.downAt);
            into.offending.mergeFrom(from.offending);
        },
        measure(state, frame, previous) {
            const up = state?.data.slots.countOf(UP) ?? 0;
            const down = state?.data.slots.countOf(DOWN) ?? 0;
            const duplicates = state?.data.slots.duplicates ?? 0;
            const present = up + down;
            const causeExcluded = state?.causeExcluded ?? 0;
            const expected = Math.round(frame.activeMs / intervalMs);
            const missing = Math.max(0, expected - present - causeExcluded);
            const missingMs = missing * intervalMs;
            const excludedMs =
                frame.exclusionMs + causeExcluded * intervalMs + (definition.missing === 'excluded' ? missingMs : 0);
            const coverage =
                frame.activeMs > 0
                    ? Rational.of(Math.min(expected, present + causeExcluded) * 100, Math.max(expected, 1))
                    : undefined;
            const result: Measurement = {
                counts: { ...counts(state, present), up, down, missing, ...(duplicates > 0 ? { duplicates } : {}) },
                coverage,
                excludedMs,
                offending: state?.data.offending,
            };
            const duplicateNote =
                duplicates > 0
                    ? `${duplicates} row(s) fell in a sample slot that already had a row: each slot counts once, and is down when any of its rows is down (rows of different probes need "for each")`
                    : undefined;
            if (present === 0) {
                result.reason = 'no samples in the window';
                return result;
            }
            if (definition.form === 'sample') {
                const countedUp = up + (definition.missing === 'up' ? missing : 0);
                const counted = present + (definition.missing === 'up' || definition.missing === 'down' ? missing : 0);
                result.counts = { ...result.counts, counted };
                result.value = percentOf(Rational.of(countedUp), Rational.of(counted));
                result.downtimeMs = (counted - countedUp) * intervalMs;
                result.downtimeBudgetMs = budget(target.threshold, counted * intervalMs);
            } else {
                // Missing time that is neither up nor down leaves the window: the value is over the observed time.
                const own = state?.data.downAt ?? [];
                const sampled = chargedDowntime(frame, intervalMs, own, previous?.data.downAt ?? []);
                const carried = sampled - chargedDowntime(frame, intervalMs, own);
                const downtimeMs = sampled + (definition.missing === 'down' ? missingMs : 0);
                const windowMs =
                    definition.missing === 'unknown' || definition.missing === 'excluded'
                        ? frame.lengthMs - missingMs
                        : frame.lengthMs;
                result.value = Rational.HUNDRED.sub(percentOf(Rational.of(downtimeMs), Rational.of(windowMs)));
                result.downtimeMs = downtimeMs;
                result.downtimeBudgetMs = budget(target.threshold, windowMs);
                if (missing > 0 && windowMs !== frame.lengthMs)
                    result.note = `${missing} missing samples (${missingMs / 60_000} min) count neither as up nor as down`;
                if (carried > 0)
                    result.note = [
                        result.note,
                        `${carried / 1000} s of downtime from a down sample of the window before that reaches into this one`,
                    ]
                        .filter(Boolean)
                        .join('; ');
            }
            result.note = [result.note, duplicateNote].filter(Boolean).join('; ') || undefined;
            return result;
        },
    };
}

/** Allowed downtime (1 − target/100) × time, in whole ms (rounded down: the budget never exceeds what the target allows). */
function budget(targetPercent: Rational, timeMs: number): number {
    const allowed = Rational.ONE.sub(targetPercent.div(Rational.HUNDRED)).mul(Rational.of(timeMs));
    return Math.max(0, Number(allowed.floor()));
}

// ---------------------------------------------------------------- request availability

interface RequestData {
    good: number;
    total: number;
    readonly offending: Offending;
}

export function requestKernel(goodSlot: number, totalSlot: number): Kernel<RequestData> {
    return {
        timeExclusions: true,
        create: () => ({ good: 0, total: 0, offending: new Offending() }),
        add(data, values, at, t) {
            const good = values[at + goodSlot];
            const total = values[at + totalSlot];
            data.good += good;
            data.total += total;
            if (good < total) data.offending.note(t);
        },
        merge(into, from) {
            into.good += from.good;
            into.total += from.total;
            into.offending.mergeFrom(from.offending);
        },
        measure(state, _frame) {
            const good = state?.data.good ?? 0;
            const total = state?.data.total ?? 0;
            const result: Measurement = {
                counts: { ...counts(state, total), up: good, down: total - good },
                offending: state?.data.offending,
            };
            if (total <= 0) result.reason = 'no requests in the window';
            else result.value = percentOf(Rational.fromNumber(good), Rational.fromNumber(total));
            return result;
        },
    };
}

// ---------------------------------------------------------------- outage availability

interface OutageData {
    readonly outages: Interval[];
    open: number;
    readonly offending: Offending;
}

/** Rows are outages [start, end); an outage that spans windows is added to each (see `evaluate`). */
export function outageKernel(
    startSlot: number,
    endSlot: number,
    openUntil: (start: number) => number,
): Kernel<OutageData> {
    return {
        timeExclusions: false,
        create: () => ({ outages: [], open: 0, offending: new Offending() }),
        add(data, values, at, t) {
            const open = Number.isNaN(values[at + endSlot]);
            const end = open ? openUntil(t) : values[at + endSlot];
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
                counts: { ...counts(state, state?.data.outages.length ?? 0) },
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

// ---------------------------------------------------------------- aggregates of a column

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

export function aggregateKernel(
    definition: Extract<MetricDefinition, { kind: 'aggregate' }>,
    slot: number,
    target: Target,
): Kernel<AggregateData> {
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
        timeExclusions: true,
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
        measure(state, _frame) {
            const data = state?.data;
            const result: Measurement = { counts: counts(state, data?.count ?? 0), offending: data?.offending };
            if (!data || data.count === 0) {
                result.reason = 'no values in the window';
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

const EMPTY_VALUES = new Float64Array(0);

/**
 * Value arrays of closed windows, handed to the windows that follow: the same groups need about
 * as many values each window, and reusing the arrays spares allocating and zeroing them.
 */
class ArrayPool {
    private readonly arrays: Float64Array[] = [];

    /** An array of at least `length` values (its contents are garbage). */
    take(length: number): Float64Array {
        let best = -1;
        for (let i = 0; i < this.arrays.length; i++) {
            const size = this.arrays[i].length;
            if (size >= length && (best < 0 || size < this.arrays[best].length)) best = i;
        }
        if (best < 0) return new Float64Array(length);
        const array = this.arrays[best];
        this.arrays[best] = this.arrays[this.arrays.length - 1];
        this.arrays.pop();
        return array;
    }

    give(array: Float64Array): void {
        if (array.length > 0 && this.arrays.length < MAX_POOLED_ARRAYS) this.arrays.push(array);
    }
}

const MAX_POOLED_ARRAYS = 256;

export function percentileMethodOf(definition: MetricDefinition): PercentileMethod | undefined {
    return definition.kind === 'aggregate' && definition.function === 'percentile' ? definition.method : undefined;
}

// ---------------------------------------------------------------- elapsed times of events

interface OpenEvent {
    readonly start: number;
    readonly paused: number;
    readonly t: number;
}

interface ElapsedData {
    counted: number;
    open: number;
    readonly openEvents: OpenEvent[];
    /** Events whose waiting time exceeded their elapsed time on the calendar (counted as 0). */
    clamped: number;
    passing: number;
    worst: number;
    readonly offending: Offending;
}

export interface ElapsedClock {
    readonly zone: Zone;
    readonly calendar?: Calendar;
}

/** Business time between two instants on a calendar (whole duration without one). */
export function clockTime(clock: ElapsedClock, start: number, end: number): number {
    if (end <= start) return 0;
    if (!clock.calendar) return end - start;
    return totalLength(calendarIntervals(clock.zone, clock.calendar, start, end));
}

/**
 * Without a share, every event must meet the threshold and the measured value is the worst
 * event; with a share, the value is the percentage of events that meet it. Events without an
 * end are counted as missing and left out of the value.
 */
export function elapsedKernel(
    startSlot: number,
    endSlot: number,
    pausedSlot: number | undefined,
    clock: ElapsedClock,
    target: Target,
    asOf: () => number,
): Kernel<ElapsedData> {
    const test = new RowTest(target);
    const higherIsWorse = target.comparator === '<=' || target.comparator === '<';
    return {
        timeExclusions: false,
        create: () => ({
            counted: 0,
            open: 0,
            openEvents: [],
            clamped: 0,
            passing: 0,
            worst: higherIsWorse ? -Infinity : Infinity,
            offending: new Offending(),
        }),
        add(data, values, at, t) {
            const end = values[at + endSlot];
            const paused =
                pausedSlot === undefined || Number.isNaN(values[at + pausedSlot]) ? 0 : values[at + pausedSlot];
            if (Number.isNaN(end)) {
                data.open++;
                data.openEvents.push({ start: values[at + startSlot], paused, t });
                return;
            }
            const onClock = clockTime(clock, values[at + startSlot], end);
            if (paused > onClock) data.clamped++;
            const elapsed = Math.max(0, onClock - paused);
            data.counted++;
            data.worst = higherIsWorse ? Math.max(data.worst, elapsed) : Math.min(data.worst, elapsed);
            if (test.passes(elapsed)) data.passing++;
            else data.offending.note(t);
        },
        merge(into, from) {
            into.counted += from.counted;
            into.open += from.open;
            into.openEvents.push(...from.openEvents);
            into.clamped += from.clamped;
            into.passing += from.passing;
            into.worst = higherIsWorse ? Math.max(into.worst, from.worst) : Math.min(into.worst, from.worst);
            into.offending.mergeFrom(from.offending);
        },
        measure(state, _frame) {
            const data = state?.data;
            // An open event that has already run past a "within" threshold at the end of the evaluated range missed it.
            const now = asOf();
            const missed =
                higherIsWorse && data
                    ? data.openEvents.filter(
                          (e) => !test.passes(Math.max(0, clockTime(clock, e.start, now) - e.paused)),
                      )
                    : [];
            const counted = (data?.counted ?? 0) + missed.length;
            const open = (data?.open ?? 0) - missed.length;
            const offending = data?.offending;
            if (offending && missed.length > 0) {
                for (const e of missed) offending.note(e.t);
            }
            const result: Measurement = { counts: { ...counts(state, counted), missing: open }, offending };
            const notes: string[] = [];
            if (missed.length > 0)
                notes.push(
                    `${missed.length} event(s) without an end had already exceeded the threshold at ${clock.zone.format(now)} and count as missed`,
                );
            if (open > 0) notes.push(`${open} event(s) without an end are left out`);
            if (data?.clamped)
                notes.push(
                    `${data.clamped} event(s) waited longer than their elapsed time on the calendar and count as 0`,
                );
            result.note = notes.join('; ') || undefined;
            if (!data || counted === 0) {
                result.reason = 'no finished events in the window';
                return result;
            }
            const worst =
                missed.length > 0
                    ? Math.max(data.worst, ...missed.map((e) => clockTime(clock, e.start, now) - e.paused))
                    : data.worst;
            result.value = target.share
                ? percentOf(Rational.of(data.passing), Rational.of(counted))
                : Rational.of(worst);
            return result;
        },
    };
}

// ---------------------------------------------------------------- MTTR, MTBF, counts

interface RepairData {
    counted: number;
    open: number;
    totalMs: number;
    readonly outages: Interval[];
}

/** MTTR: mean (end − start) of the window's incidents. MTBF: (measured time − downtime) / incidents. */
export function repairKernel(kind: 'mttr' | 'mtbf', startSlot: number, endSlot: number): Kernel<RepairData> {
    return {
        timeExclusions: false,
        create: () => ({ counted: 0, open: 0, totalMs: 0, outages: [] }),
        add(data, values, at) {
            const start = values[at + startSlot];
            const end = values[at + endSlot];
            if (Number.isNaN(end)) {
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
            const result: Measurement = { counts: { ...counts(state, data?.counted ?? 0), missing: data?.open ?? 0 } };
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

export function countKernel(): Kernel<{ count: number }> {
    return {
        timeExclusions: true,
        create: () => ({ count: 0 }),
        add(data) {
            data.count++;
        },
        merge(into, from) {
            into.count += from.count;
        },
        measure(state) {
            return { counts: counts(state, state?.data.count ?? 0), value: Rational.of(state?.data.count ?? 0) };
        },
    };
}
