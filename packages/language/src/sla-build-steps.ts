import {
    Cancellation,
    DefaultDocumentValidator,
    DefaultLinker,
    DefaultScopeComputation,
    interruptAndCheck,
    isAstNode,
    isMultiReference,
    isReference,
    MultiMap,
    type AstNode,
    type AstNodeDescription,
    type CstNode,
    type LangiumDocument,
    type LocalSymbols,
    type ReferenceDescription,
    type ReferenceInfo,
    type ValidationAcceptor,
    type ValidationCheck,
    type ValidationOptions,
} from 'langium';
import { SlaReferenceDescriptionProvider } from './sla-descriptions.js';
import { isModel, isService, type Service } from './generated/ast.js';
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
    /** For the node at each index, the index of its first reference (of those of the nodes after it, if it has none). */
    readonly firstReferences: readonly number[];
}

/** TreeLists while they are being collected. */
interface Collected {
    nodes: AstNode[];
    ends: number[];
    references: ReferenceInfo[];
    firstReferences: number[];
}

const listsOfTree = new WeakMap<CstNode, TreeLists>();
/** The lists of trees changed in place since, from which the changed tree's lists are made. */
const listsBeforeChange = new WeakMap<CstNode, TreeLists>();

/** Called when a tree changes in place (incremental-parse.ts): its text alone may come back to an earlier one. */
export function forgetTreeLists(root: CstNode): void {
    const lists = listsOfTree.get(root);
    if (lists && !listsBeforeChange.has(root)) listsBeforeChange.set(root, lists);
    listsOfTree.delete(root);
}

/** The lists of the document's tree, made when the tree is first asked for or has changed since. */
export function treeLists(document: LangiumDocument): TreeLists {
    const root = document.parseResult.value;
    const cst = root.$cstNode?.root;
    const cached = cst && listsOfTree.get(cst);
    if (cached && cached.text === cst.fullText) return cached;
    const text = cst?.fullText ?? '';
    const before = cst && listsBeforeChange.get(cst);
    if (cst) listsBeforeChange.delete(cst);
    const lists = (before && listsAfterMemberChange(before, root, text)) ?? { text, ...collected(root) };
    if (cst) listsOfTree.set(cst, lists);
    return lists;
}

function collected(root: AstNode): Collected {
    const lists: Collected = { nodes: [], ends: [], references: [], firstReferences: [] };
    collectTree(root, lists);
    return lists;
}

/**
 * Adds `node` and the nodes below it to `nodes`, and their references to `references`, in the
 * order of Langium's streamAst and streamReferences (properties in key order, `$` ones skipped;
 * a node's references before those of the nodes below it), without their iterator objects.
 */
function collectTree(node: AstNode, lists: Collected): void {
    const { nodes, ends, references, firstReferences } = lists;
    const index = nodes.length;
    nodes.push(node);
    firstReferences.push(references.length);
    const properties = node as unknown as Record<string, unknown>;
    for (const property in properties) {
        if (property.charCodeAt(0) === DOLLAR) continue;
        const value = properties[property];
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                if (isReference(value[index]))
                    references.push({ reference: value[index], container: node, property, index });
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

/**
 * An edit inside one member of an agreement puts a new member node in place of the old one and
 * keeps every other node (incremental-parse.ts). Walking the whole tree again for that costs more
 * than the rest of a re-validation after the edit; instead, the old member's nodes and references
 * in `before` are replaced with the new member's. Undefined unless exactly one member changed.
 */
function listsAfterMemberChange(before: TreeLists, root: AstNode, text: string): TreeLists | undefined {
    const change = changedMember(before, root);
    if (!change) return undefined;
    const { start, end, member, ancestors } = change;
    const inserted = collected(member);
    const referencesStart = firstReferenceAt(before, start);
    const referencesEnd = firstReferenceAt(before, end);
    const ends = before.ends.slice(0, start);
    for (const ancestor of ancestors) ends[ancestor] += inserted.nodes.length - (end - start);
    return {
        text,
        nodes: before.nodes.slice(0, start).concat(inserted.nodes, before.nodes.slice(end)),
        ends: ends.concat(
            shifted(inserted.ends, 0, inserted.ends.length, start),
            shifted(before.ends, end, before.ends.length, inserted.nodes.length - (end - start)),
        ),
        references: before.references
            .slice(0, referencesStart)
            .concat(inserted.references, before.references.slice(referencesEnd)),
        firstReferences: before.firstReferences
            .slice(0, start)
            .concat(
                shifted(inserted.firstReferences, 0, inserted.firstReferences.length, referencesStart),
                shifted(
                    before.firstReferences,
                    end,
                    before.firstReferences.length,
                    inserted.references.length - (referencesEnd - referencesStart),
                ),
            ),
    };
}

/** numbers[from..to), each plus `shift`. */
function shifted(numbers: readonly number[], from: number, to: number, shift: number): number[] {
    const result: number[] = [];
    for (let i = from; i < to; i++) result.push(numbers[i] + shift);
    return result;
}

/** The references held by `node` and the nodes below it, from the lists of its document's tree. */
export function referencesBelow(document: LangiumDocument, node: AstNode): readonly ReferenceInfo[] {
    const lists = treeLists(document);
    const start = lists.nodes.indexOf(node);
    if (start < 0) return collected(node).references; // not in the document's tree (any more)
    return lists.references.slice(firstReferenceAt(lists, start), firstReferenceAt(lists, lists.ends[start]));
}

function firstReferenceAt(lists: TreeLists, index: number): number {
    return index < lists.nodes.length ? lists.firstReferences[index] : lists.references.length;
}

/**
 * The one child of an agreement (a child of the root) that is not the node it was when `before`
 * was made, with where the old one's nodes lie in `before`; undefined if the root's children,
 * or more than one agreement child, changed.
 */
function changedMember(
    before: TreeLists,
    root: AstNode,
): { start: number; end: number; member: AstNode; ancestors: number[] } | undefined {
    if (before.nodes[0] !== root || !isModel(root)) return undefined;
    const agreements = root.agreements;
    const oldAgreements = childIndexes(before, 0);
    if (agreements.length !== oldAgreements.length || agreements.some((a, i) => before.nodes[oldAgreements[i]] !== a))
        return undefined;
    let change: { start: number; end: number; member: AstNode; ancestors: number[] } | undefined;
    for (let a = 0; a < agreements.length; a++) {
        const members = agreements[a].members;
        const oldMembers = childIndexes(before, oldAgreements[a]);
        if (members.length !== oldMembers.length) return undefined;
        for (let m = 0; m < members.length; m++) {
            if (before.nodes[oldMembers[m]] === members[m]) continue;
            if (change) return undefined;
            change = {
                start: oldMembers[m],
                end: before.ends[oldMembers[m]],
                member: members[m],
                ancestors: [0, oldAgreements[a]],
            };
        }
    }
    return change;
}

/** The indexes in `lists` of the nodes directly below the node at `index`. */
function childIndexes(lists: TreeLists, index: number): number[] {
    const indexes: number[] = [];
    for (let i = index + 1; i < lists.ends[index]; i = lists.ends[i]) indexes.push(i);
    return indexes;
}

const DOLLAR = '$'.charCodeAt(0);

async function forEachItem<T>(
    items: readonly T[],
    from: number,
    cancelToken: Cancellation.CancellationToken,
    visit: (item: T) => void,
): Promise<void> {
    for (let i = from; i < items.length; i++) {
        if ((i - from) % NODES_BETWEEN_CHECKS === 0) await interruptAndCheck(cancelToken);
        visit(items[i]);
    }
}

export class SlaScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(
        document: LangiumDocument,
        cancelToken = Cancellation.CancellationToken.None,
    ): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        // From 1: all contents of the root, as in Langium.
        await forEachItem(treeLists(document).nodes, 1, cancelToken, (node) =>
            this.addLocalSymbol(node, document, symbols),
        );
        return symbols;
    }
}

export class SlaLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        await forEachItem(treeLists(document).references, 0, cancelToken, (reference) =>
            this.doLink(reference, document),
        );
    }
}

export class SlaIndexedReferences extends SlaReferenceDescriptionProvider {
    override async createDescriptions(
        document: LangiumDocument,
        cancelToken = Cancellation.CancellationToken.None,
    ): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        await forEachItem(treeLists(document).references, 0, cancelToken, (info) =>
            this.addInfoDescriptions(info, document.uri, descriptions),
        );
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

    protected override async validateAstNodes(
        rootNode: AstNode,
        options: ValidationOptions,
        acceptor: ValidationAcceptor,
        cancelToken = Cancellation.CancellationToken.None,
    ): Promise<void> {
        const document = rootNode.$document;
        const registry = this.validationRegistry;
        if (
            this.profiler?.isActive('validating') ||
            !document ||
            document.parseResult.value !== rootNode ||
            !(registry instanceof SlaValidationRegistry)
        ) {
            return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        }
        const { nodes, ends } = treeLists(document);
        const checksOf = registry.checksOfCategories(options.categories);
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
    private validateService(
        service: Service,
        nodes: readonly AstNode[],
        from: number,
        end: number,
        checksOf: (type: string) => readonly ValidationCheck[],
        services: ServiceReportsOfValidation,
        acceptor: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken,
    ): Promise<void> | undefined {
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
            if (pending)
                return pending.then(() => this.checkNodes(nodes, i + 1, end, checksOf, recording, cancelToken));
        }
        services.keep(service, reports);
        return undefined;
    }

    private async checkNodes(
        nodes: readonly AstNode[],
        from: number,
        end: number,
        checksOf: (type: string) => readonly ValidationCheck[],
        acceptor: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken,
    ): Promise<void> {
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
function runChecks(
    checks: readonly ValidationCheck[],
    from: number,
    node: AstNode,
    accept: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken,
): Promise<void> | undefined {
    for (let c = from; c < checks.length; c++) {
        const pending = checks[c](node, accept, cancelToken);
        if (pending) return pending.then(() => runChecks(checks, c + 1, node, accept, cancelToken));
    }
    return undefined;
}
