/**
 * Reading: each data source is read once for all the objectives that measure it, and each row
 * (or batch of rows) is handed to their runs.
 */
import type { Column, DataSource, Metric } from '../model.js';
import { indicatorOrder, indicatorsOf } from '../expressions/indicators.js';
import type { DataError } from '../data-error.js';
import type { SlotResolver } from '../conditions.js';
import {
    eachRow,
    scannerFor,
    type FieldSpec,
    type Row,
    type RowBatch,
    type ScanResult,
    type ScanTuning,
} from '../sources/index.js';
import type { EvaluationOptions } from '../evaluate.js';
import type { RowCheck } from '../kinds/row-checks.js';
import type { ObjectiveRun } from './objective-run.js';
import type { PauseLogs } from './pause-logs.js';
import { columnOf, type ObjectivePlan } from './plan.js';

const MAX_REJECTED_REASONS = 10;

/**
 * Reads a data source once for all its objectives. Percentile windows whose values were released
 * before all their rows had arrived (the file is not in time order) are then read again: a second
 * pass for those windows only, which keep their values to the end. It decodes the same columns, so
 * it accepts and skips exactly the rows the first pass did.
 */
/** What reading a source found: the reader's counts, and the rows no objective could place. */
export type SourceReading = ScanResult & { readonly rowsOutsideRange?: number };

export async function readSource(
    source: DataSource,
    runs: readonly ObjectiveRun[],
    options: EvaluationOptions,
    tuning: ScanTuning,
    pauses: PauseLogs,
): Promise<SourceReading> {
    const { fields, indicators } = fieldsOf(source, runs);
    const slotOf = new Map([...fields.map((f) => f.column), ...indicators].map((column, slot) => [column.name, slot]));
    const resolve: SlotResolver = (name) => ({ column: columnOf(source, name)!, slot: slotOf.get(name)! });
    for (const run of runs) run.bind(resolve, pauses);
    const extend = indicators.length > 0 ? indicatorsOf(indicators, resolve, fields.length) : undefined;
    const dispatch = new RowDispatch(runs, rowChecksOf(runs, resolve), options.skipBadRows ?? false, extend);
    const scan = await scannerFor(source, options, tuning);
    const result = await scan(
        fields,
        (row) => dispatch.onRow(row),
        (batch) => dispatch.onBatch(batch),
    );
    const late = runs.filter((run) => run.beginSecondPass());
    if (late.length > 0) await scan(fields, (row) => dispatch.onRowAgain(row, late));
    return dispatch.withOwnFindings(result, runs[0].plan);
}

/** The row checks of the metrics on the source, once per metric. */
function rowChecksOf(runs: readonly ObjectiveRun[], resolve: SlotResolver): RowCheck[] {
    const checks = new Map<Metric, RowCheck>();
    for (const { plan } of runs) {
        const check = plan.kind.rowCheck?.(plan.metric.definition, plan.source, resolve);
        if (check && !checks.has(plan.metric)) checks.set(plan.metric, check);
    }
    return [...checks.values()];
}

/**
 * Hands each row to the runs of a source. A row that one metric cannot accept (end before start,
 * more good requests than requests) is skipped for every objective on the source, so that no
 * objective counts a row the report lists as skipped. Runs that take batches get them whole,
 * unless rows must be checked first; the others get each row, made once for all of them.
 */
class RowDispatch {
    /** Rows the metrics cannot accept, by line, when skipping bad rows. */
    private readonly rejected = new Map<number, DataError>();
    /** Rows that lie outside the evaluated range for every objective. */
    private outside = 0;
    private readonly batchRuns: readonly ObjectiveRun[];
    private readonly rowRuns: readonly ObjectiveRun[];
    private readonly toRowRuns: (batch: RowBatch) => void;

    constructor(
        private readonly runs: readonly ObjectiveRun[],
        private readonly checks: readonly RowCheck[],
        private readonly skipBadRows: boolean,
        /** Adds the indicators' values to a row; rows then cannot be taken in batches. */
        private readonly extend: ((row: Row) => Row) | undefined,
    ) {
        const batches = checks.length === 0 && extend === undefined;
        this.batchRuns = runs.filter((run) => batches && run.takesBatches);
        this.rowRuns = runs.filter((run) => !this.batchRuns.includes(run));
        this.toRowRuns = eachRow((row) => this.toRunsOfRows(row));
    }

    onRow(read: Row): void {
        const row = this.extend ? this.extend(read) : read;
        if (this.checks.length > 0 && !this.accepts(row)) return;
        let inside = false;
        for (const run of this.runs) if (run.onRow(row)) inside = true;
        if (!inside) this.outside++;
    }

    onBatch(batch: RowBatch): void {
        // Batch runs read the source's time column alike, so each counts the same rows outside.
        let outside = batch.end - batch.start;
        for (const run of this.batchRuns) outside = run.onBatch(batch);
        if (this.rowRuns.length > 0) this.toRowRuns(batch);
        else this.outside += outside;
    }

    /** The second pass: only the runs whose windows are read again, with the checks of the first. */
    onRowAgain(read: Row, late: readonly ObjectiveRun[]): void {
        const row = this.extend ? this.extend(read) : read;
        if (this.checks.length > 0 && !this.accepts(row)) return;
        for (const run of late) run.onRowAgain(row);
    }

    /** A row of a batch for the runs that take rows; the batch runs already took it. */
    private toRunsOfRows(read: Row): void {
        const row = this.extend ? this.extend(read) : read;
        if (this.checks.length > 0 && !this.accepts(row)) return;
        let inside = false;
        for (const run of this.rowRuns) if (run.onRow(row)) inside = true;
        if (!inside && !this.batchRuns.some((run) => run.inRange(row))) this.outside++;
    }

    private accepts(row: Row): boolean {
        for (const check of this.checks) {
            const error = check(row);
            if (!error) continue;
            if (!this.skipBadRows) throw error;
            this.rejected.set(row.line, error);
            return false;
        }
        return true;
    }

    /** The reader's result with the rows skipped here and the rows outside the evaluated range. */
    withOwnFindings(result: ScanResult, plan: ObjectivePlan): SourceReading {
        const withRejected = withRejectedRows(result, this.rejected);
        if (this.outside === 0) return withRejected;
        const note = outsideRangeNote(this.outside, plan);
        return { ...withRejected, rowsOutsideRange: this.outside, notes: [...(withRejected.notes ?? []), note] };
    }
}

function outsideRangeNote(rows: number, plan: ObjectivePlan): string {
    const { range, zone } = plan;
    const bound = (instant: number, open: string) => (Number.isFinite(instant) ? zone.format(instant) : open);
    const set = range.explicitStart || range.explicitEnd ? 'the term and --from/--to' : 'the term';
    return `${rows} row${rows === 1 ? ' lies' : 's lie'} outside the evaluated range (${bound(range.start, 'the start')} to ${bound(range.end, 'the end')}, set by ${set}) and ${rows === 1 ? 'was' : 'were'} not evaluated`;
}

/**
 * The columns the objectives read from the file, and the indicators they use (computed after
 * reading, in their order). A field may be empty only when every objective reading it allows that
 * (an open ticket's end, a `where` column): a row with an empty field that one objective needs is
 * malformed for all, as a row with an unreadable value is. What only indicators read may be empty:
 * the indicator is then unknown.
 */
function fieldsOf(source: DataSource, runs: readonly ObjectiveRun[]): { fields: FieldSpec[]; indicators: Column[] } {
    const optional = new Map<string, boolean>();
    for (const run of runs) {
        for (const [name, isOptional] of run.plan.uses) {
            optional.set(name, (optional.get(name) ?? true) && isOptional);
        }
    }
    const { indicators, inputs } = indicatorOrder(source.columns, optional.keys());
    for (const input of inputs) if (!optional.has(input)) optional.set(input, true);
    const fields = [...optional]
        .filter(([name]) => !columnOf(source, name)!.computed)
        .map(([name, isOptional]) => ({ column: columnOf(source, name)!, optional: isOptional }));
    return { fields, indicators };
}

/** Adds the rows that metrics rejected as impossible (skipBadRows) to the reader's skipped rows, once per line. */
function withRejectedRows(result: ScanResult, rejected: ReadonlyMap<number, DataError>): ScanResult {
    if (rejected.size === 0) return result;
    const skipped = [...result.skipped];
    for (const error of [...rejected.values()].sort((a, b) => a.line - b.line)) {
        if (skipped.length < MAX_REJECTED_REASONS) {
            skipped.push({ line: error.line, column: error.column, reason: error.reason });
        }
    }
    return { ...result, rowsSkipped: result.rowsSkipped + rejected.size, skipped };
}
