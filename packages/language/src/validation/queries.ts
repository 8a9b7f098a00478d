import { AstUtils, type AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { baseAgreements } from '../sla-scope.js';

// A change in another file only relinks this one, and an edit inside a member replaces that
// member and the agreement's list of members (incremental-parse.ts): results are kept per
// agreement node and reused while the chain of agreements it extends and their lists are the same.
interface AgreementFacts {
    readonly chain: readonly ast.Agreement[];
    readonly memberLists: ReadonlyArray<readonly ast.AgreementMember[]>;
    readonly members: ast.AgreementMember[];
    readonly currency: string | undefined;
}
const factsOf = new WeakMap<ast.Agreement, AgreementFacts>();

function agreementFacts(agreement: ast.Agreement): AgreementFacts {
    const chain = [agreement, ...baseAgreements(agreement)];
    const cached = factsOf.get(agreement);
    const unchanged =
        cached &&
        cached.chain.length === chain.length &&
        cached.chain.every((a, i) => a === chain[i] && cached.memberLists[i] === a.members);
    if (unchanged) return cached;
    const members = chain.flatMap((a) => a.members);
    const facts = {
        chain,
        memberLists: chain.map((a) => a.members),
        members,
        currency: members.find(ast.isCurrency)?.code,
    };
    factsOf.set(agreement, facts);
    return facts;
}

/** The members an agreement declares or inherits from the agreements it extends, nearest first. */
export function agreementMembers(agreement: ast.Agreement): ast.AgreementMember[] {
    return agreementFacts(agreement).members;
}

function agreementOf(node: AstNode): ast.Agreement | undefined {
    return AstUtils.getContainerOfType(node, ast.isAgreement);
}

/** The agreement's currency code, declared or inherited. */
export function agreementCurrency(node: AstNode): string | undefined {
    const agreement = agreementOf(node);
    return agreement ? agreementFacts(agreement).currency : undefined;
}

type ControllerRole = 'provider' | 'customer' | 'third-party';

export interface Controller {
    readonly role: ControllerRole;
    /** "Cdn", "the customer": who controls the metric, for messages. */
    readonly who: string;
    /** "Cdn, a third party", "the customer". */
    readonly description: string;
    readonly stated: boolean;
}

/** Who controls a metric: the named party's role, the stated role, or the provider when nothing is stated. */
export function controllerOf(metric: ast.Metric): Controller | undefined {
    if (metric.controller) {
        const party = metric.controller.ref;
        if (!party) return undefined;
        const article = party.role === 'third-party' ? 'a' : 'the';
        return {
            role: party.role as ControllerRole,
            who: party.name,
            description: `${party.name}, ${article} ${roleName(party.role)}`,
            stated: true,
        };
    }
    const role = (metric.controllerRole ?? 'provider') as ControllerRole;
    const who = role === 'third-party' ? 'a third party' : `the ${role}`;
    return { role, who, description: who, stated: metric.controllerRole !== undefined };
}

function roleName(role: string): string {
    return role === 'third-party' ? 'third party' : role;
}

/** What an objective's verdict compares: the share of events for a share target, else the metric's value. */
export function measuredTarget(objective: ast.Objective): { threshold: ast.Quantity; atLeast: boolean } | undefined {
    const target = objective.target;
    if (ast.isShareTarget(target))
        return target.share?.value === undefined ? undefined : { threshold: target.share, atLeast: true };
    if (target?.threshold?.value === undefined || target.comparator === undefined) return undefined;
    return { threshold: target.threshold, atLeast: isAtLeast(target.comparator) };
}

/** Multi-keyword values arrive without the spaces between keywords ("atleast", "forcemajeure"). */
export function compact(text: string): string {
    return text.replace(/\s+/g, '');
}

export function isAtLeast(comparator: string): boolean {
    // The symbols need no compacting: this runs for every objective and tier, a regular expression each time.
    if (comparator === '>=' || comparator === '>') return true;
    if (comparator === '<=' || comparator === '<') return false;
    return compact(comparator) === 'atleast';
}
