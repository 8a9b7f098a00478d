import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { baseAgreements } from '../sla-scope.js';

/** The arguments of one call of a validation acceptor. */
export type Report = Parameters<ValidationAcceptor>;

interface CheckedService {
    readonly context: readonly unknown[];
    readonly line: number;
    readonly character: number;
    readonly reports: readonly Report[];
}

/**
 * An edit inside one service of a large agreement re-parses that service alone and keeps every
 * other member's nodes (incremental-parse.ts). The checks of a service's nodes read that service
 * and, through its references and the agreement's currency, the agreement's other members and the
 * agreements it extends, never another service: metrics and objectives are visible only inside
 * their own service, and nothing refers to a service. So what those checks reported is kept per
 * service node and reported again while the service, everything else it may read (the same
 * nodes), the registered checks and where the service starts in the text are all the same; the
 * positions and line numbers in the reports are then the same too.
 */
export class KeptServiceReports {
    private readonly checked = new WeakMap<ast.Service, CheckedService>();

    /** For one validation: `stamp` names the registered checks and categories in use. */
    forValidation(stamp: string): ServiceReportsOfValidation {
        return new ServiceReportsOfValidation(this.checked, stamp);
    }
}

export class ServiceReportsOfValidation {
    private readonly contexts = new Map<ast.Agreement, unknown[]>();

    constructor(
        private readonly checked: WeakMap<ast.Service, CheckedService>,
        private readonly stamp: string,
    ) {}

    /** What the checks reported on the service's nodes last time, if nothing they read has changed since. */
    kept(service: ast.Service): readonly Report[] | undefined {
        const previous = this.checked.get(service);
        const start = service.$cstNode?.range.start;
        if (!previous || !start || previous.line !== start.line || previous.character !== start.character)
            return undefined;
        const context = this.contextOf(service);
        const same =
            previous.context.length === context.length && previous.context.every((item, i) => item === context[i]);
        return same ? previous.reports : undefined;
    }

    keep(service: ast.Service, reports: readonly Report[]): void {
        const start = service.$cstNode?.range.start;
        if (start)
            this.checked.set(service, {
                context: this.contextOf(service),
                line: start.line,
                character: start.character,
                reports,
            });
    }

    /**
     * What the checks of a service may read outside it: the agreement's other members, the base
     * agreements and their lists of members (a base edited elsewhere is a new node), and the stamp.
     */
    private contextOf(service: ast.Service): readonly unknown[] {
        const agreement = service.$container;
        let context = this.contexts.get(agreement);
        if (!context) {
            context = [this.stamp, agreement, ...agreement.members.filter((member) => !ast.isService(member))];
            for (const base of baseAgreements(agreement)) context.push(base, base.members);
            this.contexts.set(agreement, context);
        }
        return context;
    }
}
