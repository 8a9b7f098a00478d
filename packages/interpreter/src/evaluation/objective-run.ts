/**
 * Execution of one objective's plan: rows (or batches of rows) go through the plan's filters into
 * the state of their window and group; the kernel of the metric kind keeps what each needs. The
 * windows' states are read afterwards by `window-list.ts` and judged by `judge.ts`.
 */
import type { Row, RowBatch } from '../sources/row-source.js';
import { compileConditions, type RowPredicate, type SlotResolver } from '../conditions.js';
import type { GroupState, Kernel, WindowFrame } from '../kinds/kind.js';
import { SlotMarks } from '../slots.js';
import { SpanLocator, type Span } from '../time.js';
import { emptyFrameState, type FrameState } from './frames.js';
import type { WorkBudget } from './limits.js';
import { eventsJudged } from './cut-off.js';
import type { PauseLogs } from './pause-logs.js';
import type { ObjectivePlan } from './plan.js';

const NO_GROUP = -1;
const NOT_INTERNED = -2;

export class ObjectiveRun {
    /** Set when the data source could not be read: the objective is then not determined. */
    failure: string | undefined;
    readonly locator: SpanLocator;
    readonly frames = new Map<number, FrameState>();
    /** Every group seen, in any window. */
    readonly groups = new Set<string>();
    minTime = Infinity;
    maxTime = -Infinity;
    /** The latest instant written in the rows read (starts and ends; not the assumed end of an open event). */
    recordedUntil = -Infinity;
    /** How many windows were read in a second pass, for the report's notes. */
    windowsReadAgain = 0;
    kernel!: Kernel<unknown>;

    private timeSlot = 0;
    /** Interval placement (outages): the end column. */
    private endSlot: number | undefined;
    /** Events: the end column, whose values also tell how far the data reaches. */
    private eventEndSlot: number | undefined;
    private groupSlot: { slot: number; text: boolean } | undefined;
    /** For the per-row path: the slot whose `Row.ids` names the group, or NO_GROUP / NOT_INTERNED. */
    private groupIdSlot = NO_GROUP;
    private checksExclusions = false;
    private keepsValues = false;
    private where: RowPredicate | undefined;
    private excludedByCause: RowPredicate | undefined;
    private newestStart = -Infinity;
    private readonly range: ObjectivePlan['range'];
    private readonly filtersByDuring: boolean;
    /** The frame of the last row's window: ordered data finds it without a map lookup. */
    private lastSpan: Span | undefined;
    private lastFrame: FrameState | undefined;
    /** The frame rows went to before the newest frame was opened: its group sizes predict the new one's. */
    private frameBefore: FrameState | undefined;
    /** Spans (by start) of the windows read again in the second pass. */
    private readAgain: Set<number> | undefined;

    constructor(
        readonly plan: ObjectivePlan,
        readonly budget: WorkBudget,
    ) {
        const window = plan.objective.window;
        this.locator =
            window.kind === 'calendar'
                ? new SpanLocator(plan.zone, window.unit, window.startDay)
                : new SpanLocator(plan.zone, 'day');
        this.range = plan.range;
        this.filtersByDuring = plan.filtersByDuring;
    }

    get takesBatches(): boolean {
        return this.plan.takesBatches;
    }

    /** Learns the row slots of the columns and builds the metric kernel; `pauses`: the status-change logs read. */
    bind(resolve: SlotResolver, pauses: PauseLogs): void {
        const { kind, metric, source, objective } = this.plan;
        const definition = metric.definition;
        const slot = (ref: { column: string }) => resolve(ref.column).slot;
        this.timeSlot = slot({ column: this.plan.timeColumn });
        this.where = compileConditions(objective.where, resolve);
        const causes = this.plan.causeExclusions.map((e) => compileConditions(e.where, resolve)!);
        this.excludedByCause = causes.length === 0 ? undefined : (row) => causes.some((c) => c(row));
        if (objective.groupBy) {
            const { column, slot: groupSlot } = resolve(objective.groupBy.column);
            this.groupSlot = { slot: groupSlot, text: column.type === 'text' };
        }
        const eventEnd = kind.eventEnd?.(definition);
        if (eventEnd !== undefined && kind.placement === 'interval') this.endSlot = slot({ column: eventEnd });
        else if (eventEnd !== undefined) this.eventEndSlot = slot({ column: eventEnd });
        this.kernel = kind.kernel(definition, {
            slot,
            source,
            target: this.plan.target,
            zone: this.plan.zone,
            calendars: this.plan.contract.calendars,
            objective,
            asOf: this.range.asOf,
            openUntil: this.range.end,
            eventsJudged: eventsJudged(this.plan),
            pauses: pauses.get(definition.kind === 'elapsed' ? definition.pausedWhile : undefined),
        });
        this.groupIdSlot = !this.groupSlot ? NO_GROUP : this.groupSlot.text ? this.groupSlot.slot : NOT_INTERNED;
        this.checksExclusions = kind.timeExclusions && this.plan.timeExclusions.length > 0;
        this.keepsValues = this.kernel.compact !== undefined;
    }

    /** After the first pass: starts the late windows over for a second one; false when none is late. */
    beginSecondPass(): boolean {
        const late = [...this.frames.values()].filter((state) => state.late).map((state) => state.frame.span);
        if (late.length === 0) return false;
        this.readAgain = new Set(late.map((span) => span.start));
        this.windowsReadAgain = late.length;
        for (const span of late) this.frames.set(span.start, emptyFrameState(this.plan, span));
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
        const t = row.values[this.timeSlot];
        if (!(t >= this.range.start && t < this.range.end)) return;
        if (this.where && !this.where(row)) return;
        const span = this.locator.at(t);
        if (this.readAgain!.has(span.start)) this.addTo(span, row, t);
    }

    /** Takes a row; false when the row lies outside the evaluated range. */
    onRow(row: Row): boolean {
        const t = row.values[this.timeSlot];
        if (this.endSlot !== undefined) return this.onOutage(row, t);
        if (!(t >= this.range.start && t < this.range.end)) return false;
        if (t < this.minTime) this.minTime = t;
        if (t > this.maxTime) this.maxTime = t;
        if (t > this.recordedUntil) this.recordedUntil = t;
        if (this.eventEndSlot !== undefined) this.recorded(Math.min(row.values[this.eventEndSlot], this.range.end));
        if (this.where && !this.where(row)) return true;
        this.addTo(this.locator.at(t), row, t);
        return true;
    }

    /** Whether the row's instant is inside the evaluated range (what `onRow` answers, without taking it). */
    inRange(row: Row): boolean {
        const t = row.values[this.timeSlot];
        return t >= this.range.start && t < this.range.end;
    }

    /**
     * `onRow` for each row of the batch, read where it lies: for runs that `takesBatches`. Returns
     * how many rows lay outside the evaluated range.
     */
    onBatch(batch: RowBatch): number {
        const { values, ids, stride } = batch;
        const { start: rangeStart, end: rangeEnd } = this.range;
        const timeSlot = this.timeSlot;
        let { minTime, maxTime } = this;
        let outside = 0;
        for (let r = batch.start; r < batch.end; r++) {
            const at = r * stride;
            const t = values[at + timeSlot];
            if (!(t >= rangeStart && t < rangeEnd)) {
                outside++;
                continue;
            }
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
        if (maxTime > this.recordedUntil) this.recordedUntil = maxTime;
        return outside;
    }

    /** A group's state in a window that has none yet: for rolling merges. */
    newGroupState(frame: WindowFrame): GroupState<unknown> {
        this.budget.takeGroupState(this.plan.objective.name);
        return {
            rows: 0,
            excluded: 0,
            causeExcluded: 0,
            data: this.kernel.create(undefined, frame),
            slots: this.newSlots(),
        };
    }

    /**
     * An outage counts in every window it overlaps, also when it started before the evaluated range;
     * one without an end lasts to the end of the evaluated range (the as-of instant at the latest).
     */
    private onOutage(row: Row, t: number): boolean {
        const endValue = row.values[this.endSlot!];
        const end = Math.min(Number.isNaN(endValue) ? this.range.end : endValue, this.range.end);
        const start = Math.max(t, this.range.start);
        if (!(end > start)) return false;
        if (start < this.minTime) this.minTime = start;
        if (end - 1 > this.maxTime) this.maxTime = end - 1;
        this.recorded(Math.min(t, this.range.end));
        if (!Number.isNaN(endValue)) this.recorded(end);
        if (this.where && !this.where(row)) return true;
        let span = this.locator.at(start);
        this.addTo(span, row, t);
        while (span.end < end) {
            span = this.locator.next(span);
            this.addTo(span, row, t);
        }
        return true;
    }

    private recorded(t: number): void {
        if (t > this.recordedUntil) this.recordedUntil = t;
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
            this.kernel.addCauseExcluded?.(groupState.data, values, at, t);
            return;
        }
        if (state.compacted && this.keepsValues) {
            state.late = true;
            return;
        }
        groupState.slots?.mark(t, 1);
        this.kernel.add(groupState.data, values, at, t, row);
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
            this.budget.takeGroupState(this.plan.objective.name);
            const expectedRows = this.frameBefore?.groups.get(group)?.rows;
            groupState = {
                rows: 0,
                excluded: 0,
                causeExcluded: 0,
                data: this.kernel.create(expectedRows, state.frame),
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
            state = emptyFrameState(this.plan, span);
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
        if (!this.kernel.compact || this.plan.rollingDays) return;
        for (const state of this.frames.values()) {
            if (state.compacted || state.frame.span.end >= start) continue;
            for (const group of state.groups.values()) this.kernel.compact(group.data);
            state.compacted = true;
        }
    }

    private newSlots(): SlotMarks | undefined {
        return this.plan.slotIntervalMs ? new SlotMarks(this.plan.slotIntervalMs) : undefined;
    }
}
