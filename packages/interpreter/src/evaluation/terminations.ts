/** Termination rights: from which window N (consecutive) breaches of an objective give the right to terminate. */
import type { Objective, Service, Termination } from '../model.js';
import type { TerminationReport, WindowReport } from '../report.js';

/** One report per termination clause on the objective, in the order written; undefined without any. */
export function terminations(
    service: Service,
    objective: Objective,
    windows: readonly WindowReport[],
): TerminationReport[] | undefined {
    const clauses = service.terminations.filter((t) => t.objective === objective.name);
    return clauses.length === 0 ? undefined : clauses.map((clause) => termination(clause, objective, windows));
}

function termination(clause: Termination, objective: Objective, windows: readonly WindowReport[]): TerminationReport {
    const byGroup = new Map<string, WindowReport[]>();
    for (const window of windows) {
        const group = window.group ?? '';
        byGroup.set(group, [...(byGroup.get(group) ?? []), window]);
    }
    const from: { group?: string; window: string; at: string }[] = [];
    for (const [group, list] of byGroup) {
        let run = 0;
        for (const window of list) {
            // A window that is not determined is not a breach; for consecutive counting it ends the run.
            if (window.verdict === 'breached') run++;
            else if (clause.consecutive) run = 0;
            if (run >= clause.count) {
                from.push({ group: objective.groupBy ? group : undefined, window: window.label, at: window.end });
                break;
            }
        }
    }
    return { after: clause.count, consecutive: clause.consecutive, from };
}
