/**
 * Elapsed times of events (time to respond, to resolve, to follow up): from a start column to an
 * end column, on a calendar's hours when one is named, less the time the clock was paused.
 */
import type { Calendar } from '../model.js';
import { Rational } from '../rational.js';
import { calendarIntervals, totalLength } from '../intervals.js';
import type { Zone } from '../time.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec, Target } from './kind.js';
import { eventRowCheck } from './row-checks.js';
import { Offending, RowTest, percentOf, windowCounts } from './shared.js';

type ElapsedDefinition = DefinitionOf<'elapsed'>;

interface OpenEvent {
    readonly start: number;
    readonly paused: number;
    readonly t: number;
}

interface ElapsedData {
    counted: number;
    open: number;
    readonly openEvents: OpenEvent[];
    /** Events whose waiting time exceeded their elapsed time on the calendar (counted as 0). */
    clamped: number;
    passing: number;
    worst: number;
    readonly offending: Offending;
}

export interface ElapsedClock {
    readonly zone: Zone;
    readonly calendar?: Calendar;
}

/** Business time between two instants on a calendar (whole duration without one). */
export function clockTime(clock: ElapsedClock, start: number, end: number): number {
    if (end <= start) return 0;
    if (!clock.calendar) return end - start;
    return totalLength(calendarIntervals(clock.zone, clock.calendar, start, end));
}

/**
 * Without a share, every event must meet the threshold and the measured value is the worst
 * event; with a share, the value is the percentage of events that meet it. An event without an
 * end at the as-of instant (none, or a later one) is judged at the end of the evaluated range: a
 * miss when it has already run past the threshold, else pending and left out of the value.
 */
function elapsedKernel(
    startSlot: number,
    endSlot: number,
    pausedSlot: number | undefined,
    clock: ElapsedClock,
    target: Target,
    { asOf, openUntil }: { readonly asOf: number; readonly openUntil: number },
): Kernel<ElapsedData> {
    const test = new RowTest(target);
    const higherIsWorse = target.comparator === '<=' || target.comparator === '<';
    return {
        create: () => ({
            counted: 0,
            open: 0,
            openEvents: [],
            clamped: 0,
            passing: 0,
            worst: higherIsWorse ? -Infinity : Infinity,
            offending: new Offending(),
        }),
        add(data, values, at, t) {
            const end = values[at + endSlot];
            const paused =
                pausedSlot === undefined || Number.isNaN(values[at + pausedSlot]) ? 0 : values[at + pausedSlot];
            // An event that ends after the as-of instant was still open then.
            if (Number.isNaN(end) || end > asOf) {
                data.open++;
                data.openEvents.push({ start: values[at + startSlot], paused, t });
                return;
            }
            const onClock = clockTime(clock, values[at + startSlot], end);
            if (paused > onClock) data.clamped++;
            const elapsed = Math.max(0, onClock - paused);
            data.counted++;
            data.worst = higherIsWorse ? Math.max(data.worst, elapsed) : Math.min(data.worst, elapsed);
            if (test.passes(elapsed)) data.passing++;
            else data.offending.note(t);
        },
        merge(into, from) {
            into.counted += from.counted;
            into.open += from.open;
            into.openEvents.push(...from.openEvents);
            into.clamped += from.clamped;
            into.passing += from.passing;
            into.worst = higherIsWorse ? Math.max(into.worst, from.worst) : Math.min(into.worst, from.worst);
            into.offending.mergeFrom(from.offending);
        },
        measure(state) {
            const data = state?.data;
            // An open event that has already run past a "within" threshold at the end of the evaluated range missed it.
            const now = openUntil;
            const missed =
                higherIsWorse && data
                    ? data.openEvents.filter(
                          (e) => !test.passes(Math.max(0, clockTime(clock, e.start, now) - e.paused)),
                      )
                    : [];
            const counted = (data?.counted ?? 0) + missed.length;
            const open = (data?.open ?? 0) - missed.length;
            const offending = data?.offending;
            if (offending && missed.length > 0) {
                for (const e of missed) offending.note(e.t);
            }
            const result: Measurement = { counts: { ...windowCounts(state, counted), missing: open }, offending };
            const notes: string[] = [];
            if (missed.length > 0)
                notes.push(
                    `${missed.length} event(s) without an end had already exceeded the threshold at ${clock.zone.format(now)} and count as missed`,
                );
            if (open > 0) notes.push(`${open} event(s) without an end are left out`);
            if (data?.clamped)
                notes.push(
                    `${data.clamped} event(s) waited longer than their elapsed time on the calendar and count as 0`,
                );
            result.note = notes.join('; ') || undefined;
            if (!data || counted === 0) {
                result.reason = open > 0 ? `${open} event(s) pending, none finished` : 'no events in the window';
                result.noEvents = open === 0;
                return result;
            }
            const worst =
                missed.length > 0
                    ? Math.max(data.worst, ...missed.map((e) => clockTime(clock, e.start, now) - e.paused))
                    : data.worst;
            result.value = target.share
                ? percentOf(Rational.of(data.passing), Rational.of(counted))
                : Rational.of(worst);
            return result;
        },
    };
}

export const elapsed: MetricKindSpec<ElapsedDefinition> = {
    placement: 'instant',
    during: 'clock',
    coverage: 'none',
    timeExclusions: false,
    windowsWithoutRows: false,
    shareOfEvents: true,
    needsSampleInterval: false,
    columns: (d) => [
        { ref: d.start, optional: false },
        { ref: d.end, optional: true },
        ...(d.paused ? [{ ref: d.paused, optional: true }] : []),
    ],
    sourceName: (d) => d.start.source,
    timeColumn: (d) => d.start.column,
    eventEnd: (d) => d.end.column,
    calendarOf: (d) => d.calendar,
    rowCheck: (d, source, resolve) => eventRowCheck(source, resolve, d.start, d.end, d.paused),
    kernel(d, context) {
        const calendarName = d.calendar ?? context.objective.during;
        const calendar = calendarName ? context.calendars.find((c) => c.name === calendarName) : undefined;
        const paused = d.paused ? context.slot(d.paused) : undefined;
        const clock = { zone: context.zone, calendar };
        return elapsedKernel(context.slot(d.start), context.slot(d.end), paused, clock, context.target, context);
    },
    notes: (_d, objective) =>
        objective.share ? [] : ['every event must meet the threshold: the value is the worst event'],
};
