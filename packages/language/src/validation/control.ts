import { AstUtils, type ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { Diagnostics } from './codes.js';
import { controllerOf } from './queries.js';
import { report } from './report.js';

/**
 * THE contract smell: a credit or penalty attached to an objective whose metric the provider does
 * not control. The provider would pay for what the customer or a third party does. Rewards are fine:
 * nobody is harmed by a bonus for a level someone else helps reach.
 */
export function checkUncontrolledPenalisedMetric(objective: ast.Objective, accept: ValidationAcceptor): void {
    const metric = objective.target?.metric?.ref;
    const controller = metric ? controllerOf(metric) : undefined;
    if (!metric || !controller || controller.role === 'provider') return;
    const remedies = objective.$container.members
        .filter(ast.isRemedy)
        .filter((r) => r.kind !== 'reward' && r.objective?.ref === objective);
    if (remedies.length === 0) return;
    const consequences = [...new Set(remedies.map((r) => r.kind))].join(' and ');
    report(
        accept,
        Diagnostics.UncontrolledPenalisedMetric,
        `Metric ${metric.name} is controlled by ${controller.description}, not by the provider, yet objective ${objective.name} ` +
            `carries a ${consequences}. The provider cannot be held to a level it does not control, so the ${consequences} ` +
            `would be unfair and hard to enforce: make ${controller.who} answerable for it, exclude the failures it causes, ` +
            `or drop the ${consequences}.`,
        { node: objective.target, property: 'metric', relatedInformation: remedyLocations(remedies) },
    );
}

/** Points from the warning to each credit or penalty that rests on the metric. */
function remedyLocations(remedies: readonly ast.Remedy[]) {
    return remedies
        .filter((r) => r.$cstNode)
        .map((remedy) => ({
            location: { uri: AstUtils.getDocument(remedy).uri.toString(), range: remedy.$cstNode!.range },
            message: `${remedy.kind} on ${remedy.objective.$refText}`,
        }));
}

/** Unstated control defaults to the provider; saying so makes the penalty check meaningful. */
export function checkImplicitController(metric: ast.Metric, accept: ValidationAcceptor): void {
    if (controllerOf(metric)?.stated !== false) return;
    report(
        accept,
        Diagnostics.ImplicitController,
        `Metric ${metric.name} does not say who controls it, so it is taken to be the provider. ` +
            'State it with `controlled by provider` (or the customer, or a third party) so that readers and the penalty check agree.',
        { node: metric, property: 'name' },
    );
}
