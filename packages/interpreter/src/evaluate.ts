/**
 * Evaluates a contract against its data: every data source is read once, in a stream, and each
 * row is handed to the objectives that measure it; each objective keeps state per window and
 * group only, and turns it into verdicts, values and remedies at the end.
 */
import type { Column, Contract, DataSource, Exclusion, Metric, Objective, Service, Termination } from './model.js';
import type {
    DataSourceReport,
    Money,
    ObjectiveReport,
    Report,
    ServiceReport,
    TerminationReport,
    Verdict,
    WindowReport,
} from './report.js';
import {
    eachRow,
    scannerFor,
    type FieldSpec,
    type ReaderThread,
    type Row,
    type RowBatch,
    type ScanResult,
    type ScanTuning,
} from './sources/index.js';
import { DataError } from './data-error.js';
import { compileConditions, type RowPredicate, type SlotResolver } from './conditions.js';
import { IntervalCursor, calendarIntervals, exclusionIntervals, intersect, totalLength } from './intervals.js';
import {
    aggregateKernel,
    countKernel,
    elapsedKernel,
    outageKernel,
    percentileMethodOf,
    probeKernel,
    repairKernel,
    requestKernel,
    satisfies,
    type GroupState,
    type Kernel,
    type Measurement,
    type Target,
    type WindowFrame,
} from './metrics.js';
import { SlotMarks } from './slots.js';
import { decimalBeside } from './display.js';
import { rowCheckFor, type RowCheck } from './row-checks.js';
import { Rational } from './rational.js';
import { applyRemedies, termDays, type RemedyWindow } from './remedies.js';
import { SpanLocator, Zone, formatDay, isKnownZone, parseDay, type Span } from './time.js';
import { TimestampParser } from './values.js';
import { formatMoney } from './money.js';

export interface EvaluationOptions {
    /** Local date `YYYY-MM-DD` (its midnight in the agreement's zone) or ISO instant: evaluate from here on. */
    readonly from?: string;
    /** Local date or ISO instant: evaluate up to here (exclusive). */
    readonly to?: string;
    /** Count and report malformed rows instead of failing with a DataError. */
    readonly skipBadRows?: boolean;
    /** Folders outside the project whose data files may be read too (the CLI's --allow-read). */
    readonly allowRead?: readonly string[];
    /**
     * A thread for reading: large data files (8 MiB and more) are then decoded on it while this
     * thread evaluates. Without it, one thread does both.
     */
    readonly readerThread?: ReaderThread;
}

interface Range {
    readonly start: number;
    readonly end: number;
    readonly explicitStart: boolean;
    readonly explicitEnd: boolean;
    /** The agreement's term alone (±Infinity without one): windows cut by it are measured over the covered part. */
    readonly termStart: number;
    readonly termEnd: number;
}

const NO_GROUP = -1;
const NOT_INTERNED = -2;

/** Row metrics whose coverage is measured by distinct sample slots (probe availability keeps its own slots). */
const SLOT_COVERAGE_KINDS = new Set(['aggregate', 'request-availability', 'count']);

/** A guard against a range of centuries: at most this many windows are reported per objective. */
const MAX_WINDOWS = 100_000;

export async function evaluate(
    contract: Contract,
    options: EvaluationOptions = {},
    tuning: ScanTuning = {},
): Promise<Report> {
    for (const name of [contract.timeZone, ...contract.dataSources.map((d) => d.timeZone)]) {
        if (name !== undefined && !isKnownZone(name))
            throw new RangeError(`unknown IANA time zone "${name}"; use a name such as "Europe/Berlin"`);
    }
    const zone = new Zone(contract.timeZone);
    const range = evaluationRange(contract, zone, options);
    const runs: ObjectiveRun[] = [];
    const objectiveReports = new Map<Objective, () => ObjectiveReport>();
    for (const service of contract.services) {
        for (const objective of service.objectives) {
            const planned = planObjective(contract, zone, range, service, objective);
            if (typeof planned === 'string')
                objectiveReports.set(objective, () => unsupportedReport(zone, range, service, objective, planned));
            else {
                runs.push(planned);
                objectiveReports.set(objective, () =>
                    planned.failure
                        ? unsupportedReport(zone, range, service, objective, planned.failure)
                        : planned.finish(),
                );
            }
        }
    }
    const dataSources: DataSourceReport[] = [];
    for (const source of contract.dataSources) {
        const sourceRuns = runs.filter((r) => r.source === source);
        if (sourceRuns.length === 0) {
            dataSources.push({ name: source.name, path: source.path, rowsRead: 0, rowsSkipped: 0, skipped: [] });
            continue;
        }
        try {
            dataSources.push({
                name: source.name,
                path: source.path,
                ...(await readSource(source, sourceRuns, options, tuning)),
            });
        } catch (error) {
            // Lenient mode (the editor): a file that cannot be read at all leaves its objectives undetermined.
            if (!(error instanceof DataError) || !options.skipBadRows) throw error;
            dataSources.push({
                name: source.name,
                path: source.path,
                rowsRead: 0,
                rowsSkipped: 0,
                skipped: [],
                error: error.message,
            });
            for (const run of sourceRuns)
                run.failure = `the data source ${source.name} could not be read: ${error.message}`;
        }
    }
    const horizon = Math.max(-Infinity, ...runs.map((r) => r.latestInstant()));
    for (const run of runs) run.agreementHorizon = horizon;
    const services: ServiceReport[] = contract.services.map((service) => ({
        name: service.name,
        title: service.title,
        objectives: service.objectives.map((o) => objectiveReports.get(o)!()),
    }));
    return assembleReport(contract, zone, services, dataSources);
}

/**
 * Reads a data source once for all its objectives. Percentile windows whose values were released
 * before all their rows had arrived (the file is not in time order) are then read again: a second
 * pass for those windows only, which keep their values to the end. It decodes the same columns, so
 * it accepts and skips exactly the rows the first pass did.
 */
async function readSource(
    source: DataSource,
    runs: readonly ObjectiveRun[],
    options: EvaluationOptions,
    tuning: ScanTuning,
): Promise<ScanResult> {
    const fields = fieldsOf(source, runs);
    const slotOf = new Map(fields.map((f, slot) => [f.column.name, slot]));
    const resolve: SlotResolver = (name) => ({ column: columnOf(source, name)!, slot: slotOf.get(name)! });
    for (const run of runs) run.bind(resolve, options.skipBadRows ?? false);
    const scan = await scannerOf(source, options, tuning);
    const result = await scan(
        fields,
        (row) => {
            for (const run of runs) run.onRow(row);
        },
        batchFeed(runs),
    );
    const late = runs.filter((run) => run.beginSecondPass());
    if (late.length > 0) {
        await scan(fields, (row) => {
            for (const run of late) run.onRowAgain(row);
        });
    }
    return withRejectedRows(result, runs);
}

/**
 * Hands a batch of rows whole to the runs that take batches, and row by row (each row made once)
 * to the others.
 */
function batchFeed(runs: readonly ObjectiveRun[]): (batch: RowBatch) => void {
    const batchRuns = runs.filter((run) => run.takesBatches);
    const rowRuns = runs.filter((run) => !run.takesBatches);
    const toRowRuns = eachRow((row) => {
        for (const run of rowRuns) run.onRow(row);
    });
    return (batch) => {
        for (const run of batchRuns) run.onBatch(batch);
        if (rowRuns.length > 0) toRowRuns(batch);
    };
}

/**
 * The columns the objectives read. A field may be empty only when every objective reading it allows
 * that (an open ticket's end, a `where` column): a row with an empty field that one objective needs
 * is malformed for all, as a row with an unreadable value is.
 */
function fieldsOf(source: DataSource, runs: readonly ObjectiveRun[]): FieldSpec[] {
    const optional = new Map<string, boolean>();
    for (const run of runs) {
        for (const [name, isOptional] of run.uses) optional.set(name, (optional.get(name) ?? true) && isOptional);
    }
    return [...optional].map(([name, isOptional]) => ({ column: columnOf(source, name)!, optional: isOptional }));
}

/**
 * Reads a source with `onRow`, or, where rows arrive in batches (from the reader thread), with
 * `onBatch` (by default `onRow` for each row of the batch).
 */
type Scanner = (
    fields: readonly FieldSpec[],
    onRow: (row: Row) => void,
    onBatch?: (batch: RowBatch) => void,
) => Promise<ScanResult>;

/** How the source is read, decided once for both passes: on the reader thread when the file is large. */
function scannerOf(source: DataSource, options: EvaluationOptions, tuning: ScanTuning): Promise<Scanner> {
    return scannerFor(source, options, tuning);
}

/** Adds the rows that objectives rejected as impossible (skipBadRows) to the reader's skipped rows, once per line. */
function withRejectedRows(result: ScanResult, runs: readonly ObjectiveRun[]): ScanResult {
    const rejected = new Map<number, DataError>();
    for (const run of runs) for (const [line, error] of run.rejectedRows) rejected.set(line, error);
    if (rejected.size === 0) return result;
    const skipped = [...result.skipped];
    for (const error of [...rejected.values()].sort((a, b) => a.line - b.line)) {
        if (skipped.length < MAX_REJECTED_REASONS)
            skipped.push({ line: error.line, column: error.column, reason: error.reason });
    }
    return { ...result, rowsSkipped: result.rowsSkipped + rejected.size, skipped };
}

const MAX_REJECTED_REASONS = 10;

/** The reader reuses its row: a row kept for later is copied. */
function copyRow(row: Row): Row {
    return { line: row.line, values: row.values.slice(), texts: [...row.texts], ids: row.ids.slice() };
}

function columnOf(source: DataSource, name: string): Column | undefined {
    return source.columns.find((c) => c.name === name);
}

function evaluationRange(contract: Contract, zone: Zone, options: EvaluationOptions): Range {
    const term = termDays(contract.term);
    const termStart = term ? zone.startOfDay(term.first) : -Infinity;
    const termEnd = term ? zone.startOfDay(term.end) : Infinity;
    let start = termStart;
    let end = termEnd;
    if (options.from) start = Math.max(start, instantOption(zone, options.from, 'from'));
    if (options.to) end = Math.min(end, instantOption(zone, options.to, 'to'));
    return {
        start,
        end,
        explicitStart: options.from !== undefined,
        explicitEnd: options.to !== undefined,
        termStart,
        termEnd,
    };
}

function instantOption(zone: Zone, text: string, name: string): number {
    const day = parseDay(text);
    if (day !== undefined) return zone.startOfDay(day);
    const instant = new TimestampParser(undefined).parseText(text);
    if (Number.isNaN(instant)) {
        throw new RangeError(
            `--${name}: expected a local date YYYY-MM-DD or an ISO instant with offset, found "${text}"`,
        );
    }
    return instant;
}

/** Builds the run of one objective, or says why it cannot be evaluated. */
function planObjective(
    contract: Contract,
    zone: Zone,
    range: Range,
    service: Service,
    objective: Objective,
): ObjectiveRun | string {
    const metric = service.metrics.find((m) => m.name === objective.metric);
    if (!metric) return `the metric "${objective.metric}" is not defined in service ${service.name}`;
    const definition = metric.definition;
    if (objective.share && definition.kind !== 'aggregate' && definition.kind !== 'elapsed') {
        return `a share of events ("${objective.share.value} % of …") is defined for elapsed times and column values, not for ${definition.kind} metrics`;
    }
    const refs = metricColumns(metric);
    const sourceName = definition.kind === 'count' ? definition.source : refs[0]?.source;
    const source = contract.dataSources.find((d) => d.name === sourceName);
    if (!source) return `the data source "${sourceName}" is not declared`;
    const foreign = [
        ...refs,
        ...objective.where.map((c) => c.column),
        ...(objective.groupBy ? [objective.groupBy] : []),
    ].find((r) => r.source !== source.name);
    if (foreign)
        return `the objective combines data sources ${source.name} and ${foreign.source}, which is not supported`;
    const missingColumn = [...refs, ...objective.where.map((c) => c.column)].find((r) => !columnOf(source, r.column));
    if (missingColumn) return `the column ${missingColumn.source}.${missingColumn.column} is not declared`;
    if (definition.kind === 'probe-availability' && !source.sampleIntervalMs) {
        return `the data source ${source.name} declares no sample interval ("every 1 min"), which probe availability needs`;
    }
    const timeColumn =
        definition.kind === 'outage-availability' ||
        definition.kind === 'elapsed' ||
        definition.kind === 'mttr' ||
        definition.kind === 'mtbf'
            ? definition.start.column
            : source.columns.find((c) => c.type === 'time')?.name;
    if (!timeColumn) return `the data source ${source.name} has no time column to place rows in windows`;
    const calendar = objective.during ? contract.calendars.find((c) => c.name === objective.during) : undefined;
    if (objective.during && !calendar) return `the calendar "${objective.during}" is not defined`;
    if (
        definition.kind === 'elapsed' &&
        definition.calendar &&
        !contract.calendars.some((c) => c.name === definition.calendar)
    ) {
        return `the calendar "${definition.calendar}" is not defined`;
    }
    return new ObjectiveRun(contract, zone, range, service, objective, metric, source, timeColumn);
}

function metricColumns(metric: Metric) {
    const d = metric.definition;
    switch (d.kind) {
        case 'probe-availability':
            return [d.samples];
        case 'request-availability':
            return [d.good, d.total];
        case 'outage-availability':
        case 'mttr':
        case 'mtbf':
            return [d.start, d.end];
        case 'aggregate':
            return [d.column];
        case 'elapsed':
            return d.paused ? [d.start, d.end, d.paused] : [d.start, d.end];
        case 'count':
            return [];
    }
}

interface FrameState {
    readonly frame: WindowFrame;
    readonly groups: Map<string, GroupState<unknown>>;
    /** The same states by the reader's id of the group's text (`Row.ids`): no string hashing per row. */
    readonly byGroupId: (GroupState<unknown> | undefined)[];
    /** Lookups in the frame's measured time and exclusions. */
    readonly inMeasured: IntervalCursor;
    readonly inExclusion: IntervalCursor;
    compacted: boolean;
    /** Rows arrived after the window's values were released: the window is read again in a second pass. */
    late: boolean;
}

class ObjectiveRun {
    /** Column names this run reads, and whether an empty field is allowed. */
    readonly uses = new Map<string, boolean>();
    /** Set when the data source could not be read: the objective is then not determined. */
    failure: string | undefined;
    /** Rows the metric cannot accept (ok > total, end before start), by line, when skipping bad rows. */
    readonly rejectedRows = new Map<number, DataError>();
    private rowCheck: RowCheck | undefined;
    /** Elapsed times: the end column, and the latest end seen (with the latest start, how far the data reaches). */
    private eventEndSlot: number | undefined;
    private latestEnd = -Infinity;
    /** With an open range: the latest instant in any data the agreement's objectives read (set before `finish`). */
    agreementHorizon = -Infinity;
    private readonly openOutageRows: { row: Row; t: number }[] = [];
    private openOutagesUntil: number | undefined;
    private skipBadRows = false;
    private readonly locator: SpanLocator;
    private readonly frames = new Map<number, FrameState>();
    private readonly timeExclusions: readonly Exclusion[];
    private readonly causeExclusions: readonly Exclusion[];
    private readonly target: Target;
    private kernel!: Kernel<unknown>;
    private timeSlot = 0;
    private endSlot: number | undefined;
    private groupSlot: { slot: number; text: boolean } | undefined;
    /** For the per-row path: the slot whose `Row.ids` names the group, or NO_GROUP / NOT_INTERNED. */
    private groupIdSlot = NO_GROUP;
    private checksExclusions = false;
    private keepsValues = false;
    /** Whether `onBatch` can take this run's rows: rows with no checks, conditions or event columns (see `bind`). */
    takesBatches = false;
    /** Sampled sources, metrics other than probes: the sample interval, to measure coverage by distinct slots. */
    private slotIntervalMs: number | undefined;
    private where: RowPredicate | undefined;
    private excludedByCause: RowPredicate | undefined;
    private minTime = Infinity;
    private maxTime = -Infinity;
    private newestStart = -Infinity;
    private readonly groups = new Set<string>();
    /** `during` keeps only rows inside the calendar's hours — for row metrics; events run their clock on it instead. */
    private readonly filtersByDuring: boolean;
    /** N for a rolling window of N days; rows are then kept per local day. */
    private readonly rollingDays: number | undefined;
    /** The frame of the last row's window: ordered data finds it without a map lookup. */
    private lastSpan: Span | undefined;
    private lastFrame: FrameState | undefined;
    /** The frame rows went to before the newest frame was opened: its group sizes predict the new one's. */
    private frameBefore: FrameState | undefined;

    constructor(
        private readonly contract: Contract,
        private readonly zone: Zone,
        private readonly range: Range,
        private readonly service: Service,
        private readonly objective: Objective,
        private readonly metric: Metric,
        readonly source: DataSource,
        private readonly timeColumn: string,
    ) {
        this.locator = new SpanLocator(zone, objective.window.kind === 'calendar' ? objective.window.unit : 'day');
        this.rollingDays = objective.window.kind === 'rolling' ? objective.window.days : undefined;
        const kind = metric.definition.kind;
        this.filtersByDuring =
            objective.during !== undefined &&
            kind !== 'outage-availability' &&
            kind !== 'elapsed' &&
            kind !== 'mttr' &&
            kind !== 'mtbf';
        this.timeExclusions = service.exclusions.filter((e) => e.kind === 'maintenance' || e.kind === 'period');
        // A cause exclusion acts on the rows of the data source its conditions name.
        this.causeExclusions = service.exclusions.filter(
            (e) =>
                e.kind === 'cause' &&
                e.where.length > 0 &&
                e.where.every((c) => c.column.source === source.name && columnOf(source, c.column.column)),
        );
        this.target = {
            comparator: objective.comparator,
            threshold: Rational.parse(objective.threshold.value),
            share: objective.share ? Rational.parse(objective.share.value) : undefined,
        };
        // The end of an event may be empty (still open), and so may the paused time.
        const d = metric.definition;
        const mayBeEmpty = new Set<string>();
        if (d.kind === 'outage-availability' || d.kind === 'elapsed' || d.kind === 'mttr' || d.kind === 'mtbf')
            mayBeEmpty.add(d.end.column);
        if (d.kind === 'elapsed' && d.paused) mayBeEmpty.add(d.paused.column);
        this.use(timeColumn, false);
        for (const ref of metricColumns(metric)) this.use(ref.column, mayBeEmpty.has(ref.column));
        for (const condition of objective.where) this.use(condition.column.column, true);
        for (const exclusion of this.causeExclusions) {
            if (exclusion.kind === 'cause') for (const c of exclusion.where) this.use(c.column.column, true);
        }
        if (objective.groupBy) this.use(objective.groupBy.column, true);
    }

    private use(column: string, optional: boolean): void {
        this.uses.set(column, (this.uses.get(column) ?? true) && optional);
    }

    /** Learns the row slots of the columns and builds the metric kernel. */
    bind(resolve: SlotResolver, skipBadRows: boolean): void {
        this.timeSlot = resolve(this.timeColumn).slot;
        this.rowCheck = rowCheckFor(this.metric.definition, this.source, resolve);
        this.skipBadRows = skipBadRows;
        this.where = compileConditions(this.objective.where, resolve);
        const causes = this.causeExclusions.map((e) => compileConditions(e.kind === 'cause' ? e.where : [], resolve)!);
        this.excludedByCause = causes.length === 0 ? undefined : (row) => causes.some((c) => c(row));
        if (this.objective.groupBy) {
            const { column, slot } = resolve(this.objective.groupBy.column);
            this.groupSlot = { slot, text: column.type === 'text' };
        }
        this.kernel = this.makeKernel(resolve) as Kernel<unknown>;
        this.groupIdSlot = !this.groupSlot ? NO_GROUP : this.groupSlot.text ? this.groupSlot.slot : NOT_INTERNED;
        this.checksExclusions = this.kernel.timeExclusions && this.timeExclusions.length > 0;
        this.keepsValues = this.kernel.compact !== undefined;
        this.slotIntervalMs = SLOT_COVERAGE_KINDS.has(this.metric.definition.kind)
            ? this.source.sampleIntervalMs
            : undefined;
        this.takesBatches =
            this.rowCheck === undefined &&
            this.where === undefined &&
            this.excludedByCause === undefined &&
            !this.filtersByDuring &&
            this.endSlot === undefined &&
            this.eventEndSlot === undefined;
    }

    private makeKernel(resolve: SlotResolver): Kernel<never> {
        const d = this.metric.definition;
        const slot = (ref: { column: string }) => resolve(ref.column).slot;
        switch (d.kind) {
            case 'probe-availability':
                return probeKernel(d, slot(d.samples), this.source.sampleIntervalMs!, this.target) as Kernel<never>;
            case 'request-availability':
                return requestKernel(slot(d.good), slot(d.total)) as Kernel<never>;
            case 'outage-availability':
                this.endSlot = slot(d.end);
                return outageKernel(slot(d.start), slot(d.end), (start) => this.openOutageEnd(start)) as Kernel<never>;
            case 'aggregate':
                return aggregateKernel(d, slot(d.column), this.target) as Kernel<never>;
            case 'elapsed': {
                const calendarName = d.calendar ?? this.objective.during;
                const calendar = calendarName
                    ? this.contract.calendars.find((c) => c.name === calendarName)
                    : undefined;
                this.eventEndSlot = slot(d.end);
                return elapsedKernel(
                    slot(d.start),
                    slot(d.end),
                    d.paused ? slot(d.paused) : undefined,
                    { zone: this.zone, calendar },
                    this.target,
                    () => this.dataHorizon(),
                ) as Kernel<never>;
            }
            case 'mttr':
            case 'mtbf':
                return repairKernel(d.kind, slot(d.start), slot(d.end)) as Kernel<never>;
            case 'count':
                return countKernel() as Kernel<never>;
        }
    }

    /** Spans (by start) of the windows read again in the second pass. */
    private readAgain: Set<number> | undefined;
    /** How many windows were read in a second pass, for the report's notes. */
    private windowsReadAgain = 0;

    /** After the first pass: starts the late windows over for a second one; false when none is late. */
    beginSecondPass(): boolean {
        const late = [...this.frames.values()].filter((state) => state.late).map((state) => state.frame.span);
        if (late.length === 0) return false;
        this.readAgain = new Set(late.map((span) => span.start));
        this.windowsReadAgain = late.length;
        for (const span of late) this.frames.set(span.start, this.emptyFrame(span));
        this.lastSpan = undefined;
        this.lastFrame = undefined;
        this.frameBefore = undefined;
        return true;
    }

    /**
     * A row in the second pass: only the windows being read again take it, with the filters of the
     * first pass. No window is opened (so none is released), and the range seen is already known.
     */
    onRowAgain(row: Row): void {
        if (this.rowCheck !== undefined && !this.accepts(row)) return;
        const t = row.values[this.timeSlot];
        if (!(t >= this.range.start && t < this.range.end)) return;
        if (this.where && !this.where(row)) return;
        const span = this.locator.at(t);
        if (this.readAgain!.has(span.start)) this.addTo(span, row, t);
    }

    onRow(row: Row): void {
        if (this.rowCheck !== undefined && !this.accepts(row)) return;
        const t = row.values[this.timeSlot];
        if (this.endSlot !== undefined) {
            this.onOutage(row, t);
            return;
        }
        if (!(t >= this.range.start && t < this.range.end)) return;
        if (t < this.minTime) this.minTime = t;
        if (t > this.maxTime) this.maxTime = t;
        if (this.eventEndSlot !== undefined && row.values[this.eventEndSlot] > this.latestEnd)
            this.latestEnd = row.values[this.eventEndSlot];
        if (this.where && !this.where(row)) return;
        this.addTo(this.locator.at(t), row, t);
    }

    /** `onRow` for each row of the batch, read where it lies: for runs that `takesBatches`. */
    onBatch(batch: RowBatch): void {
        const { values, ids, stride } = batch;
        const { start: rangeStart, end: rangeEnd } = this.range;
        const timeSlot = this.timeSlot;
        let { minTime, maxTime } = this;
        for (let r = batch.start; r < batch.end; r++) {
            const at = r * stride;
            const t = values[at + timeSlot];
            if (!(t >= rangeStart && t < rangeEnd)) continue;
            if (t < minTime) minTime = t;
            if (t > maxTime) maxTime = t;
            const state = this.frameFor(this.locator.at(t));
            const id = this.groupIdAt(ids, at);
            const groupState =
                this.knownGroupState(state, id) ?? this.groupStateNamed(state, id, this.groupAt(batch, r));
            this.addToGroup(state, groupState, values, at, t, undefined);
        }
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    private accepts(row: Row): boolean {
        const error = this.rowCheck!(row);
        if (!error) return true;
        if (!this.skipBadRows) throw error;
        this.rejectedRows.set(row.line, error);
        return false;
    }

    /** An outage counts in every window it overlaps, also when it started before the evaluated range. */
    private onOutage(row: Row, t: number): void {
        const endValue = row.values[this.endSlot!];
        const end = Math.min(Number.isNaN(endValue) ? this.openOutageEnd(t) : endValue, this.range.end);
        const start = Math.max(t, this.range.start);
        if (!(end > start)) return;
        if (start < this.minTime) this.minTime = start;
        if (end - 1 > this.maxTime) this.maxTime = end - 1;
        if (this.where && !this.where(row)) return;
        if (Number.isNaN(endValue) && !Number.isFinite(this.range.end))
            this.openOutageRows.push({ row: copyRow(row), t });
        let span = this.locator.at(start);
        this.addTo(span, row, t);
        while (span.end < end) {
            span = this.locator.next(span);
            this.addTo(span, row, t);
        }
    }

    /**
     * An outage without an end lasts to the end of the evaluated range, or, when the range is open,
     * to the end of the window holding the latest instant in the agreement's data (see
     * `extendOpenOutages`; while reading, to the end of the window it started in).
     */
    private openOutageEnd(start: number): number {
        if (Number.isFinite(this.range.end)) return this.range.end;
        return this.openOutagesUntil ?? this.locator.at(start).end;
    }

    /** With an open range, carries outages without an end into the windows up to the agreement's data horizon. */
    private extendOpenOutages(): void {
        if (this.openOutageRows.length === 0 || !Number.isFinite(this.agreementHorizon)) return;
        const until = this.locator.at(this.agreementHorizon).end;
        this.openOutagesUntil = until;
        for (const { row, t } of this.openOutageRows) {
            for (let span = this.locator.at(Math.max(t, this.range.start)); span.end < until;) {
                span = this.locator.next(span);
                this.addTo(span, row, t);
            }
        }
        this.openOutageRows.length = 0;
        this.maxTime = Math.max(this.maxTime, until - 1);
    }

    /** The latest instant this objective saw in its data (starts and ends). */
    latestInstant(): number {
        return Math.max(this.maxTime, this.latestEnd);
    }

    /** The instant at which open events are judged: the end of the evaluated range, or the latest instant in the agreement's data. */
    private dataHorizon(): number {
        return Number.isFinite(this.range.end) ? this.range.end : Math.max(this.latestInstant(), this.agreementHorizon);
    }

    private addTo(span: Span, row: Row, t: number): void {
        const state = this.frameFor(span);
        if (this.filtersByDuring && !state.inMeasured.contains(t)) return;
        const id = this.groupIdAt(row.ids, 0);
        const groupState = this.knownGroupState(state, id) ?? this.groupStateNamed(state, id, this.groupOf(row));
        this.addToGroup(state, groupState, row.values, 0, t, row);
    }

    /** The row's values are `values[at + slot]`; `row` is needed for cause exclusions only (the batch path has none). */
    private addToGroup(
        state: FrameState,
        groupState: GroupState<unknown>,
        values: Float64Array,
        at: number,
        t: number,
        row: Row | undefined,
    ): void {
        groupState.rows++;
        // Time exclusions first: a row in maintenance is excluded time already, whatever its cause.
        if (this.checksExclusions && state.inExclusion.contains(t)) {
            groupState.excluded++;
            this.kernel.addExcluded?.(groupState.data, values, at, t);
            return;
        }
        if (row && this.excludedByCause?.(row)) {
            groupState.excluded++;
            groupState.causeExcluded++;
            groupState.slots?.mark(t, 1);
            return;
        }
        if (state.compacted && this.keepsValues) {
            state.late = true;
            return;
        }
        groupState.slots?.mark(t, 1);
        this.kernel.add(groupState.data, values, at, t);
    }

    /** The reader's id of the row's group text (`ids[at + slot]`): 0 without groups, -1 when the group is not a text column. */
    private groupIdAt(ids: Int32Array, at: number): number {
        return this.groupIdSlot >= 0 ? ids[at + this.groupIdSlot] : this.groupIdSlot === NO_GROUP ? 0 : -1;
    }

    private knownGroupState(state: FrameState, id: number): GroupState<unknown> | undefined {
        return id >= 0 && id < state.byGroupId.length ? state.byGroupId[id] : undefined;
    }

    /** The state of the group in the frame, made when it is new, and remembered by the group's id. */
    private groupStateNamed(state: FrameState, id: number, group: string): GroupState<unknown> {
        let groupState = state.groups.get(group);
        if (!groupState) {
            const expectedRows = this.frameBefore?.groups.get(group)?.rows;
            groupState = {
                rows: 0,
                excluded: 0,
                causeExcluded: 0,
                data: this.kernel.create(expectedRows),
                slots: this.newSlots(),
            };
            state.groups.set(group, groupState);
            this.groups.add(group);
        }
        if (id >= 0) {
            while (state.byGroupId.length <= id) state.byGroupId.push(undefined);
            state.byGroupId[id] = groupState;
        }
        return groupState;
    }

    private groupOf(row: Row): string {
        if (!this.groupSlot) return '';
        return this.groupSlot.text ? (row.texts[this.groupSlot.slot] ?? '') : String(row.values[this.groupSlot.slot]);
    }

    /** `groupOf` for row r of a batch. */
    private groupAt(batch: RowBatch, r: number): string {
        if (!this.groupSlot) return '';
        const slot = this.groupSlot.slot;
        return this.groupSlot.text ? (batch.text(r, slot) ?? '') : String(batch.values[r * batch.stride + slot]);
    }

    private frameFor(span: Span): FrameState {
        if (span === this.lastSpan) return this.lastFrame!;
        let state = this.frames.get(span.start);
        if (!state) {
            this.frameBefore = this.lastFrame;
            state = this.emptyFrame(span);
            this.frames.set(span.start, state);
            if (span.start > this.newestStart) {
                this.newestStart = span.start;
                this.compactOlderThan(span.start);
            }
        }
        this.lastSpan = span;
        this.lastFrame = state;
        return state;
    }

    /** Releases the values of windows that ended before the window preceding `start`: data has moved on. */
    private compactOlderThan(start: number): void {
        // A rolling window needs the values of its N days: days are merged at the end, never released.
        if (!this.kernel.compact || this.rollingDays) return;
        for (const state of this.frames.values()) {
            if (state.compacted || state.frame.span.end >= start) continue;
            for (const group of state.groups.values()) this.kernel.compact(group.data);
            state.compacted = true;
        }
    }

    private makeFrame(span: Span): WindowFrame {
        const start = Math.max(span.start, this.range.start);
        const end = Math.min(span.end, this.range.end);
        const calendar =
            this.filtersByDuring || this.metric.definition.kind === 'outage-availability'
                ? this.contract.calendars.find((c) => c.name === this.objective.during)
                : undefined;
        const measured =
            end <= start ? [] : calendar ? calendarIntervals(this.zone, calendar, start, end) : [{ start, end }];
        const exclusions =
            end <= start ? [] : intersect(exclusionIntervals(this.zone, this.timeExclusions, start, end), measured);
        const lengthMs = totalLength(measured);
        const exclusionMs = totalLength(exclusions);
        return { span, start, end, measured, lengthMs, exclusions, exclusionMs, activeMs: lengthMs - exclusionMs };
    }

    /** The windows to report: those the data reaches, or the whole range when --from/--to set it. */
    private spans(): Span[] {
        const hasData = this.minTime <= this.maxTime;
        // Outage data has rows only when something failed: the windows between outages count too.
        const preferRange = this.metric.definition.kind === 'outage-availability' || !hasData;
        const start =
            this.range.explicitStart || (preferRange && Number.isFinite(this.range.start)) || !hasData
                ? this.range.start
                : Math.max(this.range.start, this.minTime);
        const end =
            this.range.explicitEnd || (preferRange && Number.isFinite(this.range.end)) || !hasData
                ? this.range.end
                : Math.min(this.range.end, this.maxTime + 1);
        const spans: Span[] = [];
        if (!Number.isFinite(start) || !Number.isFinite(end)) return spans;
        for (
            let span = this.locator.at(start);
            span.start < end && spans.length < MAX_WINDOWS;
            span = this.locator.next(span)
        ) {
            spans.push(span);
        }
        return spans;
    }

    finish(): ObjectiveReport {
        this.extendOpenOutages();
        const groups = this.objective.groupBy ? [...this.groups].sort() : [''];
        const remedyWindows: RemedyWindow[] = [];
        const built: { window: Omit<WindowReport, 'remedies'>; remedy: RemedyWindow }[] = [];
        const notes: string[] = [];
        const frames = this.rollingDays
            ? this.rollingFrames(notes)
            : this.spans().map((span) => this.frames.get(span.start) ?? this.emptyFrame(span));
        for (const [index, state] of frames.entries()) {
            // Calendar windows follow each other; a rolling window's days are all inside it.
            const before = this.rollingDays ? undefined : frames[index - 1];
            for (const group of groups) {
                const measurement = withSlotCoverage(
                    this.kernel.measure(state.groups.get(group), state.frame, before?.groups.get(group)),
                    state.groups.get(group),
                    state.frame,
                    this.slotIntervalMs,
                );
                const { window, value } = this.windowReport(state, group, measurement);
                const remedy: RemedyWindow = {
                    span: state.frame.span,
                    group,
                    breached: window.verdict === 'breached',
                    value,
                    downtimeMs: measurement.downtimeMs,
                    outcomes: [],
                };
                remedyWindows.push(remedy);
                built.push({ window, remedy });
            }
        }
        const window = this.objective.window;
        if (window.kind === 'calendar') {
            notes.push(
                ...applyRemedies(
                    { zone: this.zone, termDays: termDays(this.contract.term), windowUnit: window.unit },
                    this.service,
                    this.objective,
                    remedyWindows,
                ),
            );
        } else if (this.service.remedies.some((r) => r.objective === this.objective.name)) {
            notes.push(
                "credits are not computed for rolling windows: each day's trailing window overlaps the ones before it",
            );
        }
        if (this.windowsReadAgain > 0) {
            notes.push(
                `the data file is not in time order: ${this.windowsReadAgain} window${this.windowsReadAgain === 1 ? ' was' : 's were'} read in a second pass (sorting the file by time avoids it)`,
            );
        }
        if (built.length === 0 && notes.length === 0) notes.push('no data in the evaluated range');
        const windows = built.map(({ window, remedy }) => ({ ...window, remedies: remedy.outcomes }));
        return {
            ...objectiveHeader(this.objective, this.metric),
            windows,
            terminations: terminations(this.service, this.objective, windows),
            notes: [...objectiveNotes(this.objective, this.metric, this.source), ...notes],
        };
    }

    private newSlots(): SlotMarks | undefined {
        return this.slotIntervalMs ? new SlotMarks(this.slotIntervalMs) : undefined;
    }

    private emptyFrame(span: Span): FrameState {
        const frame = this.makeFrame(span);
        return {
            frame,
            groups: new Map(),
            byGroupId: [],
            inMeasured: new IntervalCursor(frame.measured),
            inExclusion: new IntervalCursor(frame.exclusions),
            compacted: false,
            late: false,
        };
    }

    /**
     * Rolling N days: one window per local day, ending with that day and reaching back N days; its
     * state is the merge of the N day states. The first window ends on the N-th day of data.
     */
    private rollingFrames(notes: string[]): FrameState[] {
        const n = this.rollingDays!;
        const days = this.spans();
        if (days.length < n) {
            notes.push(`fewer than ${n} days of data: no rolling window is complete`);
            return [];
        }
        const frames: FrameState[] = [];
        for (let last = n - 1; last < days.length; last++) {
            const first = days[last - n + 1];
            const span: Span = {
                start: first.start,
                end: days[last].end,
                firstDay: first.firstDay,
                endDay: days[last].endDay,
                label: `${formatDay(first.firstDay)}..${formatDay(days[last].firstDay)}`,
            };
            const state = this.emptyFrame(span);
            for (let d = last - n + 1; d <= last; d++) {
                for (const [group, dayState] of this.frames.get(days[d].start)?.groups ?? []) {
                    let merged = state.groups.get(group);
                    if (!merged) {
                        merged = {
                            rows: 0,
                            excluded: 0,
                            causeExcluded: 0,
                            data: this.kernel.create(),
                            slots: this.newSlots(),
                        };
                        state.groups.set(group, merged);
                    }
                    merged.rows += dayState.rows;
                    merged.excluded += dayState.excluded;
                    merged.causeExcluded += dayState.causeExcluded;
                    if (dayState.slots) merged.slots?.mergeFrom(dayState.slots);
                    this.kernel.merge(merged.data, dayState.data);
                }
            }
            frames.push(state);
        }
        return frames;
    }

    private windowReport(
        state: FrameState,
        group: string,
        m: Measurement,
    ): { window: Omit<WindowReport, 'remedies'>; value?: Rational } {
        const { verdict, reason } = this.verdict(state, m);
        const span = state.frame.span;
        // A window cut by --from/--to shows its counts only: a value over part of it would read as the window's.
        if (partlyInRange(this.zone, this.range, span)) m = { counts: m.counts, excludedMs: m.excludedMs };
        const breach =
            verdict === 'breached' && m.offending && m.offending.count > 0
                ? {
                      first: this.zone.format(m.offending.first),
                      last: this.zone.format(m.offending.last),
                      count: m.offending.count,
                  }
                : undefined;
        const window: Omit<WindowReport, 'remedies'> = {
            label: span.label,
            // The part of the window inside the evaluated range (a term may start or end inside it).
            start: this.zone.format(state.frame.start),
            end: this.zone.format(state.frame.end),
            group: this.objective.groupBy ? group : undefined,
            verdict,
            reason: [reason, m.note].filter(Boolean).join('; ') || undefined,
            value: m.value && decimalBeside(m.value, this.target.share ?? this.target.threshold, 6),
            unit: this.objective.share ? '%' : this.metric.unit,
            coverage: m.coverage && decimalBeside(m.coverage, this.minimumCoverage(), 3),
            counts: m.counts,
            downtimeBudgetMs: m.downtimeBudgetMs,
            downtimeMs: m.downtimeMs,
            excludedMs:
                m.excludedMs ??
                (this.kernel.timeExclusions
                    ? state.frame.exclusionMs + this.causeExcludedMs(state.groups.get(group))
                    : undefined),
            breach,
        };
        return { window, value: verdict === 'not-determined' ? undefined : m.value };
    }

    /** On a sampled source, each row excluded by a cause stands for one sample interval of excluded time. */
    private causeExcludedMs(state: GroupState<unknown> | undefined): number {
        return (state?.causeExcluded ?? 0) * (this.source.sampleIntervalMs ?? 0);
    }

    private minimumCoverage(): Rational | undefined {
        return this.objective.minimumCoverage === undefined
            ? undefined
            : Rational.parse(this.objective.minimumCoverage);
    }

    private verdict(state: FrameState, m: Measurement): { verdict: Verdict; reason?: string } {
        const cut = partlyInRange(this.zone, this.range, state.frame.span);
        if (cut) return { verdict: 'not-determined', reason: cut };
        if (m.value === undefined) return { verdict: 'not-determined', reason: m.reason ?? 'no data' };
        if (this.objective.minimumCoverage !== undefined && m.coverage !== undefined) {
            const minimum = Rational.parse(this.objective.minimumCoverage);
            if (m.coverage.cmp(minimum) < 0) {
                return {
                    verdict: 'not-determined',
                    reason: `coverage ${decimalBeside(m.coverage, minimum, 3)} % is below the required ${this.objective.minimumCoverage} %`,
                };
            }
        }
        const met = this.target.share
            ? satisfies(m.value, '>=', this.target.share)
            : satisfies(m.value, this.target.comparator, this.target.threshold);
        return { verdict: met ? 'met' : 'breached' };
    }
}

/**
 * Coverage of a metric on a sampled source other than probes: distinct sample slots with a row
 * (counted or cause-excluded) over the slots expected in the window's active time; duplicate rows
 * are reported in the counts.
 */
function withSlotCoverage(
    m: Measurement,
    state: GroupState<unknown> | undefined,
    frame: WindowFrame,
    intervalMs: number | undefined,
): Measurement {
    if (intervalMs === undefined || m.coverage !== undefined || frame.activeMs <= 0) return m;
    const expected = Math.max(1, Math.round(frame.activeMs / intervalMs));
    const distinct = state?.slots?.distinct ?? 0;
    const duplicates = state?.slots?.duplicates ?? 0;
    return {
        ...m,
        coverage: Rational.of(Math.min(expected, distinct) * 100, expected),
        counts: {
            ...m.counts,
            missing: m.counts.missing ?? Math.max(0, expected - distinct),
            ...(duplicates > 0 ? { duplicates } : {}),
        },
    };
}

/**
 * Why a window cannot be judged when `--from/--to` cut through it (the part of it inside the term
 * is not wholly inside the requested range), or undefined. A window cut by the term alone is
 * measured over the covered part (see remedies for its fee share).
 */
function partlyInRange(zone: Zone, range: Range, span: Span): string | undefined {
    const start = Math.max(span.start, range.termStart);
    const end = Math.min(span.end, range.termEnd);
    if (start >= range.start && end <= range.end) return undefined;
    const from = Number.isFinite(range.start) ? zone.format(range.start) : 'the start';
    const to = Number.isFinite(range.end) ? zone.format(range.end) : 'the end';
    return `the window is only partly inside the evaluated range (from ${from} to ${to}): evaluate whole windows to judge it`;
}

function objectiveHeader(objective: Objective, metric: Metric | undefined) {
    return {
        name: objective.name,
        title: objective.title,
        metric: objective.metric,
        metricKind: metric?.definition.kind ?? 'unknown',
        comparator: objective.comparator,
        threshold: { value: objective.threshold.value, unit: objective.threshold.unit },
        share: objective.share?.value,
        window: objective.window,
        percentileMethod: metric ? percentileMethodOf(metric.definition) : undefined,
        groupBy: objective.groupBy ? `${objective.groupBy.source}.${objective.groupBy.column}` : undefined,
        location: objective.location,
    };
}

function objectiveNotes(objective: Objective, metric: Metric, source: DataSource): string[] {
    const notes: string[] = [];
    const d = metric.definition;
    if (
        objective.minimumCoverage !== undefined &&
        (!source.sampleIntervalMs || !(SLOT_COVERAGE_KINDS.has(d.kind) || d.kind === 'probe-availability'))
    ) {
        notes.push(
            `"coverage at least ${objective.minimumCoverage} %" is not checked: coverage is defined for sampled data (a data source with "every …") of row metrics, and ${source.name} ${source.sampleIntervalMs ? `holds events (${d.kind})` : 'declares no sample interval'}`,
        );
    }
    if (d.kind === 'elapsed' && !objective.share)
        notes.push('every event must meet the threshold: the value is the worst event');
    if (d.kind === 'probe-availability') {
        notes.push(
            d.form === 'contract'
                ? 'contract form: availability = 1 − downtime / window length; excluded time is never downtime'
                : 'sample form: availability = up samples / counted samples; excluded and missing samples count in neither',
        );
    }
    return notes;
}

/** One not-determined entry over the whole evaluated range, saying why the objective cannot be evaluated. */
function unsupportedReport(
    zone: Zone,
    range: Range,
    service: Service,
    objective: Objective,
    reason: string,
): ObjectiveReport {
    const metric = service.metrics.find((m) => m.name === objective.metric);
    const header = objectiveHeader(objective, metric);
    const label = objective.window.kind === 'rolling' ? `rolling ${objective.window.days} days` : 'all';
    return {
        ...header,
        windows: [
            {
                label,
                start: Number.isFinite(range.start) ? zone.format(range.start) : '',
                end: Number.isFinite(range.end) ? zone.format(range.end) : '',
                verdict: 'not-determined',
                reason,
                unit: objective.share ? '%' : (metric?.unit ?? objective.threshold.unit),
                counts: { rows: 0, counted: 0, excluded: 0 },
                remedies: [],
            },
        ],
        notes: [reason],
    };
}

/** One report per termination clause on the objective, in the order written; undefined without any. */
function terminations(
    service: Service,
    objective: Objective,
    windows: readonly WindowReport[],
): TerminationReport[] | undefined {
    const clauses = service.terminations.filter((t) => t.objective === objective.name);
    return clauses.length === 0 ? undefined : clauses.map((clause) => termination(clause, objective, windows));
}

function termination(clause: Termination, objective: Objective, windows: readonly WindowReport[]): TerminationReport {
    const byGroup = new Map<string, WindowReport[]>();
    for (const window of windows) byGroup.set(window.group ?? '', [...(byGroup.get(window.group ?? '') ?? []), window]);
    const from: { group?: string; window: string; at: string }[] = [];
    for (const [group, list] of byGroup) {
        let run = 0;
        for (const window of list) {
            // A window that is not determined is not a breach; for consecutive counting it ends the run.
            if (window.verdict === 'breached') run++;
            else if (clause.consecutive) run = 0;
            if (run >= clause.count) {
                from.push({ group: objective.groupBy ? group : undefined, window: window.label, at: window.end });
                break;
            }
        }
    }
    return { after: clause.count, consecutive: clause.consecutive, from };
}

function assembleReport(
    contract: Contract,
    zone: Zone,
    services: ServiceReport[],
    dataSources: DataSourceReport[],
): Report {
    let met = 0;
    let breached = 0;
    let notDetermined = 0;
    const credits = new Map<string, Rational>();
    const rewards = new Map<string, Rational>();
    let first: string | undefined;
    let last: string | undefined;
    for (const service of services) {
        for (const objective of service.objectives) {
            for (const window of objective.windows) {
                if (window.verdict === 'met') met++;
                else if (window.verdict === 'breached') breached++;
                else notDetermined++;
                if (window.start && (!first || window.start < first)) first = window.start;
                if (window.end && (!last || window.end > last)) last = window.end;
                for (const outcome of window.remedies) {
                    const totals = outcome.kind === 'reward' ? rewards : credits;
                    totals.set(
                        outcome.currency,
                        (totals.get(outcome.currency) ?? Rational.ZERO).add(Rational.parse(outcome.amount)),
                    );
                }
            }
        }
    }
    const money = (totals: Map<string, Rational>): Money[] =>
        [...totals]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([currency, amount]) => ({ currency, amount: formatMoney(amount, currency) }));
    return {
        agreement: contract.name,
        file: contract.file,
        timeZone: zone.name,
        range: { start: first ?? '', end: last ?? '' },
        services,
        dataSources,
        summary: { met, breached, notDetermined, credits: money(credits), rewards: money(rewards) },
        breached: breached > 0,
    };
}
