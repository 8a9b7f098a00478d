import { windowName, type ObjectiveReport, type RemedyOutcome, type WindowReport } from '@sla/interpreter';
import { formatDuration, trimDecimals } from '../sla-budget.js';

const SHOWN_WINDOWS = 4;

/** A measured value for people: `99.861 %`, `312.5 ms`, `1.5 h`, at most three decimals. */
export function formatValue(value: string | undefined, unit: string): string {
    if (value === undefined) return 'no value';
    if (unit === 'ms') return formatDuration(Number(value));
    const rounded = trimDecimals(Number(value).toFixed(3));
    return unit === 'count' ? rounded : `${rounded} ${unit}`;
}

function owed(remedies: readonly RemedyOutcome[]): string {
    const parts = remedies
        .filter((r) => r.kind !== 'reward' && Number(r.amount) > 0)
        .map((r) => `${r.kind} ${r.amount} ${r.currency}`);
    return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}

function budget(window: WindowReport): string {
    if (window.downtimeMs === undefined || window.downtimeBudgetMs === undefined) return '';
    const left =
        window.downtimeBudgetLeftMs === undefined ? '' : `, ${formatDuration(window.downtimeBudgetLeftMs)} left`;
    return `, downtime ${formatDuration(window.downtimeMs)} of ${formatDuration(window.downtimeBudgetMs)} allowed${left}`;
}

/** `2025-02: 99.861 %, downtime 58 min of 40.32 min allowed; credit 124.00 EUR` */
export function describeWindow(window: WindowReport): string {
    if (window.verdict === 'not-determined')
        return `${windowName(window)}: not determined (${window.reason ?? 'no data'})`;
    const sofar = window.verdict === 'in-progress' ? 'in progress, so far ' : '';
    return `${windowName(window)}: ${sofar}${formatValue(window.value, window.unit)}${budget(window)}${owed(window.remedies)}`;
}

export function listWindows(windows: readonly WindowReport[]): string {
    const shown = windows.slice(0, SHOWN_WINDOWS).map(describeWindow).join('\n');
    return windows.length > SHOWN_WINDOWS ? `${shown}\n… and ${windows.length - SHOWN_WINDOWS} more` : shown;
}

export function verdictCounts(objective: ObjectiveReport): { met: number; breached: number; notDetermined: number } {
    const count = (verdict: string) => objective.windows.filter((w) => w.verdict === verdict).length;
    return { met: count('met'), breached: count('breached'), notDetermined: count('not-determined') };
}

/** One line for a code lens: each window's verdict and value, or counts when there are many. */
export function lensTitle(objective: ObjectiveReport): string {
    const { windows } = objective;
    if (windows.length === 0) return 'no windows in the evaluated range';
    if (windows.length <= 6 && objective.groupBy === undefined) {
        return windows
            .map(
                (w) =>
                    `${symbol(w)} ${w.label} ${w.verdict === 'not-determined' ? 'n/d' : formatValue(w.value, w.unit)}`,
            )
            .join('  ·  ');
    }
    const { met, breached, notDetermined } = verdictCounts(objective);
    return `${met} met · ${breached} breached · ${notDetermined} not determined (${windows.length} windows${objective.groupBy ? ` by ${objective.groupBy}` : ''})`;
}

function symbol(window: WindowReport): string {
    return window.verdict === 'met'
        ? '✓'
        : window.verdict === 'breached'
          ? '✗'
          : window.verdict === 'in-progress'
            ? '…'
            : '?';
}
