import {
    AstUtils, Cancellation, DefaultLinker, DefaultScopeComputation, interruptAndCheck, MultiMap, type AstNode,
    type AstNodeDescription, type LangiumDocument, type LocalSymbols, type ReferenceDescription
} from 'langium';
import { SlaReferenceDescriptionProvider } from './sla-descriptions.js';

/**
 * Langium lets the server cancel a build, or answer other requests, between any two syntax
 * nodes: before each one it awaits a check, which costs a promise per node and phase (tens of
 * thousands in a large agreement). These steps do the same work and check every
 * NODES_BETWEEN_CHECKS nodes, a fraction of a millisecond of work.
 */
const NODES_BETWEEN_CHECKS = 256;

async function forEachNode(nodes: Iterable<AstNode>, cancelToken: Cancellation.CancellationToken, visit: (node: AstNode) => void): Promise<void> {
    let count = 0;
    for (const node of nodes) {
        if (count++ % NODES_BETWEEN_CHECKS === 0) await interruptAndCheck(cancelToken);
        visit(node);
    }
}

export class SlaScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        await forEachNode(AstUtils.streamAllContents(document.parseResult.value), cancelToken, node => this.addLocalSymbol(node, document, symbols));
        return symbols;
    }
}

export class SlaLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        await forEachNode(AstUtils.streamAst(document.parseResult.value), cancelToken,
            node => AstUtils.streamReferences(node).forEach(reference => this.doLink(reference, document)));
    }
}

export class SlaIndexedReferences extends SlaReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        await forEachNode(AstUtils.streamAst(document.parseResult.value), cancelToken, node => AstUtils.streamReferences(node).forEach(info => {
            if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
        }));
        return descriptions;
    }
}
