import type { AstNode, ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { Diagnostics } from './codes.js';
import { report } from './report.js';

type Named = AstNode & { name: string };

const KIND_WORDS: Readonly<Record<string, string>> = {
    Agreement: 'agreement',
    Party: 'party',
    Calendar: 'calendar',
    DataSource: 'data source',
    Amendment: 'amendment',
    Column: 'column',
    Service: 'service',
    Metric: 'metric',
    Objective: 'objective',
};

/** Reports every declaration after the first that reuses the name of an earlier one of the same kind. */
function checkUnique(nodes: readonly Named[], scope: string, accept: ValidationAcceptor): void {
    const first = new Map<string, Named>();
    for (const node of nodes.filter((n) => n.name !== undefined)) {
        const key = `${node.$type}:${node.name}`;
        const earlier = first.get(key);
        if (!earlier) {
            first.set(key, node);
            continue;
        }
        const line = (earlier.$cstNode?.range.start.line ?? 0) + 1;
        report(
            accept,
            Diagnostics.DuplicateName,
            `${article(KIND_WORDS[node.$type])} named '${node.name}' is already declared ${scope} on line ${line}; give this one another name.`,
            { node, property: 'name' },
        );
    }
}

function article(word: string): string {
    return `${/^[aeiou]/.test(word) ? 'An' : 'A'} ${word}`;
}

export function checkUniqueAgreements(model: ast.Model, accept: ValidationAcceptor): void {
    checkUnique(model.agreements, 'in this file', accept);
}

/**
 * Parties, calendars, data sources, amendments and services of one agreement. An agreement that
 * extends another may redeclare an inherited name on purpose: the nearer declaration wins.
 */
export function checkUniqueAgreementMembers(agreement: ast.Agreement, accept: ValidationAcceptor): void {
    const named = agreement.members.filter(
        (m): m is ast.AgreementMember & Named => 'name' in m && typeof m.name === 'string',
    );
    checkUnique(named, `in agreement ${agreement.name}`, accept);
}

export function checkUniqueColumns(source: ast.DataSource, accept: ValidationAcceptor): void {
    checkUnique(source.options.filter(ast.isColumn), `in data source ${source.name}`, accept);
}

export function checkUniqueServiceMembers(service: ast.Service, accept: ValidationAcceptor): void {
    const named = service.members.filter((m): m is ast.Metric | ast.Objective => ast.isMetric(m) || ast.isObjective(m));
    checkUnique(named, `in service ${service.name}`, accept);
}
