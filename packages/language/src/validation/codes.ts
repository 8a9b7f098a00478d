/**
 * Every diagnostic the SLA validator reports, with its stable code, its severity and what it means.
 * Codes never change once published: quick fixes, CI annotations and users key on them.
 * DIAGNOSTICS.md documents the same table (a test keeps the two in step).
 */
export type DiagnosticSeverity = 'error' | 'warning' | 'hint';

interface DiagnosticKind {
    readonly code: string;
    readonly severity: DiagnosticSeverity;
    readonly description: string;
}

export const Diagnostics = {
    UncontrolledPenalisedMetric: {
        code: 'sla/uncontrolled-penalised-metric',
        severity: 'warning',
        description:
            'A credit or penalty rests on a metric that the customer or a third party controls; the provider cannot be held to it.',
    },
    ImplicitController: {
        code: 'sla/implicit-controller',
        severity: 'hint',
        description: 'A metric does not say who controls it, so it is taken to be the provider.',
    },
    DuplicateName: {
        code: 'sla/duplicate-name',
        severity: 'error',
        description: 'Two declarations of the same kind share a name in the same scope.',
    },
    ColumnOfAnotherSource: {
        code: 'sla/column-of-another-source',
        severity: 'error',
        description: "An objective's `where` or `for each` names a column of a data source its metric does not read.",
    },
    MissingSampleInterval: {
        code: 'sla/missing-sample-interval',
        severity: 'error',
        description: 'Probe availability on a data source that does not say how often it samples (`every 1 min`).',
    },
    CyclicExtends: {
        code: 'sla/cyclic-extends',
        severity: 'error',
        description: 'An agreement extends itself, directly or through others.',
    },
    PercentageOutOfRange: {
        code: 'sla/percentage-out-of-range',
        severity: 'error',
        description: 'A percentage above 100 %.',
    },
    UnitMismatch: {
        code: 'sla/unit-mismatch',
        severity: 'error',
        description:
            'A quantity whose unit does not fit what it measures (a % threshold on a latency, a duration without a time unit, a unit on a count).',
    },
    ComparatorDirection: {
        code: 'sla/comparator-direction',
        severity: 'warning',
        description:
            'The comparator points the wrong way for the metric (availability at most 99.9 %, resolution time at least 2 h).',
    },
    UnknownTimeZone: {
        code: 'sla/unknown-time-zone',
        severity: 'error',
        description: 'A time zone that is not an IANA time zone name.',
    },
    InvalidDate: {
        code: 'sla/invalid-date',
        severity: 'error',
        description: 'A date that does not exist in the calendar (2025-02-30).',
    },
    InvalidTime: {
        code: 'sla/invalid-time',
        severity: 'error',
        description: 'A time of day that does not exist (25:00, 08:60); 24:00 is allowed only as the end of a range.',
    },
    EndBeforeStart: {
        code: 'sla/end-before-start',
        severity: 'error',
        description: 'A term or excluded period that ends before it starts.',
    },
    UnknownAggregateFunction: {
        code: 'sla/unknown-aggregate-function',
        severity: 'error',
        description:
            'An aggregate that is neither mean, median, min, max, sum nor a percentile p0 < N < p100 (p95, p99.9).',
    },
    InvalidCurrency: {
        code: 'sla/invalid-currency',
        severity: 'error',
        description: 'A currency code that is not three upper-case letters (ISO 4217 style, e.g. EUR).',
    },
    CurrencyMismatch: {
        code: 'sla/currency-mismatch',
        severity: 'warning',
        description: "A fee or fixed amount in another currency than the agreement's.",
    },
    OverlappingTiers: {
        code: 'sla/overlapping-tiers',
        severity: 'warning',
        description: 'Two tiers of one remedy start at the same threshold, so which one applies is ambiguous.',
    },
    TierPaysLessForWorse: {
        code: 'sla/tier-pays-less-for-worse',
        severity: 'warning',
        description: 'A tier for worse service pays less than a tier for better service.',
    },
    TierGap: {
        code: 'sla/tier-gap',
        severity: 'warning',
        description:
            "The first tier starts beyond the objective's threshold, leaving a band of misses that owes nothing.",
    },
    CapBelowTier: {
        code: 'sla/cap-below-tier',
        severity: 'warning',
        description: 'A cap is lower than a tier it caps, so that tier can never be paid in full.',
    },
    UnresolvableTarget: {
        code: 'sla/unresolvable-target',
        severity: 'warning',
        description:
            'An availability target allows less downtime per window than one sample interval of its data: a single missed sample breaches it.',
    },
    ServiceWithoutObjective: {
        code: 'sla/service-without-objective',
        severity: 'warning',
        description: 'A service promises nothing measurable.',
    },
    TooManyMetrics: {
        code: 'sla/too-many-metrics',
        severity: 'hint',
        description: 'A service with more than 10 metrics; nobody will read all of them.',
    },
    FeeShareWithoutFee: {
        code: 'sla/fee-share-without-fee',
        severity: 'error',
        description: 'A remedy pays a % of the fee in a service that has no fee.',
    },
    ColumnTypeMismatch: {
        code: 'sla/column-type-mismatch',
        severity: 'error',
        description:
            'A metric reads a column of the wrong type (availability needs boolean samples, aggregates numbers or durations, elapsed times time columns).',
    },
    MissingForceMajeure: {
        code: 'sla/missing-force-majeure',
        severity: 'hint',
        description: 'An external agreement without a force-majeure exclusion.',
    },
    MissingDataFile: {
        code: 'sla/missing-data-file',
        severity: 'error',
        description: 'A data source names a file that does not exist.',
    },
    MissingColumn: {
        code: 'sla/missing-column',
        severity: 'error',
        description: "A declared column is not in the data file's header.",
    },
    AmbiguousColumn: {
        code: 'sla/ambiguous-column',
        severity: 'error',
        description: "The data file's header names a declared column more than once.",
    },
    DataFileRefused: {
        code: 'sla/data-file-refused',
        severity: 'error',
        description:
            'A data source names a file outside the project (symlinks resolved) or no regular file (a directory, pipe, device, or a file of /proc, /sys or /dev).',
    },
    MalformedDataHeader: {
        code: 'sla/malformed-data-header',
        severity: 'error',
        description:
            "The data file's header cannot be read: an empty file, binary data, or lines that end with a CR alone.",
    },
    ExpressionType: {
        code: 'sla/expression-type',
        severity: 'error',
        description:
            'An expression (an indicator or a slice metric) gives an operator what it does not work on: text in arithmetic, a number where a condition belongs, a column of a slice without an aggregate, an aggregate in an indicator.',
    },
    IndicatorCycle: {
        code: 'sla/indicator-cycle',
        severity: 'error',
        description: 'An indicator is computed from itself, directly or through other indicators.',
    },
    EmptySliceRule: {
        code: 'sla/empty-slice-rule',
        severity: 'error',
        description:
            'An empty-slice rule that does not fit the metric: good or bad for a mean of slice values, a value for good and bad slices.',
    },
    NonPositiveDuration: {
        code: 'sla/non-positive-duration',
        severity: 'error',
        description:
            'A length that must be more than zero is zero: a sample interval, a slice, a run of slices, a cut-off day.',
    },
    InvalidStartDay: {
        code: 'sla/invalid-start-day',
        severity: 'error',
        description: 'A window that starts on a day of the month is a month window starting on day 1 to 28.',
    },
    BusinessDaysNeedCalendar: {
        code: 'sla/business-days-need-calendar',
        severity: 'error',
        description:
            'A limit in business days is for elapsed times on a calendar (`on CALENDAR` or `during CALENDAR`); business days mean nothing elsewhere.',
    },
    WallClockPause: {
        code: 'sla/wall-clock-pause',
        severity: 'warning',
        description:
            'A waiting-time column (`excluding`) on a business-hours clock takes wall-clock time off business time; a status-change log (`paused while`) pauses the clock exactly.',
    },
    AggregateInShare: {
        code: 'sla/aggregate-in-share',
        severity: 'warning',
        description:
            "A share of events over an aggregate metric compares each row's value with the threshold; the metric's aggregate (max, p95, mean…) is not used.",
    },
} as const satisfies Record<string, DiagnosticKind>;

/** The codes alone, for `accept(..., { code: Codes.X })` and for matching diagnostics in code actions. */
export const Codes = Object.fromEntries(Object.entries(Diagnostics).map(([key, kind]) => [key, kind.code])) as {
    readonly [K in keyof typeof Diagnostics]: (typeof Diagnostics)[K]['code'];
};
