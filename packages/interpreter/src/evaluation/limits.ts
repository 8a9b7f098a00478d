/**
 * Bounds on the work of one evaluation, so that no agreement — written by whoever opens a pull
 * request — takes minutes or gigabytes without saying why. A bound that is reached is an error
 * that names it and says how to narrow the evaluation or raise the bound.
 */

/** Window reports (objective × window × group) one evaluation may hold at once, by default. */
export const DEFAULT_MAX_WINDOWS = 50_000;

/** Day states merged into rolling windows, per allowed window: a rolling N-day window merges N days. */
const ROLLING_MERGES_PER_WINDOW = 40;

/** An evaluation that would exceed a bound. A RangeError: input the evaluator refuses to use. */
export class LimitExceeded extends RangeError {
    override readonly name = 'LimitExceeded';
}

export class WorkBudget {
    private groupStates = 0;
    private windowReports = 0;
    private rollingMerges = 0;

    constructor(readonly maxWindows: number = DEFAULT_MAX_WINDOWS) {
        if (!Number.isSafeInteger(maxWindows) || maxWindows < 1) {
            throw new RangeError(`--max-windows must be a whole number of at least 1, not ${maxWindows}`);
        }
    }

    /** A window of a group starts to keep state while rows are read. */
    takeGroupState(objective: string): void {
        if (++this.groupStates <= this.maxWindows) return;
        throw this.exceeded(`the data opens more than ${this.maxWindows} windows (counting each group)`, objective);
    }

    /** An objective is to judge `count` windows (counting each group). */
    takeWindowReports(count: number, objective: string): void {
        this.windowReports += count;
        if (this.windowReports <= this.maxWindows) return;
        throw this.exceeded(
            `the evaluation would judge more than ${this.maxWindows} windows (counting each group)`,
            objective,
        );
    }

    /** Rolling windows of `days` days, `count` of them, each for `groups` groups. */
    takeRollingMerges(count: number, days: number, groups: number, objective: string): void {
        this.rollingMerges += count * days * groups;
        const max = this.maxWindows * ROLLING_MERGES_PER_WINDOW;
        if (this.rollingMerges <= max) return;
        throw this.exceeded(
            `its rolling windows would merge more than ${max} day states (${count} windows of ${days} days, ${groups} group${groups === 1 ? '' : 's'})`,
            objective,
        );
    }

    private exceeded(what: string, objective: string): LimitExceeded {
        return new LimitExceeded(
            `objective ${objective}: ${what}. Narrow the evaluation with --from/--to or a term, use longer windows, or raise the bound with --max-windows (now ${this.maxWindows}).`,
        );
    }
}
