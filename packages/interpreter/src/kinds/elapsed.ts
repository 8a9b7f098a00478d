/**
 * Elapsed times of events (time to respond, to resolve, to follow up): from a start column to an
 * end column, on a calendar's hours when one is named, less the time the clock was paused (a
 * waiting-time column, or exactly from a status-change log) — or, against a threshold in business
 * days, in how many business days the event was done.
 */
import { Rational } from '../rational.js';
import type { DefinitionOf, Kernel, KernelContext, Measurement, MetricKindSpec, Target } from './kind.js';
import { EventClock } from './event-clock.js';
import { eventRowCheck } from './row-checks.js';
import { Offending, RowTest, percentOf, windowCounts } from './shared.js';

type ElapsedDefinition = DefinitionOf<'elapsed'>;

interface OpenEvent {
    readonly start: number;
    readonly paused: number;
    readonly key: string | undefined;
    readonly t: number;
}

interface ElapsedData {
    /** After this instant an end does not count (the cut-off or the as-of instant). */
    readonly closesAt: number;
    /** When the window's events still open are judged. */
    readonly judgedAt: number;
    counted: number;
    open: number;
    readonly openEvents: OpenEvent[];
    /** Events whose waiting time exceeded their elapsed time on the calendar (counted as 0). */
    clamped: number;
    passing: number;
    worst: number;
    readonly offending: Offending;
}

/** Reads an event: its start, end, waiting time and key, and measures it on the clock. */
interface EventReader {
    readonly start: number;
    readonly end: number;
    readonly paused?: number;
    /** The slot of the event's key in the status-change log (a text column, or a number). */
    readonly key?: number;
    /** The event's measure: time on the clock (ms) or business days. */
    measure(start: number, end: number, paused: number, key: string | undefined): number;
}

/**
 * Without a share, every event must meet the threshold and the measured value is the worst
 * event; with a share, the value is the percentage of events that meet it. An event without an
 * end when its window is judged (none, or a later one) is judged then: a miss when it has already
 * run past the threshold, else pending and left out of the value.
 */
function elapsedKernel(reader: EventReader, target: Target, context: KernelContext): Kernel<ElapsedData> {
    const test = new RowTest(target);
    const higherIsWorse = target.comparator === '<=' || target.comparator === '<';
    const keyOf = (values: Float64Array, at: number, texts: readonly (string | undefined)[] | undefined) =>
        reader.key === undefined ? undefined : (texts?.[reader.key] ?? String(values[at + reader.key]));
    return {
        create: (_rows, frame) => ({
            ...context.eventsJudged(frame.span),
            counted: 0,
            open: 0,
            openEvents: [],
            clamped: 0,
            passing: 0,
            worst: higherIsWorse ? -Infinity : Infinity,
            offending: new Offending(),
        }),
        add(data, values, at, t, row) {
            const start = values[at + reader.start];
            const end = values[at + reader.end];
            const waited = reader.paused === undefined ? NaN : values[at + reader.paused];
            const paused = Number.isNaN(waited) ? 0 : waited;
            const key = keyOf(values, at, row?.texts);
            // An event that ends after its window is judged was still open then.
            if (Number.isNaN(end) || end > data.closesAt) {
                data.open++;
                data.openEvents.push({ start, paused, key, t });
                return;
            }
            const measured = reader.measure(start, end, paused, key);
            if (measured < 0) data.clamped++;
            const elapsed = Math.max(0, measured);
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
            const now = data?.judgedAt ?? context.openUntil;
            const sofar = (e: OpenEvent) => Math.max(0, reader.measure(e.start, now, e.paused, e.key));
            // An open event that has already run past a "within" threshold when its window is judged missed it.
            const missed = higherIsWorse && data ? data.openEvents.filter((e) => !test.passes(sofar(e))) : [];
            const counted = (data?.counted ?? 0) + missed.length;
            const open = (data?.open ?? 0) - missed.length;
            const offending = data?.offending;
            for (const e of missed) offending?.note(e.t);
            const result: Measurement = { counts: { ...windowCounts(state, counted), missing: open }, offending };
            const notes: string[] = [];
            if (missed.length > 0) {
                notes.push(
                    `${missed.length} event(s) without an end had already exceeded the threshold at ${context.zone.format(now)} and count as missed`,
                );
            }
            if (open > 0) notes.push(`${open} event(s) without an end are left out`);
            if (data?.clamped) {
                notes.push(
                    `${data.clamped} event(s) waited longer than their elapsed time on the calendar and count as 0`,
                );
            }
            result.note = notes.join('; ') || undefined;
            if (!data || counted === 0) {
                result.reason = open > 0 ? `${open} event(s) pending, none finished` : 'no events in the window';
                result.noEvents = open === 0;
                return result;
            }
            const worst = missed.length > 0 ? Math.max(data.worst, ...missed.map(sofar)) : data.worst;
            result.value = target.share
                ? percentOf(Rational.of(data.passing), Rational.of(counted))
                : Rational.of(worst);
            return result;
        },
    };
}

function eventReader(d: ElapsedDefinition, context: KernelContext): EventReader {
    const calendarName = d.calendar ?? context.objective.during;
    const calendar = calendarName ? context.calendars.find((c) => c.name === calendarName) : undefined;
    const clock = new EventClock(context.zone, calendar, context.pauses);
    const inBusinessDays = context.objective.threshold.unit === 'business-day';
    return {
        start: context.slot(d.start),
        end: context.slot(d.end),
        paused: d.paused ? context.slot(d.paused) : undefined,
        key: d.pausedWhile ? context.slot(d.pausedWhile.eventKey) : undefined,
        measure: inBusinessDays
            ? (start, end) => clock.businessDays(start, end)
            : (start, end, paused, key) => clock.time(start, end, key) - paused,
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
        ...(d.pausedWhile ? [{ ref: d.pausedWhile.eventKey, optional: false }] : []),
    ],
    sourceName: (d) => d.start.source,
    timeColumn: (d) => d.start.column,
    eventEnd: (d) => d.end.column,
    calendarOf: (d) => d.calendar,
    lookups: (d) => (d.pausedWhile ? [d.pausedWhile.key, d.pausedWhile.status] : []),
    rowCheck: (d, source, resolve) => eventRowCheck(source, resolve, d.start, d.end, d.paused),
    kernel: (d, context) => elapsedKernel(eventReader(d, context), context.target, context),
    notes: (d, objective) => [
        ...(objective.share ? [] : ['every event must meet the threshold: the value is the worst event']),
        ...(d.pausedWhile
            ? [
                  `the clock stops while ${d.pausedWhile.source} says ${d.pausedWhile.statuses.map((s) => `"${s}"`).join(' or ')}, within the clock's hours`,
              ]
            : []),
        ...(objective.threshold.unit === 'business-day'
            ? ['in business days: an event done by the close of the N-th business day after the day it started took N']
            : []),
    ],
};
