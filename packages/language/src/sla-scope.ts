import {
    AstUtils, DefaultScopeProvider, EMPTY_SCOPE, StreamScope, stream, type AstNode, type AstNodeDescription, type LocalSymbols,
    type ReferenceInfo, type Scope
} from 'langium';
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
        const scope = this.localScope(context);
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

    /**
     * Langium's default scope (the names declared in each enclosing node, then the global index),
     * but each enclosing node's names are looked up in a map: an agreement with hundreds of
     * services holds hundreds of names, and Langium scans them for each reference.
     */
    private localScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        let scope = this.getGlobalScope(referenceType, context);
        const symbols = AstUtils.getDocument(context.container).localSymbols;
        if (!symbols) return scope;
        const enclosing: AstNode[] = [];
        for (let node: AstNode | undefined = context.container; node; node = node.$container) {
            if (symbols.has(node)) enclosing.push(node);
        }
        for (let i = enclosing.length - 1; i >= 0; i--) scope = new IndexedScope(this.declaredIn(symbols, enclosing[i], referenceType), scope);
        return scope;
    }

    private readonly declarations = new WeakMap<LocalSymbols, Map<AstNode, Map<string, Declarations>>>();

    private declaredIn(symbols: LocalSymbols, node: AstNode, referenceType: string): Declarations {
        let byNode = this.declarations.get(symbols);
        if (!byNode) this.declarations.set(symbols, byNode = new Map());
        let byType = byNode.get(node);
        if (!byType) byNode.set(node, byType = new Map());
        let declarations = byType.get(referenceType);
        if (!declarations) {
            declarations = declarationsOf(symbols.getStream(node).filter(d => this.reflection.isSubtype(d.type, referenceType)).toArray());
            byType.set(referenceType, declarations);
        }
        return declarations;
    }

    private columnScope(ref: ColumnRef): Scope {
        const columns = (sources: readonly DataSource[]) => new IndexedScope(this.columnsOf(ref, sources));
        if (ref.source) {
            const source = ref.source.ref;
            return source ? columns([source]) : EMPTY_SCOPE;
        }
        const objective = AstUtils.getContainerOfType(ref.$container, isObjective);
        if (objective && isObjectiveOptionRef(ref)) {
            const sources = metricSources(objective);
            if (sources.length > 0) {
                return columns(sources);
            }
        }
        const agreement = AstUtils.getContainerOfType(ref, isAgreement);
        if (!agreement) {
            return EMPTY_SCOPE;
        }
        return columns([agreement, ...baseAgreements(agreement)].flatMap(a => a.members.filter(isDataSource)));
    }

    /** Per build of the referring document (its local symbols), the descriptions of each data source's columns. */
    private readonly columnDescriptions = new WeakMap<LocalSymbols, Map<DataSource, AstNodeDescription[]>>();

    /** The columns of `sources`, in order, as Langium's createScopeForNodes would describe them. */
    private columnsOf(ref: ColumnRef, sources: readonly DataSource[]): Declarations {
        const symbols = AstUtils.getDocument(ref).localSymbols;
        let known = symbols && this.columnDescriptions.get(symbols);
        if (symbols && !known) this.columnDescriptions.set(symbols, known = new Map());
        const all = sources.flatMap(source => {
            let described = known?.get(source);
            if (!described) {
                described = source.options.filter(isColumn).flatMap(column => {
                    const name = this.nameProvider.getName(column);
                    return name ? [this.descriptions.createDescription(column, name)] : [];
                });
                known?.set(source, described);
            }
            return described;
        });
        return declarationsOf(all);
    }
}

/** The names of one enclosing node that fit a reference, in order, and the first of each name. */
interface Declarations {
    readonly all: readonly AstNodeDescription[];
    readonly byName: ReadonlyMap<string, AstNodeDescription>;
}

function declarationsOf(all: readonly AstNodeDescription[]): Declarations {
    const byName = new Map<string, AstNodeDescription>();
    for (const description of all) if (!byName.has(description.name)) byName.set(description.name, description);
    return { all, byName };
}

/** Langium's StreamScope (the first of a name wins, then the outer scope), looking names up in a map. */
class IndexedScope extends StreamScope {
    constructor(private readonly declarations: Declarations, outerScope?: Scope) {
        super(stream(declarations.all), outerScope);
    }

    override getElement(name: string): AstNodeDescription | undefined {
        return this.declarations.byName.get(name) ?? this.outerScope?.getElement(name);
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
