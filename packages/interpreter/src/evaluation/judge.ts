/**
 * Judging: turns the window states of an objective's run into its report — per window and group
 * the measurement, the verdict and why, the remedies owed, and the termination rights.
 */
import type { ObjectiveReport, Verdict, WindowReport } from '../report.js';
import type { GroupState, Measurement, WindowFrame } from '../kinds/kind.js';
import { satisfies } from '../kinds/shared.js';
import { decimalBeside } from '../display.js';
import { Rational } from '../rational.js';
import { applyRemedies, termDays, type RemedyWindow } from '../remedies.js';
import { wholeWindowFrame, type FrameState } from './frames.js';
import type { ObjectiveRun } from './objective-run.js';
import type { ObjectivePlan } from './plan.js';
import type { DataEnd } from './data-end.js';
import { inProgress, partlyInRange } from './range.js';
import { cutOffAhead } from './cut-off.js';
import { objectiveHeader, objectiveNotes } from './objective-header.js';
import { terminations } from './terminations.js';
import { windowsToJudge } from './window-list.js';

type JudgedWindow = Omit<WindowReport, 'remedies'>;

/**
 * `dataEnd`: the instant up to which the agreement's data is known (the latest data of its sources,
 * or a later `complete until`); a window that starts there or later is not determined.
 */
export function judgeObjective(run: ObjectiveRun, dataEnd: DataEnd): ObjectiveReport {
    const plan = run.plan;
    const groups = plan.objective.groupBy ? [...run.groups].sort() : [''];
    const notes: string[] = [];
    const windows = windowsToJudge(run, notes);
    const judged: { window: JudgedWindow; remedy: RemedyWindow }[] = [];
    for (const [index, state] of windows.entries()) {
        // Calendar windows follow each other; a rolling window's days are all inside it.
        const before = plan.rollingDays ? undefined : windows[index - 1];
        const after = plan.rollingDays ? undefined : windows[index + 1];
        for (const group of groups) {
            const groupState = state.groups.get(group);
            const measured = run.kernel.measure(
                groupState,
                state.frame,
                before?.groups.get(group),
                after?.groups.get(group),
            );
            const measurement = withSlotCoverage(measured, groupState, state.frame, plan.slotIntervalMs);
            const { window, value } = judgeWindow(plan, state, group, measurement, dataEnd);
            const remedy: RemedyWindow = {
                span: state.frame.span,
                group,
                breached: window.verdict === 'breached',
                value,
                downtimeMs: measurement.downtimeMs,
                outcomes: [],
            };
            judged.push({ window, remedy });
        }
    }
    notes.push(
        ...remedyNotes(
            plan,
            judged.map((j) => j.remedy),
        ),
    );
    if (run.windowsReadAgain > 0) {
        const count = run.windowsReadAgain;
        notes.push(
            `the data file is not in time order: ${count} window${count === 1 ? ' was' : 's were'} read in a second pass (sorting the file by time avoids it)`,
        );
    }
    if (judged.length === 0 && notes.length === 0) notes.push('no data in the evaluated range');
    const reports = judged.map(({ window, remedy }) => ({ ...window, remedies: remedy.outcomes }));
    return {
        ...objectiveHeader(plan.objective, plan.metric),
        windows: reports,
        terminations: plan.objective.informational ? undefined : terminations(plan.service, plan.objective, reports),
        notes: [...objectiveNotes(plan.objective, plan.metric, plan.source), ...notes],
    };
}

/** Fills the remedies of calendar windows (in place); rolling windows owe none. */
function remedyNotes(plan: ObjectivePlan, windows: readonly RemedyWindow[]): string[] {
    const { objective, service, contract } = plan;
    if (objective.informational) {
        return ['informational: reported, but never a breach in the summary or the exit code, and never owed money'];
    }
    const window = objective.window;
    if (window.kind === 'calendar' && window.unit === 'hour' && remedyOn(plan)) {
        return ['credits are not computed on hour windows: a fee is not prorated to the hour'];
    }
    if (window.kind === 'calendar' && window.unit !== 'hour') {
        const context = { zone: plan.zone, termDays: termDays(contract.term), windowUnit: window.unit };
        return applyRemedies(context, service, objective, windows);
    }
    if (remedyOn(plan)) {
        return ["credits are not computed for rolling windows: each day's trailing window overlaps the ones before it"];
    }
    return [];
}

function remedyOn(plan: ObjectivePlan): boolean {
    return plan.service.remedies.some((r) => r.objective === plan.objective.name);
}

function judgeWindow(
    plan: ObjectivePlan,
    state: FrameState,
    group: string,
    m: Measurement,
    dataEnd: DataEnd,
): { window: JudgedWindow; value?: Rational } {
    const { zone, range, objective, target } = plan;
    const { verdict, reason } = verdictOf(plan, state, m, dataEnd);
    const span = state.frame.span;
    // A window cut by --from/--to shows its counts only: a value over part of it would read as the window's.
    if (partlyInRange(zone, range, span)) m = { counts: m.counts, excludedMs: m.excludedMs };
    const breach =
        verdict === 'breached' && m.offending && m.offending.count > 0
            ? { first: zone.format(m.offending.first), last: zone.format(m.offending.last), count: m.offending.count }
            : undefined;
    const window: JudgedWindow = {
        label: span.label,
        // The part of the window inside the evaluated range (a term may start or end inside it).
        start: zone.format(state.frame.start),
        end: zone.format(state.frame.end),
        group: objective.groupBy ? group : undefined,
        verdict,
        reason: [reason, m.note, lowCoverage(plan, m, verdict)].filter(Boolean).join('; ') || undefined,
        value: m.value && decimalBeside(m.value, target.share ?? target.threshold, 6),
        unit: objective.share ? '%' : plan.metric.unit,
        coverage: m.coverage && decimalBeside(m.coverage, minimumCoverage(plan), 3),
        counts: m.counts,
        ...budgetOf(plan, state, m, verdict),
        downtimeMs: m.downtimeMs,
        excludedMs:
            m.excludedMs ??
            (plan.kind.timeExclusions
                ? state.frame.exclusionMs + causeExcludedMs(plan, state.groups.get(group))
                : undefined),
        breach,
    };
    // Only judged windows owe money: not an undetermined one, nor one still in progress.
    const judged = verdict === 'met' || verdict === 'breached';
    return { window, value: judged ? m.value : undefined };
}

/**
 * The downtime budget of the window and, while it is in progress, what is left of it: the budget
 * of the whole window (not of its elapsed part) less the downtime so far.
 */
function budgetOf(
    plan: ObjectivePlan,
    state: FrameState,
    m: Measurement,
    verdict: Verdict,
): Pick<WindowReport, 'downtimeBudgetMs' | 'downtimeBudgetLeftMs'> {
    if (verdict !== 'in-progress' || m.downtimeBudgetMs === undefined || !plan.kind.windowBudget) {
        return { downtimeBudgetMs: m.downtimeBudgetMs };
    }
    const whole = wholeWindowFrame(plan, state.frame.span);
    const budget = plan.kind.windowBudget(plan.metric.definition, plan.target, whole);
    return { downtimeBudgetMs: budget, downtimeBudgetLeftMs: budget - (m.downtimeMs ?? 0) };
}

/** Coverage below this, without a `coverage at least` of the objective's, earns a note on the verdict. */
const LOW_COVERAGE = Rational.of(50);

function lowCoverage(plan: ObjectivePlan, m: Measurement, verdict: Verdict): string | undefined {
    if (plan.objective.minimumCoverage !== undefined || m.coverage === undefined) return undefined;
    if ((verdict !== 'met' && verdict !== 'breached') || m.coverage.cmp(LOW_COVERAGE) >= 0) return undefined;
    return `LOW COVERAGE: only ${decimalBeside(m.coverage, LOW_COVERAGE, 3)} % of the window has data, and the verdict rests on it; state "coverage at least N %" to leave such windows not determined`;
}

/** On a sampled source, each row excluded by a cause stands for one sample interval of excluded time. */
function causeExcludedMs(plan: ObjectivePlan, state: GroupState<unknown> | undefined): number {
    return (state?.causeExcluded ?? 0) * (plan.source.sampleIntervalMs ?? 0);
}

function minimumCoverage(plan: ObjectivePlan): Rational | undefined {
    const minimum = plan.objective.minimumCoverage;
    return minimum === undefined ? undefined : Rational.parse(minimum);
}

function verdictOf(
    plan: ObjectivePlan,
    state: FrameState,
    m: Measurement,
    dataEnd: DataEnd,
): { verdict: Verdict; reason?: string } {
    const { zone, range } = plan;
    const span = state.frame.span;
    const cut = partlyInRange(zone, range, span);
    if (cut) return { verdict: 'not-determined', reason: cut };
    if (inProgress(range, span)) {
        return { verdict: 'in-progress', reason: `in progress as of ${zone.format(range.asOf)}: the value so far` };
    }
    const cutOff = cutOffAhead(plan, span);
    if (cutOff !== undefined) {
        return {
            verdict: 'in-progress',
            reason: `in progress until its cut-off at ${zone.format(cutOff)}: the value as of ${zone.format(range.asOf)}`,
        };
    }
    if ((m.value !== undefined || m.noEvents) && span.start >= dataEnd.end) {
        const end = Number.isFinite(dataEnd.shown) ? `after ${zone.format(dataEnd.shown)}, ` : '';
        return {
            verdict: 'not-determined',
            reason: `no data ${end}where the agreement's data ends (a data source that is complete for longer says so with "complete until")`,
        };
    }
    if (m.value === undefined && m.noEvents && (plan.objective.whenNoEvents ?? 'met') === 'met') {
        return { verdict: 'met', reason: `${m.reason ?? 'no events'}: met, as nothing happened (when no events: met)` };
    }
    if (m.value === undefined) return { verdict: 'not-determined', reason: m.reason ?? 'no data' };
    const minimum = minimumCoverage(plan);
    if (minimum !== undefined && m.coverage !== undefined && m.coverage.cmp(minimum) < 0) {
        const coverage = decimalBeside(m.coverage, minimum, 3);
        return {
            verdict: 'not-determined',
            reason: `coverage ${coverage} % is below the required ${plan.objective.minimumCoverage} %`,
        };
    }
    const { target } = plan;
    const met = target.share
        ? satisfies(m.value, '>=', target.share)
        : satisfies(m.value, target.comparator, target.threshold);
    return { verdict: met ? 'met' : 'breached' };
}

/**
 * Coverage of a metric on a sampled source other than probes: distinct sample slots with a row
 * (counted or cause-excluded) over the slots expected in the window's active time; duplicate rows
 * are reported in the counts.
 */
function withSlotCoverage(
    m: Measurement,
    state: GroupState<unknown> | undefined,
    frame: WindowFrame,
    intervalMs: number | undefined,
): Measurement {
    if (intervalMs === undefined || m.coverage !== undefined || frame.activeMs <= 0) return m;
    const expected = Math.max(1, Math.round(frame.activeMs / intervalMs));
    const distinct = state?.slots?.distinct ?? 0;
    const duplicates = state?.slots?.duplicates ?? 0;
    return {
        ...m,
        coverage: Rational.of(Math.min(expected, distinct) * 100, expected),
        counts: {
            ...m.counts,
            missing: m.counts.missing ?? Math.max(0, expected - distinct),
            ...(duplicates > 0 ? { duplicates } : {}),
        },
    };
}
