/**
 * The planner: turns one objective of a contract into an immutable plan — which source and
 * columns it reads, how rows are placed and filtered, which exclusions apply, whether its rows
 * can be taken in batches — or says why the objective cannot be evaluated.
 */
import type {
    Calendar,
    Column,
    ColumnRef,
    Contract,
    DataSource,
    Exclusion,
    Metric,
    MetricDefinition,
    Objective,
    Service,
} from '../model.js';
import { Rational } from '../rational.js';
import type { Zone } from '../time.js';
import type { MetricKindSpec, Target } from '../kinds/kind.js';
import { kindOf } from '../kinds/registry.js';
import type { EvaluationRange } from './range.js';

type CauseExclusion = Extract<Exclusion, { kind: 'cause' }>;

export interface ObjectivePlan {
    readonly contract: Contract;
    readonly zone: Zone;
    readonly range: EvaluationRange;
    readonly service: Service;
    readonly objective: Objective;
    readonly metric: Metric;
    readonly kind: MetricKindSpec<MetricDefinition>;
    readonly source: DataSource;
    /** The column that places a row in windows. */
    readonly timeColumn: string;
    /** The columns read, and whether an empty field is allowed in each. */
    readonly uses: ReadonlyMap<string, boolean>;
    readonly target: Target;
    /** Maintenance and period exclusions of the service (and the agreement). */
    readonly timeExclusions: readonly Exclusion[];
    /** Cause exclusions whose conditions are about this data source. */
    readonly causeExclusions: readonly CauseExclusion[];
    /** `during` keeps only the rows inside this calendar's hours (row metrics). */
    readonly filtersByDuring: boolean;
    /** The calendar that limits the measured time of each window, if any. */
    readonly measuredCalendar?: Calendar;
    /** N for a rolling window of N days; rows are then kept per local day. */
    readonly rollingDays?: number;
    /** Sampled sources, metrics measured by sample slots: the interval, to measure coverage. */
    readonly slotIntervalMs?: number;
    /** Whether rows can be taken in batches: no conditions, `during` filter or event columns (row checks are the source's). */
    readonly takesBatches: boolean;
    /** The calendar the objective's cut-off counts business days on. */
    readonly cutOffCalendar?: Calendar;
}

/** Builds the plan of one objective, or says why it cannot be evaluated. */
export function planObjective(
    contract: Contract,
    zone: Zone,
    range: EvaluationRange,
    service: Service,
    objective: Objective,
): ObjectivePlan | string {
    const metric = service.metrics.find((m) => m.name === objective.metric);
    if (!metric) return `the metric "${objective.metric}" is not defined in service ${service.name}`;
    const definition = metric.definition;
    const kind = kindOf(definition);
    if (objective.share && !kind.shareOfEvents) {
        return `a share of events ("${objective.share.value} % of …") is defined for elapsed times and column values, not for ${definition.kind} metrics`;
    }
    const columns = kind.columns(definition);
    const refs = columns.map((c) => c.ref);
    const sourceName = kind.sourceName(definition);
    const source = contract.dataSources.find((d) => d.name === sourceName);
    if (!source) return `the data source "${sourceName}" is not declared`;
    const unsupported = unsupportedColumns(objective, source, refs);
    if (unsupported) return unsupported;
    if (kind.needsSampleInterval && !source.sampleIntervalMs) {
        return `the data source ${source.name} declares no sample interval ("every 1 min"), which ${describeKind(definition)} needs`;
    }
    const timeColumn = kind.timeColumn(definition) ?? source.columns.find((c) => c.type === 'time')?.name;
    if (!timeColumn) return `the data source ${source.name} has no time column to place rows in windows`;
    const duringCalendar = objective.during ? contract.calendars.find((c) => c.name === objective.during) : undefined;
    if (objective.during && !duringCalendar) return `the calendar "${objective.during}" is not defined`;
    const lookup = (kind.lookups?.(definition) ?? []).find((ref) => {
        const other = contract.dataSources.find((d) => d.name === ref.source);
        return !other || !columnOf(other, ref.column);
    });
    if (lookup) return `the column ${lookup.source}.${lookup.column} is not declared`;
    const clockCalendar = kind.calendarOf?.(definition);
    if (clockCalendar && !contract.calendars.some((c) => c.name === clockCalendar)) {
        return `the calendar "${clockCalendar}" is not defined`;
    }
    if (objective.threshold.unit === 'business-day' && !(clockCalendar ?? objective.during)) {
        return `a limit in business days needs a calendar: say "on CALENDAR" in the metric or "during CALENDAR"`;
    }
    const cutOff = objective.cutOff;
    const cutOffCalendarName = cutOff?.calendar ?? clockCalendar ?? objective.during;
    const cutOffCalendar = contract.calendars.find((c) => c.name === cutOffCalendarName);
    if (cutOff?.business && !cutOffCalendar) {
        return `the cut-off counts business days but names no calendar ("… business days after … on CALENDAR")`;
    }
    const causeExclusions = service.exclusions.filter(
        (e): e is CauseExclusion =>
            e.kind === 'cause' &&
            e.where.length > 0 &&
            e.where.every((c) => c.column.source === source.name && columnOf(source, c.column.column)),
    );
    const filtersByDuring = objective.during !== undefined && kind.during === 'rows';
    const eventEnd = kind.eventEnd?.(definition);
    return {
        contract,
        zone,
        range,
        service,
        objective,
        metric,
        kind,
        source,
        timeColumn,
        uses: columnsUsed(objective, timeColumn, columns, causeExclusions),
        target: {
            comparator: objective.comparator,
            threshold: Rational.parse(objective.threshold.value),
            share: objective.share ? Rational.parse(objective.share.value) : undefined,
        },
        timeExclusions: service.exclusions.filter((e) => e.kind === 'maintenance' || e.kind === 'period'),
        causeExclusions,
        filtersByDuring,
        measuredCalendar: kind.during === 'rows' || kind.during === 'measured-time' ? duringCalendar : undefined,
        rollingDays: objective.window.kind === 'rolling' ? objective.window.days : undefined,
        slotIntervalMs: kind.coverage === 'sample-slots' ? source.sampleIntervalMs : undefined,
        takesBatches:
            kind.placement === 'instant' &&
            eventEnd === undefined &&
            objective.where.length === 0 &&
            causeExclusions.length === 0 &&
            !filtersByDuring,
        cutOffCalendar,
    };
}

/** Why the objective's columns cannot be read together, or undefined. */
function unsupportedColumns(objective: Objective, source: DataSource, refs: readonly ColumnRef[]): string | undefined {
    const conditions = objective.where.map((c) => c.column);
    const foreign = [...refs, ...conditions, ...(objective.groupBy ? [objective.groupBy] : [])].find(
        (r) => r.source !== source.name,
    );
    if (foreign) {
        return `the objective combines data sources ${source.name} and ${foreign.source}, which is not supported`;
    }
    const missing = [...refs, ...conditions].find((r) => !columnOf(source, r.column));
    return missing ? `the column ${missing.source}.${missing.column} is not declared` : undefined;
}

function describeKind(definition: MetricDefinition): string {
    return definition.kind === 'probe-availability' ? 'probe availability' : `a ${definition.kind} metric`;
}

/**
 * The columns the objective reads, in the order the reader decodes them. A field may be empty
 * only where every use allows it (an open event's end, a `where` column).
 */
function columnsUsed(
    objective: Objective,
    timeColumn: string,
    columns: readonly { readonly ref: ColumnRef; readonly optional: boolean }[],
    causeExclusions: readonly CauseExclusion[],
): Map<string, boolean> {
    const uses = new Map<string, boolean>();
    const use = (column: string, optional: boolean) => uses.set(column, (uses.get(column) ?? true) && optional);
    use(timeColumn, false);
    for (const { ref, optional } of columns) use(ref.column, optional);
    for (const condition of objective.where) use(condition.column.column, true);
    for (const exclusion of causeExclusions) for (const c of exclusion.where) use(c.column.column, true);
    if (objective.groupBy) use(objective.groupBy.column, true);
    return uses;
}

export function columnOf(source: DataSource, name: string): Column | undefined {
    return source.columns.find((c) => c.name === name);
}
