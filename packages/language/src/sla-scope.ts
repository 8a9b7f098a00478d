import {
    AstUtils,
    DefaultScopeProvider,
    EMPTY_SCOPE,
    isAstNode,
    MultiMap,
    StreamScope,
    WorkspaceCache,
    stream,
    type AstNode,
    type AstNodeDescription,
    type LangiumCoreServices,
    type LocalSymbols,
    type ReferenceInfo,
    type Scope,
} from 'langium';
import {
    Agreement,
    Column,
    type ColumnRef,
    type Objective,
    isAgreement,
    isColumnRef,
    isDataSource,
    isGrouping,
    isObjective,
    isScope,
    type DataSource,
    type Metric,
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
    /**
     * The scopes made so far, per build of a document (its local symbols) and update of the
     * workspace (a change anywhere may change what a name in another document means). A large
     * agreement has thousands of references but only hundreds of distinct scopes: each is made once.
     */
    private readonly scopesOfBuild: WorkspaceCache<LocalSymbols, ScopesOfBuild>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.scopesOfBuild = new WorkspaceCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        const symbols = AstUtils.getDocument(context.container).localSymbols;
        const scopes = symbols && this.scopesOf(symbols);
        if (isColumnRef(context.container) && context.property === 'column') {
            return this.columnScope(context.container, scopes);
        }
        return this.localScope(context, this.reflection.getReferenceType(context), symbols, scopes);
    }

    private scopesOf(symbols: LocalSymbols): ScopesOfBuild {
        let scopes = this.scopesOfBuild.get(symbols);
        if (!scopes) this.scopesOfBuild.set(symbols, (scopes = new ScopesOfBuild()));
        return scopes;
    }

    /**
     * The base agreements' members of the reference's type (the nearest base's first), in front of
     * `outer`: they come after the agreement's own names, so a name the agreement declares again
     * means its own declaration, as in the evaluated contract.
     */
    private withInherited(agreement: Agreement, referenceType: string, outer: Scope): Scope {
        const inherited = baseAgreements(agreement).flatMap((base) =>
            base.members.filter((m) => this.reflection.isInstance(m, referenceType)),
        );
        return inherited.length === 0 ? outer : new IndexedScope(declarationsOf(this.describe(inherited)), outer);
    }

    /**
     * Langium's default scope (the names declared in each enclosing node, then the global index),
     * but each enclosing node's names are looked up in a map: an agreement with hundreds of
     * services holds hundreds of names, and Langium scans them for each reference.
     */
    private localScope(
        context: ReferenceInfo,
        referenceType: string,
        symbols: LocalSymbols | undefined,
        scopes: ScopesOfBuild | undefined,
    ): Scope {
        const enclosing = symbols && nearestWithSymbols(context.container, symbols);
        if (enclosing && scopes) return this.scopeWithin(enclosing, referenceType, symbols, scopes, context);
        const agreement = AstUtils.getContainerOfType(context.container, isAgreement);
        const global = this.getGlobalScope(referenceType, context);
        return agreement && isInheritable(referenceType)
            ? this.withInherited(agreement, referenceType, global)
            : global;
    }

    /**
     * The names of `node` that fit `referenceType`, then those of the nodes around it (after an
     * agreement's own names, those it inherits), then the global ones.
     */
    private scopeWithin(
        node: AstNode,
        referenceType: string,
        symbols: LocalSymbols,
        scopes: ScopesOfBuild,
        context: ReferenceInfo,
    ): Scope {
        let byType = scopes.local.get(node);
        if (!byType) scopes.local.set(node, (byType = new Map()));
        let scope = byType.get(referenceType);
        if (!scope) {
            const outer = node.$container && nearestWithSymbols(node.$container, symbols);
            let outerScope = outer
                ? this.scopeWithin(outer, referenceType, symbols, scopes, context)
                : this.getGlobalScope(referenceType, context);
            if (isAgreement(node) && isInheritable(referenceType))
                outerScope = this.withInherited(node, referenceType, outerScope);
            const declared = symbolsOf(symbols, node).filter((d) => this.reflection.isSubtype(d.type, referenceType));
            // A scope without names of the type would only pass each look-up on.
            scope = declared.length > 0 ? new IndexedScope(declarationsOf(declared), outerScope) : outerScope;
            byType.set(referenceType, scope);
        }
        return scope;
    }

    private columnScope(ref: ColumnRef, scopes: ScopesOfBuild | undefined): Scope {
        if (ref.source) {
            const source = ref.source.ref;
            return source ? this.columnsIn(source, scopes) : EMPTY_SCOPE;
        }
        const objective = AstUtils.getContainerOfType(ref.$container, isObjective);
        const metric = objective && isObjectiveOptionRef(ref) ? objective.target?.metric?.ref : undefined;
        if (metric) {
            const scope = this.columnsIn(metric, scopes);
            if (scope !== EMPTY_SCOPE) return scope;
        }
        const agreement = AstUtils.getContainerOfType(ref, isAgreement);
        if (!agreement) {
            return EMPTY_SCOPE;
        }
        return this.columnsIn(agreement, scopes);
    }

    /** The columns of the data sources that `owner` reads, or the empty scope for none. */
    private columnsIn(owner: DataSource | Metric | Agreement, scopes: ScopesOfBuild | undefined): Scope {
        let scope = scopes?.columns.get(owner);
        if (!scope) {
            const sources = sourcesRead(owner);
            scope =
                sources.length === 0
                    ? EMPTY_SCOPE
                    : new IndexedScope(declarationsOf(sources.flatMap((source) => this.columnsOf(source, scopes))));
            scopes?.columns.set(owner, scope);
        }
        return scope;
    }

    /** The columns of one data source, described as Langium's createScopeForNodes would describe them. */
    private columnsOf(source: DataSource, scopes: ScopesOfBuild | undefined): readonly AstNodeDescription[] {
        let columns = scopes?.columnsOfSource.get(source);
        if (!columns) {
            columns = this.describe(source.options.filter(isColumn));
            scopes?.columnsOfSource.set(source, columns);
        }
        return columns;
    }

    private describe(nodes: readonly AstNode[]): AstNodeDescription[] {
        return nodes.flatMap((node) => {
            const name = this.nameProvider.getName(node);
            return name ? [this.descriptions.createDescription(node, name)] : [];
        });
    }
}

/** What SlaScopeProvider made during one build of a document. */
class ScopesOfBuild {
    /** Per node with local symbols and reference type. */
    readonly local = new Map<AstNode, Map<string, Scope>>();
    /** Per data source, metric or agreement: the columns a column reference there can name. */
    readonly columns = new Map<AstNode, Scope>();
    readonly columnsOfSource = new Map<DataSource, readonly AstNodeDescription[]>();
}

/**
 * Whether base agreements may declare a name of this type. Agreements are not members of
 * agreements; and resolving the `extends` reference by way of the bases would resolve it again.
 */
function isInheritable(referenceType: string): boolean {
    return referenceType !== Agreement.$type;
}

/** The data sources whose columns a column reference may name: a data source's own, those a metric reads, an agreement's and its bases'. */
function sourcesRead(owner: DataSource | Metric | Agreement): readonly DataSource[] {
    if (isDataSource(owner)) return [owner];
    if (isAgreement(owner)) return [owner, ...baseAgreements(owner)].flatMap((a) => a.members.filter(isDataSource));
    return metricSourcesOf(owner);
}

/** The names declared in `node`, without a stream when the symbols are a MultiMap (as SlaScopeComputation makes them). */
function symbolsOf(symbols: LocalSymbols, node: AstNode): readonly AstNodeDescription[] {
    return symbols instanceof MultiMap ? symbols.get(node) : symbols.getStream(node).toArray();
}

/** `node` or the nearest node around it that declares names. */
function nearestWithSymbols(node: AstNode, symbols: LocalSymbols): AstNode | undefined {
    let current: AstNode | undefined = node;
    while (current && !symbols.has(current)) current = current.$container;
    return current;
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
    constructor(
        private readonly declarations: Declarations,
        outerScope?: Scope,
    ) {
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
    return AstUtils.getContainerOfType(ref, (n) => isScope(n) || isGrouping(n)) !== undefined;
}

/** The data sources that an objective's metric reads, as far as they resolve. */
export function metricSources(objective: Objective): DataSource[] {
    const metric: Metric | undefined = objective.target?.metric?.ref;
    return metric ? metricSourcesOf(metric) : [];
}

function metricSourcesOf(metric: Metric): DataSource[] {
    const sources: DataSource[] = [];
    if (metric.expression) addSourcesRead(metric.expression, sources);
    return sources;
}

/**
 * Adds the data sources that `node` and the nodes below it read, in the order of AstUtils.streamAst:
 * those of column references, and any other `source` reference to a data source. A plain walk: this
 * runs for every objective, and a stream's iterators cost more than the few nodes of a metric.
 */
function addSourcesRead(node: AstNode, sources: DataSource[]): void {
    const source = isColumnRef(node)
        ? (node.source?.ref ?? AstUtils.getContainerOfType(node.column.ref, isDataSource))
        : (node as { source?: { ref?: AstNode } }).source?.ref;
    if (isDataSource(source) && !sources.includes(source)) sources.push(source);
    const properties = node as unknown as Record<string, unknown>;
    for (const property in properties) {
        if (property.startsWith('$')) continue;
        const value = properties[property];
        if (Array.isArray(value)) {
            for (const element of value) if (isAstNode(element)) addSourcesRead(element, sources);
        } else if (isAstNode(value)) {
            addSourcesRead(value, sources);
        }
    }
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
