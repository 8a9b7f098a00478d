import {
    Cancellation, DefaultDocumentValidator, DefaultLinker, DefaultScopeComputation, interruptAndCheck, isAstNode, isMultiReference,
    isReference, MultiMap,
    type AstNode, type AstNodeDescription, type CstNode, type LangiumDocument, type LocalSymbols, type ReferenceDescription,
    type ReferenceInfo, type ValidationAcceptor, type ValidationCategory, type ValidationCheck, type ValidationOptions
} from 'langium';
import { SlaReferenceDescriptionProvider } from './sla-descriptions.js';
import { isService, type Service } from './generated/ast.js';
import { KeptServiceReports, type Report, type ServiceReportsOfValidation } from './validation/kept-reports.js';
import { SlaValidationRegistry } from './validation/registry.js';

/**
 * Langium's build steps each walk the whole syntax tree (a new iterator and key list per node)
 * and, before each node, await a check that lets the server cancel the build or answer other
 * requests: a promise per node and step, tens of thousands in a large agreement. These steps do
 * the same work over one list of the tree's nodes, made once per text, and check every
 * NODES_BETWEEN_CHECKS nodes, a fraction of a millisecond of work.
 */
const NODES_BETWEEN_CHECKS = 256;

interface TreeLists {
    /** The text the tree was parsed from: an edit gives a new one (incremental-parse.ts). */
    readonly text: string;
    /** All nodes, in the order of AstUtils.streamAst. */
    readonly nodes: readonly AstNode[];
    /** For the node at each index, the index after the last node below it. */
    readonly ends: readonly number[];
    /** The references of each node in turn, as AstUtils.streamReferences gives them. */
    readonly references: readonly ReferenceInfo[];
}

const listsOfTree = new WeakMap<CstNode, TreeLists>();

/** Called when a tree changes in place (incremental-parse.ts): its text alone may come back to an earlier one. */
export function forgetTreeLists(root: CstNode): void {
    listsOfTree.delete(root);
}

function treeLists(document: LangiumDocument): TreeLists {
    const root = document.parseResult.value;
    const cst = root.$cstNode?.root;
    const cached = cst && listsOfTree.get(cst);
    if (cached && cached.text === cst.fullText) return cached;
    const lists = { text: cst?.fullText ?? '', nodes: [], ends: [], references: [] };
    collectTree(root, lists);
    if (cst) listsOfTree.set(cst, lists);
    return lists;
}

/**
 * Adds `node` and the nodes below it to `nodes`, and their references to `references`, in the
 * order of Langium's streamAst and streamReferences (properties in key order, `$` ones skipped;
 * a node's references before those of the nodes below it), without their iterator objects.
 */
function collectTree(node: AstNode, lists: { nodes: AstNode[]; ends: number[]; references: ReferenceInfo[] }): void {
    const { nodes, ends, references } = lists;
    const index = nodes.length;
    nodes.push(node);
    const properties = node as unknown as Record<string, unknown>;
    for (const property in properties) {
        if (property.charCodeAt(0) === DOLLAR) continue;
        const value = properties[property];
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                if (isReference(value[index])) references.push({ reference: value[index], container: node, property, index });
            }
        } else if (isReference(value) || isMultiReference(value)) {
            references.push({ reference: value, container: node, property });
        }
    }
    for (const property in properties) {
        if (property.charCodeAt(0) === DOLLAR) continue;
        const value = properties[property];
        if (Array.isArray(value)) {
            for (const element of value) if (isAstNode(element)) collectTree(element, lists);
        } else if (isAstNode(value)) {
            collectTree(value, lists);
        }
    }
    ends[index] = nodes.length;
}

const DOLLAR = '$'.charCodeAt(0);

async function forEachItem<T>(items: readonly T[], from: number, cancelToken: Cancellation.CancellationToken, visit: (item: T) => void): Promise<void> {
    for (let i = from; i < items.length; i++) {
        if ((i - from) % NODES_BETWEEN_CHECKS === 0) await interruptAndCheck(cancelToken);
        visit(items[i]);
    }
}

export class SlaScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        // From 1: all contents of the root, as in Langium.
        await forEachItem(treeLists(document).nodes, 1, cancelToken, node => this.addLocalSymbol(node, document, symbols));
        return symbols;
    }
}

export class SlaLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        await forEachItem(treeLists(document).references, 0, cancelToken, reference => this.doLink(reference, document));
    }
}

export class SlaIndexedReferences extends SlaReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        await forEachItem(treeLists(document).references, 0, cancelToken, info => this.addInfoDescriptions(info, document.uri, descriptions));
        return descriptions;
    }
}

/**
 * Validates every node, as Langium's validator does by default (this one has no per-node
 * options), and awaits a check only when it returns a promise; most checks return nothing.
 * What the checks reported on a service's nodes is reported again without running them while
 * nothing they read has changed (validation/kept-reports.ts): after an edit in one service of a
 * large agreement, the others are not checked again.
 */
export class SlaDocumentValidator extends DefaultDocumentValidator {
    private readonly keptReports = new KeptServiceReports();

    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const document = rootNode.$document;
        const registry = this.validationRegistry;
        if (this.profiler?.isActive('validating') || !document || document.parseResult.value !== rootNode || !(registry instanceof SlaValidationRegistry)) {
            return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        }
        const { nodes, ends } = treeLists(document);
        const checksOf = checksOfType(registry, options.categories);
        const services = this.keptReports.forValidation(`${registry.generation} ${options.categories?.join() ?? '*'}`);
        let sinceCheck = NODES_BETWEEN_CHECKS;
        for (let i = 0; i < nodes.length;) {
            if (sinceCheck >= NODES_BETWEEN_CHECKS) {
                await interruptAndCheck(cancelToken);
                sinceCheck = 0;
            }
            const node = nodes[i];
            const end = isService(node) ? ends[i] : i + 1;
            const pending = isService(node)
                ? this.validateService(node, nodes, i, end, checksOf, services, acceptor, cancelToken)
                : runChecks(checksOf(node.$type), 0, node, acceptor, cancelToken);
            if (pending) await pending;
            sinceCheck += end - i;
            i = end;
        }
    }

    /**
     * Checks the nodes of a service (nodes[from] is the service, nodes[end - 1] its last node), or
     * reports what they reported last time. A promise only when a check returned one.
     */
    private validateService(service: Service, nodes: readonly AstNode[], from: number, end: number, checksOf: (type: string) => readonly ValidationCheck[],
        services: ServiceReportsOfValidation, acceptor: ValidationAcceptor, cancelToken: Cancellation.CancellationToken): Promise<void> | undefined {
        const kept = services.kept(service);
        if (kept) {
            for (const report of kept) acceptor(...report);
            return undefined;
        }
        const reports: Report[] = [];
        const recording: ValidationAcceptor = (...report) => {
            reports.push(report);
            acceptor(...report);
        };
        for (let i = from; i < end; i++) {
            const pending = runChecks(checksOf(nodes[i].$type), 0, nodes[i], recording, cancelToken);
            // A check that awaits something may read more than the syntax tree: then nothing is kept.
            if (pending) return pending.then(() => this.checkNodes(nodes, i + 1, end, checksOf, recording, cancelToken));
        }
        services.keep(service, reports);
        return undefined;
    }

    private async checkNodes(nodes: readonly AstNode[], from: number, end: number, checksOf: (type: string) => readonly ValidationCheck[],
        acceptor: ValidationAcceptor, cancelToken: Cancellation.CancellationToken): Promise<void> {
        for (let i = from; i < end; i++) {
            const pending = runChecks(checksOf(nodes[i].$type), 0, nodes[i], acceptor, cancelToken);
            if (pending) await pending;
        }
    }
}

/**
 * Runs checks[from..] on `node`, in order. Most checks return nothing: a promise (and an await per
 * node) only when one of them returns a promise, and the rest then run after it has settled.
 */
function runChecks(checks: readonly ValidationCheck[], from: number, node: AstNode, accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken): Promise<void> | undefined {
    for (let c = from; c < checks.length; c++) {
        const pending = checks[c](node, accept, cancelToken);
        if (pending) return pending.then(() => runChecks(checks, c + 1, node, accept, cancelToken));
    }
    return undefined;
}

/** The checks of a node type in these categories, asked of the registry once per type and validation. */
function checksOfType(registry: SlaValidationRegistry, categories: ValidationCategory[] | undefined): (type: string) => readonly ValidationCheck[] {
    const known = new Map<string, readonly ValidationCheck[]>();
    return type => {
        let checks = known.get(type);
        if (!checks) {
            checks = registry.checksFor(type, categories);
            known.set(type, checks);
        }
        return checks;
    };
}
