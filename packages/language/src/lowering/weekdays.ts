import type { IsoWeekday } from '@sla/interpreter';
import type { DayRange } from '../generated/ast.js';

const WEEKDAY_NUMBERS: Readonly<Record<string, IsoWeekday>> = {
    Monday: 1,
    Mon: 1,
    Tuesday: 2,
    Tue: 2,
    Wednesday: 3,
    Wed: 3,
    Thursday: 4,
    Thu: 4,
    Friday: 5,
    Fri: 5,
    Saturday: 6,
    Sat: 6,
    Sunday: 7,
    Sun: 7,
};

const DAY_GROUPS: Readonly<Record<string, readonly IsoWeekday[]>> = {
    day: [1, 2, 3, 4, 5, 6, 7],
    weekday: [1, 2, 3, 4, 5],
    weekend: [6, 7],
};

function daysOf(name: string): readonly IsoWeekday[] {
    return DAY_GROUPS[name] ?? [WEEKDAY_NUMBERS[name]];
}

/** ISO weekdays covered by `Mon to Fri`, `Sunday`, `Fri to Mon` (wrapping), `weekday`, `day`. */
export function weekdaysOf(ranges: readonly DayRange[]): IsoWeekday[] {
    const days = new Set<IsoWeekday>();
    for (const range of ranges) {
        const first = daysOf(range.first);
        if (!range.last) {
            first.forEach((d) => days.add(d));
            continue;
        }
        const start = first[0];
        const end = daysOf(range.last).at(-1)!;
        for (let day = start; ; day = ((day % 7) + 1) as IsoWeekday) {
            days.add(day);
            if (day === end) break;
        }
    }
    return [...days].sort((a, b) => a - b);
}
