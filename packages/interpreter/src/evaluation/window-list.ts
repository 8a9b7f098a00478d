/**
 * The windows an objective reports, in time order: calendar windows from the first to the last
 * row (or over the whole range where the range is set or the kind reports windows without rows),
 * or rolling windows of N days merged from the days' states.
 */
import { formatDay, type Span } from '../time.js';
import { emptyFrameState, type FrameState } from './frames.js';
import type { ObjectiveRun } from './objective-run.js';

export function windowsToJudge(run: ObjectiveRun, notes: string[]): FrameState[] {
    if (run.plan.rollingDays) return rollingWindows(run, run.plan.rollingDays, notes);
    return spans(run).map((span) => run.frames.get(span.start) ?? emptyFrameState(run.plan, span));
}

/** How many window reports each window gives: one per group. */
function reportsPerWindow(run: ObjectiveRun): number {
    return run.plan.objective.groupBy ? Math.max(1, run.groups.size) : 1;
}

/**
 * The windows to report: those the data reaches, or the whole range when --from/--to set it. Each
 * is taken from the evaluation's budget as it is listed, so that a range of centuries stops early.
 */
function spans(run: ObjectiveRun): Span[] {
    const range = run.plan.range;
    const hasData = run.minTime <= run.maxTime;
    const preferRange = run.plan.kind.windowsWithoutRows || !hasData;
    const start =
        range.explicitStart || (preferRange && Number.isFinite(range.start)) || !hasData
            ? range.start
            : Math.max(range.start, run.minTime);
    const listed =
        range.explicitEnd || (preferRange && Number.isFinite(range.requestedEnd)) || !hasData
            ? range.requestedEnd
            : Math.min(range.requestedEnd, run.maxTime + 1);
    // No window starts at or after the as-of instant: it lies in the future of the evaluation.
    const end = Number.isFinite(listed) ? Math.min(listed, range.end) : listed;
    const result: Span[] = [];
    if (!Number.isFinite(start) || !Number.isFinite(end)) return result;
    const { locator, budget } = run;
    const reports = reportsPerWindow(run);
    const name = run.plan.objective.name;
    for (let span = locator.at(start); span.start < end; span = locator.next(span)) {
        budget.takeWindowReports(reports, name);
        result.push(span);
    }
    return result;
}

/**
 * Rolling N days: one window per local day, ending with that day and reaching back N days; its
 * state is the merge of the N day states. The first window ends on the N-th day of data.
 */
function rollingWindows(run: ObjectiveRun, n: number, notes: string[]): FrameState[] {
    const days = spans(run);
    if (days.length < n) {
        notes.push(`fewer than ${n} days of data: no rolling window is complete`);
        return [];
    }
    run.budget.takeRollingMerges(days.length - n + 1, n, reportsPerWindow(run), run.plan.objective.name);
    const windows: FrameState[] = [];
    for (let last = n - 1; last < days.length; last++) {
        const first = days[last - n + 1];
        const span: Span = {
            start: first.start,
            end: days[last].end,
            firstDay: first.firstDay,
            endDay: days[last].endDay,
            label: `${formatDay(first.firstDay)}..${formatDay(days[last].firstDay)}`,
        };
        const state = emptyFrameState(run.plan, span);
        for (let d = last - n + 1; d <= last; d++) mergeDay(run, state, run.frames.get(days[d].start));
        windows.push(state);
    }
    return windows;
}

function mergeDay(run: ObjectiveRun, into: FrameState, day: FrameState | undefined): void {
    for (const [group, dayState] of day?.groups ?? []) {
        let merged = into.groups.get(group);
        if (!merged) {
            merged = run.newGroupState(into.frame);
            into.groups.set(group, merged);
        }
        merged.rows += dayState.rows;
        merged.excluded += dayState.excluded;
        merged.causeExcluded += dayState.causeExcluded;
        if (dayState.slots) merged.slots?.mergeFrom(dayState.slots);
        run.kernel.merge(merged.data, dayState.data);
    }
}
