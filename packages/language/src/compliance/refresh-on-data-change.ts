import { URI, type LangiumDocument } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { FileSystemWatcher } from 'vscode-languageserver-protocol';
import { DATA_FILE_EXTENSIONS, openRowSource } from '@sla/interpreter';
import type { SlaServices } from '../sla-module.js';
import { isDataSource, isModel } from '../generated/ast.js';
import type { DataAccessPolicy } from '../data-access.js';
import { declaredSource } from '../data-header.js';

/**
 * Langium rebuilds a document when the document changes; a data file is no document, so when one
 * changes on disk, rebuild the agreements that read it to refresh their inline compliance. A data
 * file is known by the files its row source watches: the path as declared, and where it resolves.
 */
export function refreshOnDataChange(sla: SlaServices): void {
    const { DocumentBuilder, LangiumDocuments } = sla.shared.workspace;
    const policy = sla.data.DataAccess;
    const refresh = async (changes: readonly { readonly uri: string }[]) => {
        const changed = new Set(changes.map((change) => URI.parse(change.uri).fsPath));
        const affected: URI[] = [];
        for (const document of LangiumDocuments.all) {
            if (await readsAny(document, changed, policy)) affected.push(document.uri);
        }
        if (affected.length > 0) await DocumentBuilder.update(affected, []);
    };
    sla.shared.lsp.DocumentUpdateHandler.onWatchedFilesChange((params) => {
        refresh(params.changes).catch((error: unknown) =>
            console.error('sla: refreshing after a data change failed:', error),
        );
    });
}

async function readsAny(
    document: LangiumDocument,
    files: ReadonlySet<string>,
    policy: DataAccessPolicy,
): Promise<boolean> {
    const root = document.parseResult.value;
    if (!isModel(root)) return false;
    for (const member of root.agreements.flatMap((agreement) => agreement.members)) {
        const source = isDataSource(member) ? declaredSource(member) : undefined;
        if (!source || !(await policy.check(source)).allowed) continue;
        const { watch } = await openRowSource(source, policy.access).identity();
        if (watch.some((file) => files.has(file))) return true;
    }
    return false;
}

/** Watches agreements and the data formats they read, rather than every file of the workspace. */
export class SlaDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    protected override getWatchers(): FileSystemWatcher[] {
        const endings = ['.sla', ...DATA_FILE_EXTENSIONS].map((ending) => ending.slice(1));
        return [{ globPattern: `**/*.{${endings.join(',')}}` }];
    }
}
