/**
 * The clock of an event (a ticket, a lead): how much time it took from its start to its end — on a
 * calendar's hours when one is named, less the time it was paused — or in how many business days
 * it was done. Pauses come from a waiting-time column (wall-clock time), or exactly from a
 * status-change log: the clock stops while the event's status is one of the pausing statuses, and
 * only the paused time inside the calendar's hours is taken off.
 */
import type { Calendar } from '../model.js';
import { calendarIntervals, intersect, totalLength, type Interval } from '../intervals.js';
import type { Zone } from '../time.js';

/** Per event key (a ticket id), the intervals in which its clock was paused, in time order. */
export type PauseIntervals = ReadonlyMap<string, readonly Interval[]>;

/** A status-change row of a log: from `at` on, the event `key` has `status`. */
export interface StatusChange {
    readonly key: string;
    readonly at: number;
    readonly status: string;
}

/** Each event's pauses: a status holds from its change to the next change of the same event (or on). */
export function pausesFromLog(changes: readonly StatusChange[], pausing: ReadonlySet<string>): PauseIntervals {
    const byKey = new Map<string, StatusChange[]>();
    for (const change of changes) {
        const list = byKey.get(change.key) ?? [];
        list.push(change);
        byKey.set(change.key, list);
    }
    const pauses = new Map<string, Interval[]>();
    for (const [key, list] of byKey) {
        list.sort((a, b) => a.at - b.at);
        const intervals: Interval[] = [];
        list.forEach((change, i) => {
            if (!pausing.has(change.status)) return;
            intervals.push({ start: change.at, end: list[i + 1]?.at ?? Infinity });
        });
        pauses.set(key, intervals);
    }
    return pauses;
}

export class EventClock {
    constructor(
        private readonly zone: Zone,
        private readonly calendar: Calendar | undefined,
        private readonly pauses: PauseIntervals | undefined,
    ) {}

    /** The time on the clock from start to end: the calendar's hours (all hours without one), less logged pauses. */
    time(start: number, end: number, key: string | undefined): number {
        if (end <= start) return 0;
        const counted = this.counted(start, end);
        const paused = key === undefined ? undefined : this.pauses?.get(key);
        return totalLength(counted) - (paused ? totalLength(intersect(counted, paused)) : 0);
    }

    /**
     * In how many business days the event was done: the least N such that it ended by the close of
     * the N-th business day after the day it started (0: the day itself). A business day is a day on
     * which the calendar has hours and which is no holiday.
     */
    businessDays(start: number, end: number): number {
        const calendar = this.calendar!;
        let day = this.zone.localDay(start);
        let n = 0;
        for (let guard = 0; guard < 3660; guard++) {
            if (end <= this.closeOf(calendar, day)) return n;
            day++;
            if (this.isBusinessDay(calendar, day)) n++;
        }
        return n;
    }

    private counted(start: number, end: number): Interval[] {
        return this.calendar ? calendarIntervals(this.zone, this.calendar, start, end) : [{ start, end }];
    }

    private isBusinessDay(calendar: Calendar, day: number): boolean {
        return isBusinessDay(this.zone, calendar, day);
    }

    /** When the day's last coverage hours end (local midnight after a day without hours). */
    private closeOf(calendar: Calendar, day: number): number {
        const hours = hoursOf(this.zone, calendar, day);
        return hours.length > 0 ? hours[hours.length - 1].end : this.zone.startOfDay(day + 1);
    }
}

/** A day on which the calendar has hours and which is no holiday. */
export function isBusinessDay(zone: Zone, calendar: Calendar, day: number): boolean {
    return hoursOf(zone, calendar, day).length > 0;
}

function hoursOf(zone: Zone, calendar: Calendar, day: number): Interval[] {
    return calendarIntervals(zone, calendar, zone.startOfDay(day), zone.startOfDay(day + 1));
}
