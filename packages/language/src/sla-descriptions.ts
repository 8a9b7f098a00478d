import {
    AstUtils, CstUtils, DefaultAstNodeDescriptionProvider, DefaultReferenceDescriptionProvider, isMultiReference, isReference,
    UriUtils, type AstNode, type AstNodeDescription, type DocumentSegment, type LangiumDocument, type ReferenceDescription,
    type ReferenceInfo
} from 'langium';

/**
 * Descriptions of named nodes and of references with the same content as Langium's, except that
 * where a node or reference stands in the text (its segment) is worked out when first asked for:
 * a large agreement has tens of thousands of them, and only go-to, rename and find-references
 * look at a few. Langium works out the selection segment of each named node at once, and finding
 * a composite node's first and last token is most of the cost of computing scopes.
 */
export class SlaAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const path = this.astNodeLocator.getAstNodePath(node);
        const nodeName = name ?? this.nameProvider.getName(node);
        if (!nodeName) throw new Error(`Node at path ${path} has no name.`);
        const nameNode = () => this.nameProvider.getNameNode(node) ?? node.$cstNode;
        let nameSegment: DocumentSegment | undefined;
        let selectionSegment: DocumentSegment | undefined;
        return {
            node,
            name: nodeName,
            get nameSegment() {
                return nameSegment ??= CstUtils.toDocumentSegment(nameNode());
            },
            get selectionSegment() {
                return selectionSegment ??= CstUtils.toDocumentSegment(node.$cstNode);
            },
            type: node.$type,
            documentUri: (document ?? AstUtils.getDocument(node)).uri,
            path
        };
    }
}

export class SlaReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override createInfoDescriptions(refInfo: ReferenceInfo): ReferenceDescription[] {
        const { reference, container } = refInfo;
        const refNode = reference.$refNode;
        if (reference.error || !refNode) return [];
        const targets = isReference(reference) ? [reference.$nodeDescription]
            : isMultiReference(reference) ? reference.items.map(item => item.$nodeDescription) : [];
        const sourceUri = AstUtils.getDocument(container).uri;
        const sourcePath = this.nodeLocator.getAstNodePath(container);
        let segment: DocumentSegment | undefined;
        return targets.filter(target => target !== undefined).map(target => ({
            sourceUri,
            sourcePath,
            targetUri: target.documentUri,
            targetPath: target.path,
            get segment() {
                return segment ??= CstUtils.toDocumentSegment(refNode);
            },
            local: UriUtils.equals(target.documentUri, sourceUri)
        }));
    }
}
