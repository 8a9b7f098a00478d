/**
 * Availability from probe samples: a sample stands for its interval. Contract form: 1 − downtime /
 * window length, where excluded time is never downtime; sample form: up samples / counted samples.
 */
import { Rational } from '../rational.js';
import { intersect, merge, subtract, totalLength } from '../intervals.js';
import { SlotMarks } from '../slots.js';
import type { DefinitionOf, Kernel, Measurement, MetricKindSpec, Target, WindowFrame } from './kind.js';
import { Offending, downtimeBudget, percentOf, windowCounts } from './shared.js';

type ProbeDefinition = DefinitionOf<'probe-availability'>;

/** A slot is down when any of its rows is down: duplicate rows neither add samples nor downtime. */
const UP = 1;
const DOWN = 2;

interface ProbeData {
    readonly slots: SlotMarks;
    /** Instants of the down samples (one per slot): each is down for [t, t + interval). */
    readonly downAt: number[];
    readonly offending: Offending;
}

/**
 * Contract form: the downtime inside the window's measured time outside exclusions, from the down
 * samples of this window and of the window before (a sample at 23:58 every 5 min is down until
 * 00:03 of the next window); overlapping sample intervals count once.
 */
function chargedDowntime(frame: WindowFrame, intervalMs: number, ...downAt: (readonly number[])[]): number {
    const down = merge(downAt.flatMap((times) => times.map((t) => ({ start: t, end: t + intervalMs }))));
    return totalLength(subtract(intersect(down, frame.measured), frame.exclusions));
}

function probeKernel(
    definition: ProbeDefinition,
    upSlot: number,
    intervalMs: number,
    target: Target,
): Kernel<ProbeData> {
    return {
        create: () => ({ slots: new SlotMarks(intervalMs), downAt: [], offending: new Offending() }),
        add(data, values, at, t) {
            const isUp = values[at + upSlot] === 1;
            const before = data.slots.mark(t, isUp ? UP : DOWN);
            if (!isUp && before !== DOWN) {
                data.offending.note(t);
                data.downAt.push(t);
            }
        },
        // A down sample at 03:58 inside maintenance until 04:00 is down 04:00–04:03 (contract form).
        addExcluded:
            definition.form === 'contract'
                ? (data, values, at, t) => {
                      if (values[at + upSlot] !== 1) data.downAt.push(t);
                  }
                : undefined,
        merge(into, from) {
            into.slots.mergeFrom(from.slots);
            into.downAt.push(...from.downAt);
            into.offending.mergeFrom(from.offending);
        },
        measure(state, frame, previous) {
            const up = state?.data.slots.countOf(UP) ?? 0;
            const down = state?.data.slots.countOf(DOWN) ?? 0;
            const duplicates = state?.data.slots.duplicates ?? 0;
            const present = up + down;
            const causeExcluded = state?.causeExcluded ?? 0;
            const expected = Math.round(frame.activeMs / intervalMs);
            const missing = Math.max(0, expected - present - causeExcluded);
            const missingMs = missing * intervalMs;
            const excludedMs =
                frame.exclusionMs + causeExcluded * intervalMs + (definition.missing === 'excluded' ? missingMs : 0);
            const coverage =
                frame.activeMs > 0
                    ? Rational.of(Math.min(expected, present + causeExcluded) * 100, Math.max(expected, 1))
                    : undefined;
            const result: Measurement = {
                counts: {
                    ...windowCounts(state, present),
                    up,
                    down,
                    missing,
                    ...(duplicates > 0 ? { duplicates } : {}),
                },
                coverage,
                excludedMs,
                offending: state?.data.offending,
            };
            const duplicateNote =
                duplicates > 0
                    ? `${duplicates} row(s) fell in a sample slot that already had a row: each slot counts once, and is down when any of its rows is down (rows of different probes need "for each")`
                    : undefined;
            // Without a sample, only a rule for missing samples (as up, as down) gives a value.
            const missingCounts = definition.missing === 'up' || definition.missing === 'down';
            if (present === 0 && !(missingCounts && missing > 0)) {
                result.reason = 'no samples in the window';
                return result;
            }
            if (definition.form === 'sample') {
                const countedUp = up + (definition.missing === 'up' ? missing : 0);
                const counted = present + (definition.missing === 'up' || definition.missing === 'down' ? missing : 0);
                result.counts = { ...result.counts, counted };
                result.value = percentOf(Rational.of(countedUp), Rational.of(counted));
                result.downtimeMs = (counted - countedUp) * intervalMs;
                result.downtimeBudgetMs = downtimeBudget(target.threshold, counted * intervalMs);
            } else {
                // Missing time that is neither up nor down leaves the window: the value is over the observed time.
                const own = state?.data.downAt ?? [];
                const sampled = chargedDowntime(frame, intervalMs, own, previous?.data.downAt ?? []);
                const carried = sampled - chargedDowntime(frame, intervalMs, own);
                const downtimeMs = sampled + (definition.missing === 'down' ? missingMs : 0);
                const windowMs =
                    definition.missing === 'unknown' || definition.missing === 'excluded'
                        ? frame.lengthMs - missingMs
                        : frame.lengthMs;
                result.value = Rational.HUNDRED.sub(percentOf(Rational.of(downtimeMs), Rational.of(windowMs)));
                result.downtimeMs = downtimeMs;
                result.downtimeBudgetMs = downtimeBudget(target.threshold, windowMs);
                if (missing > 0 && windowMs !== frame.lengthMs)
                    result.note = `${missing} missing samples (${missingMs / 60_000} min) count neither as up nor as down`;
                if (carried > 0)
                    result.note = [
                        result.note,
                        `${carried / 1000} s of downtime from a down sample of the window before that reaches into this one`,
                    ]
                        .filter(Boolean)
                        .join('; ');
            }
            result.note = [result.note, duplicateNote].filter(Boolean).join('; ') || undefined;
            return result;
        },
    };
}

export const probeAvailability: MetricKindSpec<ProbeDefinition> = {
    placement: 'instant',
    during: 'rows',
    coverage: 'own',
    timeExclusions: true,
    windowsWithoutRows: false,
    shareOfEvents: false,
    needsSampleInterval: true,
    columns: (d) => [{ ref: d.samples, optional: false }],
    sourceName: (d) => d.samples.source,
    timeColumn: () => undefined,
    kernel: (d, context) => probeKernel(d, context.slot(d.samples), context.source.sampleIntervalMs!, context.target),
    windowBudget: (d, target, frame) =>
        downtimeBudget(target.threshold, d.form === 'contract' ? frame.lengthMs : frame.activeMs),
    notes: (d) => [
        d.form === 'contract'
            ? 'contract form: availability = 1 − downtime / window length; excluded time is never downtime'
            : 'sample form: availability = up samples / counted samples; excluded and missing samples count in neither',
    ],
};
