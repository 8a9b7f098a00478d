import { DefaultDocumentBuilder, type LangiumDocument } from 'langium';

/**
 * Langium re-links a document after a change when it refers to a changed document directly. An
 * agreement also reads what its base's bases declare (their currency, data sources, parties, and
 * whether the chain closes on itself), so a document is re-linked, and validated again, when it
 * reaches a changed document through any chain of references.
 */
export class SlaDocumentBuilder extends DefaultDocumentBuilder {
    /** Per set of changed documents (one per update): those and every document that reaches one of them. */
    private readonly reaching = new WeakMap<Set<string>, Set<string>>();

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        return super.shouldRelink(document, this.reachingAny(changedUris));
    }

    private reachingAny(changed: Set<string>): Set<string> {
        let reaching = this.reaching.get(changed);
        if (reaching) return reaching;
        reaching = new Set(changed);
        for (let grown = true; grown;) {
            grown = false;
            for (const document of this.langiumDocuments.all) {
                const uri = document.uri.toString();
                if (!reaching.has(uri) && this.indexManager.isAffected(document, reaching)) {
                    reaching.add(uri);
                    grown = true;
                }
            }
        }
        this.reaching.set(changed, reaching);
        return reaching;
    }
}
