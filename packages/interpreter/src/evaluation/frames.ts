/** The state of one window of an objective while rows arrive: its frame and the state per group. */
import { IntervalCursor, calendarIntervals, exclusionIntervals, intersect, totalLength } from '../intervals.js';
import type { GroupState, WindowFrame } from '../kinds/kind.js';
import type { Span } from '../time.js';
import type { ObjectivePlan } from './plan.js';

export interface FrameState {
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

export function emptyFrameState(plan: ObjectivePlan, span: Span): FrameState {
    const frame = windowFrame(plan, span);
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
 * The whole window as it will be once the as-of instant has passed it (its part inside the term and
 * `--from`/`--to`): what an in-progress window's budget is measured against.
 */
export function wholeWindowFrame(plan: ObjectivePlan, span: Span): WindowFrame {
    return windowFrame(plan, span, plan.range.requestedEnd);
}

/** The window's part inside the evaluated range, its measured time (on the `during` calendar) and its exclusions. */
function windowFrame(plan: ObjectivePlan, span: Span, rangeEnd = plan.range.end): WindowFrame {
    const { zone, range, measuredCalendar } = plan;
    const start = Math.max(span.start, range.start);
    const end = Math.min(span.end, rangeEnd);
    const measured =
        end <= start ? [] : measuredCalendar ? calendarIntervals(zone, measuredCalendar, start, end) : [{ start, end }];
    const exclusions =
        end <= start ? [] : intersect(exclusionIntervals(zone, plan.timeExclusions, start, end), measured);
    const lengthMs = totalLength(measured);
    const exclusionMs = totalLength(exclusions);
    return { span, start, end, measured, lengthMs, exclusions, exclusionMs, activeMs: lengthMs - exclusionMs };
}
