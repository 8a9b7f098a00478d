import type { Properties, ValidationAcceptor } from 'langium';
import type * as ast from '../generated/ast.js';
import { Diagnostics } from './codes.js';
import { report } from './report.js';

let knownZones: ReadonlySet<string> | undefined;

function timeZones(): ReadonlySet<string> {
    knownZones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
    return knownZones;
}

/** IANA's spelling: capitalised area and location, e.g. "America/Argentina/Buenos_Aires", "Etc/GMT+5". */
const IANA_SPELLING = /^[A-Z][A-Za-z]*(\/[A-Z0-9][A-Za-z0-9_+-]*)+$/;

/**
 * A canonical IANA name, UTC, or an alias that the runtime knows in IANA's spelling (such as
 * "Asia/Kolkata", which some ICU versions list only as "Asia/Calcutta").
 */
function isKnownTimeZone(zone: string): boolean {
    if (timeZones().has(zone)) return true;
    if (!IANA_SPELLING.test(zone)) return false;
    try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
    } catch {
        return false;
    }
}

export function checkTimeZone(node: ast.TimeZone | ast.DataTimeZone, accept: ValidationAcceptor): void {
    const zone = node.zone;
    if (zone === undefined || isKnownTimeZone(zone)) return;
    const suggestion = [...timeZones()].find((known) => known.toLowerCase() === zone.toLowerCase());
    const advice = suggestion
        ? `Did you mean "${suggestion}"?`
        : 'Use an IANA name such as "Europe/Berlin", "America/New_York" or "UTC".';
    report(accept, Diagnostics.UnknownTimeZone, `Unknown time zone "${zone}". ${advice}`, {
        node,
        property: 'zone',
        data: suggestion ? { replacement: `"${suggestion}"` } : undefined,
    });
}

/** Why a `YYYY-MM-DD` text is not a calendar date, or undefined when it is one. */
export function dateProblem(text: string): string | undefined {
    const [year, month, day] = text.slice(0, 10).split('-').map(Number);
    if (month < 1 || month > 12) return `${text} has no month ${month}`;
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return day < 1 || day > days ? `${text} does not exist: ${monthName(month)} ${year} has ${days} days` : undefined;
}

/** Why an `HH:MM` (or `HH:MM:SS`) text is not a time of day; 24:00 may end a range. */
export function timeProblem(text: string, endOfRange: boolean): string | undefined {
    const [hours, minutes, seconds = 0] = text.split(':').map(Number);
    if (endOfRange && hours === 24 && minutes === 0 && seconds === 0) return undefined;
    if (hours > 23)
        return `${text} is not a time of day: hours run from 00 to 23${endOfRange ? ' (24:00 may end a range)' : ''}`;
    if (minutes > 59 || seconds > 59) return `${text} is not a time of day: minutes and seconds run from 00 to 59`;
    return undefined;
}

function monthName(month: number): string {
    return new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
}

function checkDate<N extends ast.Term | ast.Amendment | ast.Holiday | ast.PeriodExclusion>(
    node: N,
    property: Properties<N>,
    text: string | undefined,
    accept: ValidationAcceptor,
    index?: number,
): boolean {
    if (text === undefined) return false;
    const problem = dateProblem(text) ?? (text.includes('T') ? timeProblem(text.slice(11), false) : undefined);
    if (problem)
        report(
            accept,
            problem.includes('time of day') ? Diagnostics.InvalidTime : Diagnostics.InvalidDate,
            `${problem}.`,
            { node, property, index },
        );
    return problem === undefined;
}

export function checkAmendmentDate(amendment: ast.Amendment, accept: ValidationAcceptor): void {
    checkDate(amendment, 'date', amendment.date, accept);
}

export function checkTerm(term: ast.Term, accept: ValidationAcceptor): void {
    const valid = checkDate(term, 'start', term.start, accept) && checkDate(term, 'end', term.end, accept);
    if (valid && term.end < term.start) {
        report(accept, Diagnostics.EndBeforeStart, `The term ends on ${term.end}, before it starts on ${term.start}.`, {
            node: term,
            property: 'end',
        });
    }
}

export function checkPeriodExclusion(period: ast.PeriodExclusion, accept: ValidationAcceptor): void {
    const valid = checkDate(period, 'from', period.from, accept) && checkDate(period, 'to', period.to, accept);
    // A bare date is its local midnight, so `2025-03-01` sorts before `2025-03-01T00:30`.
    const local = (text: string) => (text.includes('T') ? text : `${text}T00:00`).padEnd(19, ':00');
    if (valid && local(period.to) <= local(period.from)) {
        report(
            accept,
            Diagnostics.EndBeforeStart,
            `The excluded period ends at ${period.to}, not after it starts at ${period.from}.`,
            { node: period, property: 'to' },
        );
    }
}

export function checkHoliday(holiday: ast.Holiday, accept: ValidationAcceptor): void {
    holiday.dates.forEach((date, index) => checkDate(holiday, 'dates', date, accept, index));
}

export function checkTimeRange(node: ast.CoverageHours | ast.MaintenanceWindow, accept: ValidationAcceptor): void {
    checkTimeOfDay(node, 'from', false, accept);
    checkTimeOfDay(node, 'to', true, accept);
}

function checkTimeOfDay(
    node: ast.CoverageHours | ast.MaintenanceWindow,
    property: 'from' | 'to',
    endOfRange: boolean,
    accept: ValidationAcceptor,
): void {
    const text = node[property];
    const problem = text === undefined ? undefined : timeProblem(text, endOfRange);
    if (problem) report(accept, Diagnostics.InvalidTime, `${problem}.`, { node, property });
}
