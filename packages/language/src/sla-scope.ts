import { AstUtils, DefaultScopeProvider, EMPTY_SCOPE, type AstNode, type ReferenceInfo, type Scope } from 'langium';
import {
    Agreement, Column, ColumnRef, Objective, isAgreement, isColumnRef, isDataSource, isGrouping, isObjective,
    isScope, type DataSource, type Metric
} from './generated/ast.js';

/**
 * Names declared in an agreement are visible in all its services; names in a service are visible
 * in that service (Langium's default local scopes). On top of that:
 * - a qualified column `probes.up` is looked up in the columns of `probes`;
 * - an unqualified column in an objective's `where` or `for each` is looked up in the data
 *   sources its metric reads, and elsewhere in every data source of the agreement;
 * - an agreement that `extends` another sees the base agreement's declarations.
 */
export class SlaScopeProvider extends DefaultScopeProvider {
    override getScope(context: ReferenceInfo): Scope {
        if (isColumnRef(context.container) && context.property === 'column') {
            return this.columnScope(context.container);
        }
        const scope = super.getScope(context);
        if (isAgreement(context.container)) {
            return scope; // the `extends` reference itself: looking at bases here would recurse
        }
        const agreement = AstUtils.getContainerOfType(context.container, isAgreement);
        const bases = agreement ? baseAgreements(agreement) : [];
        if (bases.length === 0) {
            return scope;
        }
        const referenceType = this.reflection.getReferenceType(context);
        const inherited = bases.flatMap(base => base.members.filter(m => this.reflection.isInstance(m, referenceType)));
        return this.createScopeForNodes(inherited, scope);
    }

    private columnScope(ref: ColumnRef): Scope {
        if (ref.source) {
            const source = ref.source.ref;
            return source ? this.createScopeForNodes(source.options.filter(isColumn)) : EMPTY_SCOPE;
        }
        const objective = AstUtils.getContainerOfType(ref.$container, isObjective);
        if (objective && isObjectiveOptionRef(ref)) {
            const sources = metricSources(objective);
            if (sources.length > 0) {
                return this.createScopeForNodes(sources.flatMap(s => s.options.filter(isColumn)));
            }
        }
        const agreement = AstUtils.getContainerOfType(ref, isAgreement);
        if (!agreement) {
            return EMPTY_SCOPE;
        }
        const sources = [agreement, ...baseAgreements(agreement)].flatMap(a => a.members.filter(isDataSource));
        return this.createScopeForNodes(sources.flatMap(s => s.options.filter(isColumn)));
    }
}

function isColumn(node: AstNode): node is Column {
    return node.$type === Column.$type;
}

function isObjectiveOptionRef(ref: ColumnRef): boolean {
    return AstUtils.getContainerOfType(ref, n => isScope(n) || isGrouping(n)) !== undefined;
}

/** The data sources that an objective's metric reads, as far as they resolve. */
export function metricSources(objective: Objective): DataSource[] {
    const metric: Metric | undefined = objective.target?.metric?.ref;
    if (!metric) {
        return [];
    }
    const sources = new Set<DataSource>();
    for (const node of AstUtils.streamAst(metric.expression)) {
        if (isColumnRef(node)) {
            const source = node.source?.ref ?? AstUtils.getContainerOfType(node.column.ref, isDataSource);
            if (source) sources.add(source);
        } else if (isDataSource((node as { source?: { ref?: AstNode } }).source?.ref)) {
            sources.add((node as unknown as { source: { ref: DataSource } }).source.ref);
        }
    }
    return [...sources];
}

/** The chain of agreements that `agreement` extends, nearest first, without cycles. */
export function baseAgreements(agreement: Agreement): Agreement[] {
    const chain: Agreement[] = [];
    let base = agreement.base?.ref;
    while (base && base !== agreement && !chain.includes(base)) {
        chain.push(base);
        base = base.base?.ref;
    }
    return chain;
}
