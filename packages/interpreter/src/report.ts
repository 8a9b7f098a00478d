/**
 * The result of evaluating a contract against its data: plain, serialisable data.
 *
 * Every number that a verdict or an amount depends on is exact decimal text (`DecimalText`);
 * plain `number`s are only used for counts and for durations in whole milliseconds.
 * Local date-times are ISO 8601 with the agreement zone's offset, e.g. `2025-03-01T00:00:00+01:00`.
 */
import type { Comparator, DecimalText, PercentileMethod, SourceLocation, Unit, Window } from './model.js';

/**
 * `in-progress`: the window ends after the as-of instant; it has a value so far (and the budget
 * left), but no verdict and no money yet.
 */
export type Verdict = 'met' | 'breached' | 'not-determined' | 'in-progress';

export interface Report {
    readonly agreement: string;
    /** Absolute path of the `.sla` file. */
    readonly file: string;
    readonly timeZone: string;
    /** The instant the evaluation stands at (local, with offset): `--as-of`, by default now, capped by the term. */
    readonly asOf: string;
    /** The evaluated range after clipping by term and `--from/--to` (local, with offset). */
    readonly range: { readonly start: string; readonly end: string };
    readonly services: readonly ServiceReport[];
    readonly dataSources: readonly DataSourceReport[];
    readonly summary: ReportSummary;
    /** True when any objective is breached in any window: drives a non-zero exit code. */
    readonly breached: boolean;
}

export interface ReportSummary {
    readonly met: number;
    readonly breached: number;
    readonly notDetermined: number;
    /** Windows that end after the as-of instant. */
    readonly inProgress: number;
    /** Total credits/penalties owed per currency code, exact decimal rounded to the minor unit. */
    readonly credits: readonly Money[];
    /** Total rewards owed per currency code (the provider earns these). */
    readonly rewards: readonly Money[];
}

export interface Money {
    readonly amount: DecimalText;
    readonly currency: string;
}

export interface ServiceReport {
    readonly name: string;
    readonly title?: string;
    readonly objectives: readonly ObjectiveReport[];
}

export interface ObjectiveReport {
    readonly name: string;
    readonly title?: string;
    readonly metric: string;
    /** The metric kind, e.g. 'probe-availability', 'aggregate', 'elapsed'. */
    readonly metricKind: string;
    readonly comparator: Comparator;
    readonly threshold: { readonly value: DecimalText; readonly unit: Unit };
    /** Share-of-events form: this share (percent) of events must satisfy `comparator threshold`. */
    readonly share?: DecimalText;
    readonly window: Window;
    /** For percentile metrics: how the percentile was computed. */
    readonly percentileMethod?: PercentileMethod;
    /** The column whose values split the objective into groups (`for each`). */
    readonly groupBy?: string;
    /** Reported only: its windows are in no count of the summary, and it owes nothing. */
    readonly informational?: boolean;
    /** Windows in time order; with `groupBy`, one entry per window and group value. */
    readonly windows: readonly WindowReport[];
    /** Termination rights, one per `terminate` clause on the objective: from which window each exists, per group. */
    readonly terminations?: readonly TerminationReport[];
    /** Notes that apply to the whole objective (e.g. how day/week fees were prorated). */
    readonly notes: readonly string[];
    readonly location: SourceLocation;
}

export interface TerminationReport {
    /** Number of (consecutive) breached windows that give the right. */
    readonly after: number;
    readonly consecutive: boolean;
    /** The first window (label) at whose end the right exists, per group ('' when ungrouped); absent if never. */
    readonly from: readonly { readonly group?: string; readonly window: string; readonly at: string }[];
}

export interface WindowReport {
    /** Human label: `2025-03-14` (day), `2025-W11` (week), `2025-03` (month), `2025-Q1`, `2025`, or `start..end` (rolling). */
    readonly label: string;
    /** Inclusive start, local ISO with offset: of the part of the window inside the evaluated range (term, from/to). */
    readonly start: string;
    /** Exclusive end, local ISO with offset, likewise clipped to the evaluated range. */
    readonly end: string;
    readonly group?: string;
    readonly verdict: Verdict;
    /** Why the verdict is not determined (or other remarks about the measurement). */
    readonly reason?: string;
    /**
     * Measured value as decimal text: exact when it has at most 6 decimals, otherwise rounded half away
     * from zero to 6 (99.899058 for 74225/743); the verdict and the remedies always use the exact value.
     */
    readonly value?: DecimalText;
    readonly unit: Unit;
    /** Share of the expected samples that are present, in percent (decimal text, up to 3 decimals); probe data only. */
    readonly coverage?: DecimalText;
    readonly counts: WindowCounts;
    /**
     * Availability only, in ms: the allowed downtime and how much was used. Contract form: (1 − target) ×
     * window length (99.9 % of a 743-hour month allows 2 674 800 ms); sample form: (1 − target) × counted
     * samples × sample interval.
     */
    readonly downtimeBudgetMs?: number;
    /** In-progress windows: the budget of the whole window less the downtime so far (negative: already exceeded). */
    readonly downtimeBudgetLeftMs?: number;
    readonly downtimeMs?: number;
    /** Time inside exclusions (maintenance, periods, excluded rows), ms. */
    readonly excludedMs?: number;
    readonly breach?: BreachDetail;
    readonly remedies: readonly RemedyOutcome[];
}

export interface WindowCounts {
    /** Rows of the data source that fell in this window (and group) after `where`. */
    readonly rows: number;
    /** Samples/events that entered the measured value. */
    readonly counted: number;
    readonly up?: number;
    readonly down?: number;
    /** Expected samples that had no row (probe data), or events lacking an end. */
    readonly missing?: number;
    /** Rows removed by exclusions. */
    readonly excluded: number;
    /** Sampled sources: rows for a sample slot that already had a row (counted once; a slot with any down row is down). */
    readonly duplicates?: number;
}

export interface BreachDetail {
    /** Instants (local ISO with offset) of the first and last offending rows (down samples, late events, …). */
    readonly first?: string;
    readonly last?: string;
    readonly count: number;
}

export interface RemedyOutcome {
    readonly kind: 'credit' | 'penalty' | 'reward';
    /** Owed amount for this window after caps, rounded once to the currency's minor unit. */
    readonly amount: DecimalText;
    readonly currency: string;
    /** Which tier applied, e.g. 'below 99.0 %', or the rate/per-breach parts applied. */
    readonly basis: string;
    /** Amount before caps, rounded like `amount`. */
    readonly uncapped: DecimalText;
    /** True when a cap reduced the amount. */
    readonly capped: boolean;
    /** Last local date on which the claim may be made. */
    readonly claimBy?: string;
    readonly notes?: readonly string[];
}

export interface DataSourceReport {
    readonly name: string;
    readonly path: string;
    readonly rowsRead: number;
    readonly rowsSkipped: number;
    /** Rows whose instant lies outside the evaluated range (the term, --from/--to) for every objective; absent when none. */
    readonly rowsOutsideRange?: number;
    /** The first few reasons for skipping, with 1-based line numbers. */
    readonly skipped: readonly { readonly line: number; readonly column: number; readonly reason: string }[];
    /** Set when the file could not be read at all (the objectives using it are not determined). */
    readonly error?: string;
    /** What the reader had to assume about the data, such as local times that occur twice. */
    readonly notes?: readonly string[];
    /** How far the data reaches (local, with offset): `complete until`, else its latest instant (plus one sample interval). */
    readonly dataEnd?: string;
}
