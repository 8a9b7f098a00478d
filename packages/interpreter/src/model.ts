/**
 * The resolved contract model: plain data, lowered once from the syntax tree.
 *
 * Every reference is resolved to a name that is unique in its scope (a metric name within its
 * service, a data source name within its agreement), every duration is in milliseconds, and every
 * number that a verdict or an amount depends on is kept as the exact decimal text the contract
 * wrote (e.g. "99.9"), never as a binary float. The evaluator needs nothing but this model and
 * the data files it names.
 */

/** 1-based position of a construct in its `.sla` file, for reports and diagnostics. */
export interface SourceLocation {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
}

/** Exact decimal text such as "99.9", "1240.00" or "0.5". */
export type DecimalText = string;

/** Local calendar date `YYYY-MM-DD` in the agreement's time zone. */
export type LocalDate = string;

/** Local wall-clock time `HH:MM`. */
export type LocalTime = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type PartyRole = 'provider' | 'customer' | 'third-party';
export type AgreementKind = 'service-based' | 'customer-based' | 'multi-level' | 'internal';
export type CalendarUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * Canonical units. Durations are lowered to 'ms', percentages to '%', data rates keep their
 * unit, and a quantity written without a unit is a plain 'count'.
 */
export type Unit = '%' | 'ms' | 'count' | 'business-day' | 'kbps' | 'Mbps' | 'Gbps' | 'KB' | 'MB' | 'GB';

export interface Quantity {
    readonly value: DecimalText;
    readonly unit: Unit;
}

export interface Contract {
    readonly name: string;
    /** Absolute path of the `.sla` file. */
    readonly file: string;
    readonly kind?: AgreementKind;
    readonly version?: string;
    /** IANA time zone in which every window and local time is computed; 'UTC' if not stated. */
    readonly timeZone: string;
    readonly currency?: string;
    /** Inclusive local dates. */
    readonly term?: { readonly start: LocalDate; readonly end: LocalDate };
    readonly reviewEvery?: { readonly count: number; readonly unit: CalendarUnit };
    readonly amendments: readonly Amendment[];
    readonly parties: readonly Party[];
    readonly calendars: readonly Calendar[];
    readonly dataSources: readonly DataSource[];
    readonly services: readonly Service[];
    readonly location: SourceLocation;
}

export interface Amendment {
    readonly name: string;
    readonly effective: LocalDate;
    readonly description?: string;
}

export interface Party {
    readonly name: string;
    readonly title?: string;
    readonly role: PartyRole;
    readonly department: boolean;
}

export interface Calendar {
    readonly name: string;
    /** True for `hours 24x7`: every minute of every day counts. */
    readonly always: boolean;
    readonly hours: readonly CoverageHours[];
    readonly holidays: readonly LocalDate[];
}

export interface CoverageHours {
    readonly days: readonly IsoWeekday[];
    readonly from: LocalTime;
    /** May be earlier than `from`: the span then runs past midnight. */
    readonly to: LocalTime;
}

export type ColumnType = 'time' | 'number' | 'boolean' | 'text' | 'duration';

/** The formats of data files; each is a kind of row source (see sources/registry.ts). */
export type FileFormat = 'csv' | 'ndjson' | 'json';

/** A data file named by `from "PATH"`. */
export interface FileOrigin {
    readonly kind: FileFormat;
    /** The path as written in the contract, relative to the folder of the `.sla` file that declares it. */
    readonly declaredPath: string;
    /**
     * Where the contract writes the path: the `.sla` file that declares the source (its project root
     * bounds what may be read) and the position that refusals point at.
     */
    readonly declaredAt: SourceLocation;
}

/** Where the rows of a data source come from; other kinds of source (a query, a metrics range) join this union. */
export type DataOrigin = FileOrigin;

/** The kinds of row source: the compiler checks that the registry handles each. */
export type SourceKind = DataOrigin['kind'];

export interface DataSource {
    readonly name: string;
    /**
     * How reports and messages name where the rows come from: for a file, its absolute path (the
     * declared path resolved against the folder of the declaring `.sla` file, symlinks not resolved).
     */
    readonly path: string;
    readonly origin: DataOrigin;
    /** Zone for timestamps that carry no offset; without it such a timestamp is an error. */
    readonly timeZone?: string;
    /** Interval that each probe sample stands for. */
    readonly sampleIntervalMs?: number;
    /**
     * Local date or date-time (`YYYY-MM-DD[THH:MM[:SS]]`, agreement zone) up to which the data is
     * complete, whether or not rows reach it: an incident log with no incident in May is complete for May.
     */
    readonly completeUntil?: string;
    readonly columns: readonly Column[];
    readonly location: SourceLocation;
}

export interface Column {
    readonly name: string;
    /** Header of the column in the file (the name unless the contract says otherwise). */
    readonly header: string;
    readonly type: ColumnType;
    readonly unit?: Unit;
    /**
     * An indicator: computed for each row from other columns of the source (`indicator NAME = …`),
     * not read from the file. Its type is 'boolean' or 'number'.
     */
    readonly computed?: Expression;
    readonly location: SourceLocation;
}

/**
 * An expression over the columns of one row (an indicator), or over aggregates of the rows of a
 * time slice. Numbers are exact decimal text, already in the column's terms: `5 %` is 0.05,
 * `300 ms` is 300, `2 h` is 7200000. Booleans are 1 and 0; a value that cannot be known (an empty
 * field, a division by zero) is unknown, and `and`/`or`/`not` treat it as unknown (three-valued).
 */
export type Expression =
    | { readonly kind: 'column'; readonly ref: ColumnRef }
    | { readonly kind: 'number'; readonly value: DecimalText }
    | { readonly kind: 'text'; readonly value: string }
    | { readonly kind: 'boolean'; readonly value: boolean }
    | { readonly kind: 'not'; readonly operand: Expression }
    | { readonly kind: 'negate'; readonly operand: Expression }
    | {
          readonly kind: 'arithmetic';
          readonly operator: '+' | '-' | '*' | '/';
          readonly left: Expression;
          readonly right: Expression;
      }
    | {
          readonly kind: 'compare';
          readonly operator: '>' | '>=' | '<' | '<=' | '=' | '!=';
          readonly left: Expression;
          readonly right: Expression;
      }
    | { readonly kind: 'logic'; readonly operator: 'and' | 'or'; readonly left: Expression; readonly right: Expression }
    | { readonly kind: 'if'; readonly condition: Expression; readonly then: Expression; readonly otherwise: Expression }
    /** Slice expressions only: over the rows of the slice; `of` a column (sum, mean, min, max) or a condition (count, any, all). */
    | { readonly kind: 'aggregate'; readonly function: SliceAggregate; readonly of?: Expression };

export type SliceAggregate = 'sum' | 'mean' | 'min' | 'max' | 'count' | 'any' | 'all';

export interface ColumnRef {
    readonly source: string;
    readonly column: string;
}

export interface Service {
    readonly name: string;
    readonly title?: string;
    readonly fee?: Fee;
    readonly responsibilities: readonly { readonly party: string; readonly duty: string }[];
    readonly reportEvery?: { readonly count: number; readonly unit: CalendarUnit };
    readonly metrics: readonly Metric[];
    readonly objectives: readonly Objective[];
    /** The service's own exclusions followed by the agreement-wide ones. */
    readonly exclusions: readonly Exclusion[];
    readonly remedies: readonly Remedy[];
    readonly terminations: readonly Termination[];
    readonly location: SourceLocation;
}

export interface Fee {
    readonly amount: DecimalText;
    readonly currency: string;
    readonly per: CalendarUnit;
}

export interface Controller {
    readonly role: PartyRole;
    /** Named party, when the contract names one rather than a role. */
    readonly party?: string;
    /** False when the contract does not say; the role then defaults to 'provider'. */
    readonly stated: boolean;
}

export interface Metric {
    readonly name: string;
    readonly title?: string;
    readonly definition: MetricDefinition;
    /** Unit of the measured value: '%' for availability, the column's unit for aggregates, 'ms' for times. */
    readonly unit: Unit;
    readonly controlledBy: Controller;
    readonly location: SourceLocation;
}

export type PercentileMethod = 'linear' | 'nearest-rank';

export type MetricDefinition =
    | {
          readonly kind: 'probe-availability';
          readonly form: 'contract' | 'sample';
          readonly samples: ColumnRef;
          /** How time without a sample counts; 'unknown' keeps it out of both up and down and lowers coverage. */
          readonly missing: 'up' | 'down' | 'excluded' | 'unknown';
      }
    | {
          readonly kind: 'request-availability';
          /** The column counted against the total: good requests, or (with `counts: 'bad'`) failed ones. */
          readonly good: ColumnRef;
          readonly total: ColumnRef;
          /** 'bad': the column counts failures, and availability is 1 − Σ bad / Σ total. */
          readonly counts?: 'good' | 'bad';
      }
    | {
          readonly kind: 'outage-availability';
          readonly start: ColumnRef;
          readonly end: ColumnRef;
          /**
           * The share of users (or of the service) an outage affects: a number column, a fraction
           * 0–1, or a percentage when its unit is %. An outage counts that share of its time; where
           * outages overlap, the largest share counts. Absent: every outage counts in full.
           */
          readonly weight?: ColumnRef;
          /**
           * 'window' (default): downtime over the window's measured time. 'scheduled': over the measured
           * time less the excluded time (scheduled availability, Cloudflare's "Scheduled Availability").
           */
          readonly denominator?: 'window' | 'scheduled';
      }
    | {
          readonly kind: 'aggregate';
          readonly function: 'mean' | 'min' | 'max' | 'sum' | 'percentile';
          /** Percentile rank 0–100 as decimal text, for 'percentile' (median is 50). */
          readonly percentile?: DecimalText;
          readonly method: PercentileMethod;
          readonly column: ColumnRef;
      }
    | {
          readonly kind: 'elapsed';
          readonly start: ColumnRef;
          readonly end: ColumnRef;
          /** Clock runs only inside this calendar's hours. */
          readonly calendar?: string;
          /**
           * Duration column with time the clock is paused (waiting for the customer). Wall-clock time:
           * on a calendar clock it is taken off the calendar's hours as it stands.
           */
          readonly paused?: ColumnRef;
          /** A status-change log that stops the clock while a status holds, on the calendar's hours. */
          readonly pausedWhile?: PauseLog;
      }
    | { readonly kind: 'mttr' | 'mtbf'; readonly start: ColumnRef; readonly end: ColumnRef }
    | { readonly kind: 'count'; readonly source: string }
    | SliceDefinition;

/**
 * A window cut into slices of `sliceMs` (aligned to the window's start). 'good-share': each slice is
 * good or bad by `bad`, bad only in runs of at least `minRun` slices; the value is the share of good
 * slices. 'mean': the value is the mean over the slices of `value` (a fraction shown as a percentage
 * when `percent`). A slice without rows, or whose expression cannot be known, is empty: `empty` says
 * whether it counts as good or bad, with a value, or not at all. A slice that overlaps an exclusion or
 * lies partly outside the measured time does not count.
 */
export type SliceDefinition = {
    readonly kind: 'slices';
    readonly source: string;
    readonly sliceMs: number;
} & (
    | {
          readonly measure: 'good-share';
          readonly bad: Expression;
          readonly minRun: number;
          readonly empty: 'good' | 'bad' | 'excluded';
      }
    | {
          readonly measure: 'mean';
          readonly value: Expression;
          readonly percent: boolean;
          /** Decimal text of the value an empty slice counts with (in the expression's terms), or 'excluded'. */
          readonly empty: DecimalText | 'excluded';
      }
);

/**
 * A status-change log in another data source: rows `key, at, status` say that from `at` on the event
 * `key` has `status`. The clock of an event (whose `eventKey` equals the log's `key`) stops while its
 * status is one of `statuses`.
 */
export interface PauseLog {
    readonly source: string;
    readonly key: ColumnRef;
    readonly eventKey: ColumnRef;
    readonly status: ColumnRef;
    readonly statuses: readonly string[];
}

export type Comparator = '>=' | '>' | '<=' | '<';

/** Windows of calendar units, and clock hours (in the agreement's zone, DST included). */
export type WindowUnit = CalendarUnit | 'hour';

export type Window =
    | {
          readonly kind: 'calendar';
          readonly unit: WindowUnit;
          /** Month windows that start on this day of the month (1–28), for billing cycles: 16 March to 15 April. */
          readonly startDay?: number;
      }
    | { readonly kind: 'rolling'; readonly days: number };

export interface Condition {
    readonly column: ColumnRef;
    readonly operator: '=' | '!=' | 'in' | 'not in';
    /** Literal values as written (strings unquoted, numbers as decimal text, 'true'/'false'). */
    readonly values: readonly string[];
}

/**
 * The instant after a window at which its events are judged: on the `days`-th day (business day on
 * `calendar`) counting the day the window ends on as the first, at local time `at`. "The next
 * business day at 10:00" after a week that ends on Sunday night is Monday 10:00.
 */
export interface CutOff {
    readonly days: number;
    readonly business: boolean;
    readonly at: LocalTime;
    readonly calendar?: string;
}

export interface Objective {
    readonly name: string;
    readonly title?: string;
    /** Name of a metric of the same service. */
    readonly metric: string;
    readonly comparator: Comparator;
    readonly threshold: Quantity;
    /** Share-of-events form: this share of events must satisfy `comparator threshold`. */
    readonly share?: Quantity;
    readonly window: Window;
    readonly where: readonly Condition[];
    /** Only data inside this calendar's hours counts. */
    readonly during?: string;
    readonly groupBy?: ColumnRef;
    readonly baseline?: Quantity;
    /** Minimum coverage in percent below which the verdict is not determined. */
    readonly minimumCoverage?: DecimalText;
    /**
     * A window in which nothing happened (no incident for MTTR or MTBF, no event for a share of
     * events): met, as most contracts read it (the default), or not determined.
     */
    readonly whenNoEvents?: 'met' | 'not-determined';
    /** Reported, but never a breach, never in the exit code, never owed money. */
    readonly informational?: boolean;
    /** Events are judged with what was known at this instant after each window, not at its end. */
    readonly cutOff?: CutOff;
    readonly location: SourceLocation;
}

export type Exclusion =
    | {
          readonly kind: 'maintenance';
          readonly days: readonly IsoWeekday[];
          readonly from: LocalTime;
          /** May be earlier than `from`: the window then runs past midnight. */
          readonly to: LocalTime;
          readonly noticeMs?: number;
          readonly location: SourceLocation;
      }
    | {
          readonly kind: 'period';
          /** Local date-time `YYYY-MM-DDTHH:MM[:SS]` in the agreement's zone; a bare date means its midnight. */
          readonly from: string;
          readonly to: string;
          readonly reason?: string;
          readonly location: SourceLocation;
      }
    | {
          readonly kind: 'cause';
          readonly cause: 'force-majeure' | 'customer-caused' | 'third-party-caused';
          /** Rows matching all conditions are excluded; empty means the clause has no data to act on. */
          readonly where: readonly Condition[];
          readonly location: SourceLocation;
      };

export type Amount =
    | { readonly kind: 'fee-share'; readonly percent: DecimalText }
    | { readonly kind: 'fixed'; readonly value: DecimalText; readonly currency: string };

export interface Tier {
    /** 'below': applies when the measured value is below the threshold (higher is better), 'above' the reverse. */
    readonly direction: 'below' | 'above';
    readonly threshold: Quantity;
    readonly amount: Amount;
    readonly location: SourceLocation;
}

export interface RatePenalty {
    readonly amount: Amount;
    /** Size of one step, e.g. 1 point or 1 hour (in the basis unit: '%' points or ms). */
    readonly step: Quantity;
    /** 'below'/'above': per step the value misses the threshold by; 'downtime': per step of downtime. */
    readonly basis: 'below' | 'above' | 'downtime';
}

export interface Cap {
    readonly amount: Amount;
    readonly per: 'period' | 'month' | 'quarter' | 'year' | 'term';
}

export interface Remedy {
    readonly kind: 'credit' | 'penalty' | 'reward';
    readonly objective: string;
    readonly tiers: readonly Tier[];
    readonly rates: readonly RatePenalty[];
    /** Fixed amounts owed per breached window. */
    readonly perBreach: readonly Amount[];
    readonly caps: readonly Cap[];
    readonly claimWithinMs?: number;
    readonly location: SourceLocation;
}

export interface Termination {
    readonly objective: string;
    readonly count: number;
    readonly consecutive: boolean;
    readonly location: SourceLocation;
}
