/**
 * The evaluated range: the agreement's term, cut by `--from` / `--to`, and the as-of instant at
 * which the evaluation stands (default: now, capped by the term). Nothing after the as-of instant
 * is read; a window that ends after it is in progress.
 */
import type { Contract } from '../model.js';
import { termDays } from '../remedies.js';
import { parseDay, type Zone } from '../time.js';
import { TimestampParser } from '../values.js';

export interface EvaluationRange {
    readonly start: number;
    /** The end of what is read and measured: the requested end or the as-of instant, whichever is first. */
    readonly end: number;
    /** The end the term and `--to` set (Infinity without either). */
    readonly requestedEnd: number;
    readonly asOf: number;
    readonly explicitStart: boolean;
    readonly explicitEnd: boolean;
    /** The agreement's term alone (±Infinity without one): windows cut by it are measured over the covered part. */
    readonly termStart: number;
    readonly termEnd: number;
}

export function evaluationRange(
    contract: Contract,
    zone: Zone,
    options: { readonly from?: string; readonly to?: string; readonly asOf?: string },
    now: number = wholeSecond(Date.now()),
): EvaluationRange {
    const term = termDays(contract.term);
    const termStart = term ? zone.startOfDay(term.first) : -Infinity;
    const termEnd = term ? zone.startOfDay(term.end) : Infinity;
    let start = termStart;
    let end = termEnd;
    if (options.from) start = Math.max(start, instantOption(zone, options.from, 'from'));
    if (options.to) end = Math.min(end, instantOption(zone, options.to, 'to'));
    const asOf = Math.min(options.asOf ? instantOption(zone, options.asOf, 'as-of') : now, termEnd);
    return {
        start,
        end: Math.min(end, asOf),
        requestedEnd: end,
        asOf,
        explicitStart: options.from !== undefined,
        explicitEnd: options.to !== undefined,
        termStart,
        termEnd,
    };
}

/** Now, to the second: a report says when it stands in seconds. */
function wholeSecond(ms: number): number {
    return Math.floor(ms / 1000) * 1000;
}

function instantOption(zone: Zone, text: string, name: string): number {
    const day = parseDay(text);
    if (day !== undefined) return zone.startOfDay(day);
    const instant = new TimestampParser(undefined).parseText(text);
    if (Number.isNaN(instant)) {
        throw new RangeError(
            `--${name}: expected a local date YYYY-MM-DD or an ISO instant with offset, found "${text}"`,
        );
    }
    return instant;
}

/**
 * Why a window cannot be judged when `--from/--to` cut through it (the part of it inside the term
 * is not wholly inside the requested range), or undefined. A window cut by the term alone is
 * measured over the covered part (see remedies for its fee share).
 */
export function partlyInRange(
    zone: Zone,
    range: EvaluationRange,
    span: { readonly start: number; readonly end: number },
): string | undefined {
    const start = Math.max(span.start, range.termStart);
    const end = Math.min(span.end, range.termEnd);
    if (start >= range.start && end <= range.requestedEnd) return undefined;
    const from = Number.isFinite(range.start) ? zone.format(range.start) : 'the start';
    const to = Number.isFinite(range.requestedEnd) ? zone.format(range.requestedEnd) : 'the end';
    return `the window is only partly inside the evaluated range (from ${from} to ${to}): evaluate whole windows to judge it`;
}

/** Whether the window (its part inside the term and `--to`) ends after the as-of instant: it is still in progress. */
export function inProgress(range: EvaluationRange, span: { readonly end: number }): boolean {
    return Math.min(span.end, range.requestedEnd) > range.asOf;
}
