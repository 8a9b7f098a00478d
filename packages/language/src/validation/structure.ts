import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { Diagnostics } from './codes.js';
import { agreementMembers, compact } from './queries.js';
import { report } from './report.js';

/** More metrics than this in one service, and nobody reads them all. */
export const MAX_READABLE_METRICS = 10;

export function checkServiceHasObjective(service: ast.Service, accept: ValidationAcceptor): void {
    if (service.members.some(ast.isObjective)) return;
    report(
        accept,
        Diagnostics.ServiceWithoutObjective,
        `Service ${service.name} has no objective, so it promises nothing that can be measured. Add one, e.g. \`objective Uptime: Availability >= 99.9 % per month\`.`,
        { node: service, property: 'name' },
    );
}

export function checkMetricCount(service: ast.Service, accept: ValidationAcceptor): void {
    const count = service.members.filter(ast.isMetric).length;
    if (count <= MAX_READABLE_METRICS) return;
    report(
        accept,
        Diagnostics.TooManyMetrics,
        `Service ${service.name} has ${count} metrics; more than ${MAX_READABLE_METRICS} and nobody will read them all. Keep the few that matter to the customer.`,
        { node: service, property: 'name' },
    );
}

/**
 * Outside the company (any kind but internal) an agreement should say that force majeure does not
 * count against the provider; the exclusion may sit on the agreement, a base agreement or a service.
 */
export function checkForceMajeure(agreement: ast.Agreement, accept: ValidationAcceptor): void {
    const members = agreementMembers(agreement);
    if (members.find(ast.isAgreementKind)?.kind === 'internal') return;
    const exclusions = [...members, ...members.filter(ast.isService).flatMap((s) => s.members)].filter(
        ast.isCauseExclusion,
    );
    if (exclusions.some((e) => e.cause !== undefined && compact(e.cause) === 'forcemajeure')) return;
    report(
        accept,
        Diagnostics.MissingForceMajeure,
        `Agreement ${agreement.name} has no force-majeure exclusion: without one, the provider owes credits for events nobody controls. Add \`exclude force majeure\`.`,
        { node: agreement, property: 'name' },
    );
}
