/** The evaluated range: the agreement's term, cut by `--from` / `--to`. */
import type { Contract } from '../model.js';
import { termDays } from '../remedies.js';
import { parseDay, type Zone } from '../time.js';
import { TimestampParser } from '../values.js';

export interface EvaluationRange {
    readonly start: number;
    readonly end: number;
    readonly explicitStart: boolean;
    readonly explicitEnd: boolean;
    /** The agreement's term alone (±Infinity without one): windows cut by it are measured over the covered part. */
    readonly termStart: number;
    readonly termEnd: number;
}

export function evaluationRange(
    contract: Contract,
    zone: Zone,
    options: { readonly from?: string; readonly to?: string },
): EvaluationRange {
    const term = termDays(contract.term);
    const termStart = term ? zone.startOfDay(term.first) : -Infinity;
    const termEnd = term ? zone.startOfDay(term.end) : Infinity;
    let start = termStart;
    let end = termEnd;
    if (options.from) start = Math.max(start, instantOption(zone, options.from, 'from'));
    if (options.to) end = Math.min(end, instantOption(zone, options.to, 'to'));
    return {
        start,
        end,
        explicitStart: options.from !== undefined,
        explicitEnd: options.to !== undefined,
        termStart,
        termEnd,
    };
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
    if (start >= range.start && end <= range.end) return undefined;
    const from = Number.isFinite(range.start) ? zone.format(range.start) : 'the start';
    const to = Number.isFinite(range.end) ? zone.format(range.end) : 'the end';
    return `the window is only partly inside the evaluated range (from ${from} to ${to}): evaluate whole windows to judge it`;
}
