/**
 * What a metric kind decides, in one interface: the columns it reads, how its rows are placed in
 * windows, how `during` and exclusions apply to it, how its coverage is measured, which rows it
 * cannot accept, and its kernel — the per-window state, how a row updates it and how the window's
 * measurement is computed from it. Each kind implements it in a module of its own (`./registry.ts`).
 */
import type {
    Calendar,
    ColumnRef,
    Comparator,
    DataSource,
    MetricDefinition,
    Objective,
    PercentileMethod,
} from '../model.js';
import type { WindowCounts } from '../report.js';
import type { Interval } from '../intervals.js';
import type { Rational } from '../rational.js';
import type { SlotResolver } from '../conditions.js';
import type { RowCheck } from './row-checks.js';
import type { SlotMarks } from '../slots.js';
import type { Span, Zone } from '../time.js';
import type { Offending } from './shared.js';
import type { Row } from '../sources/row-source.js';
import type { PauseIntervals } from './event-clock.js';

export type MetricKind = MetricDefinition['kind'];

/** The definition of one kind (mttr and mtbf share a shape). */
export type DefinitionOf<K extends MetricKind> = MetricDefinition & { readonly kind: K };

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
    /** Nothing happened in the window (no incident, no event): the objective's `whenNoEvents` decides. */
    noEvents?: boolean;
}

export interface Target {
    readonly comparator: Comparator;
    readonly threshold: Rational;
    /** Present for the share-of-events form: the share (percent) that must satisfy `comparator threshold`. */
    readonly share?: Rational;
}

export interface Kernel<D> {
    /**
     * `expectedRows`: how many rows the same group had in the window before, to size kept values;
     * `frame`: the window the state is for.
     */
    create(expectedRows: number | undefined, frame: WindowFrame): D;
    /**
     * Adds a row whose value of slot s is `values[at + s]` (a row's own values, or a row inside a
     * batch); `row` is the row itself, for its texts, when it did not come in a batch.
     */
    add(data: D, values: Float64Array, at: number, t: number, row?: Row): void;
    /** A row inside a maintenance or period exclusion (not counted), for what it says about time after it. */
    addExcluded?(data: D, values: Float64Array, at: number, t: number): void;
    /** A row excluded by its cause (force majeure, customer-caused): its time is excluded time. */
    addCauseExcluded?(data: D, values: Float64Array, at: number, t: number): void;
    /**
     * `previous` and `next`: the same group in the windows just before and after (calendar windows),
     * for what reaches across a window's boundary (a sample's interval, a run of bad slices).
     */
    measure(
        state: GroupState<D> | undefined,
        frame: WindowFrame,
        previous?: GroupState<D>,
        next?: GroupState<D>,
    ): Measurement;
    /**
     * Called when data has moved past the window: reduce the state to what `measure` needs. Only
     * kernels that keep every value have it; their windows are read again when rows arrive late.
     */
    compact?(data: D): void;
    /** Adds the state of another window (a day of a rolling window) into `into`. */
    merge(into: D, from: D): void;
}

/** What a kernel may ask of the objective it measures. */
export interface KernelContext {
    /** The row slot of a column of the objective's data source. */
    readonly slot: (ref: ColumnRef) => number;
    readonly source: DataSource;
    readonly target: Target;
    readonly zone: Zone;
    readonly calendars: readonly Calendar[];
    readonly objective: Objective;
    /** The as-of instant: an event that ends after it was still open then. */
    readonly asOf: number;
    /**
     * For the events of a window: the instant after which an end does not count (the cut-off, or
     * the as-of instant), and the instant at which events still open are judged.
     */
    readonly eventsJudged: (span: Span) => { readonly closesAt: number; readonly judgedAt: number };
    /** The pauses from the status-change log the metric names, per event key. */
    readonly pauses?: PauseIntervals;
    /** The end of the evaluated range (the as-of instant at the latest): open events are judged, and open intervals end, here. */
    readonly openUntil: number;
}

/** A column the metric reads, and whether an empty field is allowed (the end of an open event). */
export interface MetricColumn {
    readonly ref: ColumnRef;
    readonly optional: boolean;
}

/**
 * How `during CALENDAR` applies: 'rows' keeps the rows inside the calendar's hours and measures
 * that time only; 'measured-time' measures only that time (rows are intervals); 'clock' runs the
 * events' clock on the calendar; 'none' means the kind has no use for it (reported as a note).
 */
export type DuringRule = 'rows' | 'measured-time' | 'clock' | 'none';

/**
 * How coverage is measured: 'own' by the kernel; 'sample-slots' by distinct sample slots with a
 * row, on a source that declares a sample interval; 'none' for events, which have no expected rate.
 */
export type CoverageRule = 'own' | 'sample-slots' | 'none';

export interface MetricKindSpec<D extends MetricDefinition = MetricDefinition> {
    /** 'instant': a row is placed by its time column; 'interval': a row [start, end) counts in every window it overlaps. */
    readonly placement: 'instant' | 'interval';
    readonly during: DuringRule;
    readonly coverage: CoverageRule;
    /** Whether maintenance and period exclusions remove rows by their timestamp (else the kernel subtracts the time). */
    readonly timeExclusions: boolean;
    /** Whether windows without rows are reported over the whole range (outage data has rows only when something failed). */
    readonly windowsWithoutRows: boolean;
    /** Whether the share-of-events form ("95 % of …") applies. */
    readonly shareOfEvents: boolean;
    /** Whether the data source must declare a sample interval. */
    readonly needsSampleInterval: boolean;
    columns(definition: D): readonly MetricColumn[];
    /** The data source the metric reads. */
    sourceName(definition: D): string | undefined;
    /** The column that places a row in windows; undefined: the source's first time column. */
    timeColumn(definition: D): string | undefined;
    /**
     * The end column of events: with 'interval' placement, where each row's interval ends; else the
     * column whose latest value tells how far the data reaches.
     */
    eventEnd?(definition: D): string | undefined;
    /** Rows whose values parse but cannot be true for this metric; absent when every row is possible. */
    rowCheck?(definition: D, source: DataSource, resolve: SlotResolver): RowCheck;
    /** The calendar the metric's clock runs on, when the metric names one. */
    calendarOf?(definition: D): string | undefined;
    /** Columns of other data sources the metric looks up (a status-change log), for the planner to check. */
    lookups?(definition: D): readonly ColumnRef[];
    kernel(definition: D, context: KernelContext): Kernel<unknown>;
    /** Notes on how the value is computed, for the report. */
    notes(definition: D, objective: Objective): string[];
    percentileMethod?(definition: D): PercentileMethod | undefined;
    /** The downtime a whole window allows (availability kinds): the budget an in-progress window uses up. */
    windowBudget?(definition: D, target: Target, frame: WindowFrame): number;
}
