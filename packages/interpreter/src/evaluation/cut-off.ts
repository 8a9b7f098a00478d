/** When the events of a window are judged: at its cut-off if the objective names one, else at the end of the evaluated range. */
import type { Calendar, CutOff } from '../model.js';
import { isBusinessDay } from '../kinds/event-clock.js';
import { DAY_MS, MINUTE_MS, parseLocalTime, type Span, type Zone } from '../time.js';
import type { ObjectivePlan } from './plan.js';

/** The N-th (business) day counting the day the window ends on as the first, at the stated local time. */
export function cutOffInstant(zone: Zone, cutOff: CutOff, calendar: Calendar | undefined, span: Span): number {
    let day = zone.localDay(span.end);
    for (let counted = 0, guard = 0; guard < 3660; day++, guard++) {
        if (cutOff.business && calendar && !isBusinessDay(zone, calendar, day)) continue;
        if (++counted === cutOff.days) break;
    }
    return zone.toUtc(day * DAY_MS + parseLocalTime(cutOff.at) * MINUTE_MS);
}

/**
 * For the events of a window: after what instant an end does not count, and when events still
 * open are judged. With a cut-off, both are the cut-off (no later than the as-of instant); without,
 * ends count up to the as-of instant and open events are judged at the end of the evaluated range.
 */
export function eventsJudged(plan: ObjectivePlan): (span: Span) => { closesAt: number; judgedAt: number } {
    const { zone, range, objective, cutOffCalendar } = plan;
    const cutOff = objective.cutOff;
    if (!cutOff) return () => ({ closesAt: range.asOf, judgedAt: range.end });
    return (span) => {
        const at = Math.min(cutOffInstant(zone, cutOff, cutOffCalendar, span), range.asOf);
        return { closesAt: at, judgedAt: at };
    };
}

/** The cut-off of the window, when the objective has one and the as-of instant has not reached it yet. */
export function cutOffAhead(plan: ObjectivePlan, span: Span): number | undefined {
    const cutOff = plan.objective.cutOff;
    if (!cutOff) return undefined;
    const at = cutOffInstant(plan.zone, cutOff, plan.cutOffCalendar, span);
    return at > plan.range.asOf ? at : undefined;
}
