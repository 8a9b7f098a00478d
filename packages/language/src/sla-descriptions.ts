import {
    AstUtils,
    CstUtils,
    DefaultAstNodeDescriptionProvider,
    DefaultReferenceDescriptionProvider,
    isMultiReference,
    isReference,
    UriUtils,
    type AstNode,
    type AstNodeDescription,
    type AstNodeLocator,
    type CstNode,
    type DocumentSegment,
    type LangiumDocument,
    type NameProvider,
    type ReferenceDescription,
    type ReferenceInfo,
    type URI,
} from 'langium';

/**
 * Descriptions of named nodes and of references with the same content as Langium's, except that
 * where a node or reference stands (its path in the tree and its segments in the text) is worked
 * out when first asked for: a large agreement has thousands of them, and only go-to, rename and
 * find-references look at a few. Each description is one object of a class with its getters on
 * the prototype: an object literal with getters costs a closure per getter and description.
 */
export class SlaAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(
        node: AstNode,
        name: string | undefined,
        document?: LangiumDocument,
    ): AstNodeDescription {
        const nodeName = name ?? this.nameProvider.getName(node);
        if (!nodeName) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
        return new NodeDescription(
            node,
            nodeName,
            (document ?? AstUtils.getDocument(node)).uri,
            this.astNodeLocator,
            this.nameProvider,
        );
    }
}

class NodeDescription implements AstNodeDescription {
    readonly type: string;
    private knownPath?: string;
    private knownNameSegment?: DocumentSegment;
    private knownSelectionSegment?: DocumentSegment;

    constructor(
        readonly node: AstNode,
        readonly name: string,
        readonly documentUri: URI,
        private readonly locator: AstNodeLocator,
        private readonly names: NameProvider,
    ) {
        this.type = node.$type;
    }

    get path(): string {
        return (this.knownPath ??= this.locator.getAstNodePath(this.node));
    }

    get nameSegment(): DocumentSegment | undefined {
        return (this.knownNameSegment ??= CstUtils.toDocumentSegment(
            this.names.getNameNode(this.node) ?? this.node.$cstNode,
        ));
    }

    get selectionSegment(): DocumentSegment | undefined {
        return (this.knownSelectionSegment ??= CstUtils.toDocumentSegment(this.node.$cstNode));
    }
}

/** Reference descriptions made as `ReferenceAt`s; the build step that indexes references (SlaIndexedReferences) uses it. */
export class SlaReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    /** Adds the descriptions of one reference to `descriptions`; `sourceUri` is the URI of the reference's document. */
    protected addInfoDescriptions(refInfo: ReferenceInfo, sourceUri: URI, descriptions: ReferenceDescription[]): void {
        const { reference, container } = refInfo;
        const refNode = reference.$refNode;
        if (reference.error || !refNode) return;
        if (isReference(reference)) {
            const target = reference.$nodeDescription;
            if (target) descriptions.push(new ReferenceAt(container, refNode, sourceUri, target, this.nodeLocator));
        } else if (isMultiReference(reference)) {
            for (const item of reference.items) {
                if (item.$nodeDescription)
                    descriptions.push(
                        new ReferenceAt(container, refNode, sourceUri, item.$nodeDescription, this.nodeLocator),
                    );
            }
        }
    }
}

class ReferenceAt implements ReferenceDescription {
    readonly targetUri: URI;
    readonly local: boolean;
    private knownSourcePath?: string;
    private knownSegment?: DocumentSegment;

    constructor(
        private readonly container: AstNode,
        private readonly refNode: CstNode,
        readonly sourceUri: URI,
        private readonly target: AstNodeDescription,
        private readonly locator: AstNodeLocator,
    ) {
        this.targetUri = target.documentUri;
        this.local = target.documentUri === sourceUri || UriUtils.equals(target.documentUri, sourceUri);
    }

    get sourcePath(): string {
        return (this.knownSourcePath ??= this.locator.getAstNodePath(this.container));
    }

    get targetPath(): string {
        return this.target.path;
    }

    get segment(): DocumentSegment {
        return (this.knownSegment ??= CstUtils.toDocumentSegment(this.refNode));
    }
}
