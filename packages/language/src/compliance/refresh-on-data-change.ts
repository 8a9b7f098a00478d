import { URI } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { FileSystemWatcher } from 'vscode-languageserver-protocol';
import type { SlaServices } from '../sla-module.js';
import { isDataSource, isModel } from '../generated/ast.js';
import { dataFilePath } from '../data-header.js';

/**
 * Langium rebuilds a document when the document changes; a data file is no document, so when one
 * changes on disk, rebuild the agreements that read it to refresh their inline compliance.
 */
export function refreshOnDataChange(sla: SlaServices): void {
    const { DocumentBuilder, LangiumDocuments } = sla.shared.workspace;
    sla.shared.lsp.DocumentUpdateHandler.onWatchedFilesChange((params) => {
        const changed = new Set(params.changes.map((change) => URI.parse(change.uri).fsPath));
        const affected = LangiumDocuments.all
            .filter((document) => readsAny(document.parseResult.value, document.uri, changed))
            .map((document) => document.uri)
            .toArray();
        if (affected.length > 0) void DocumentBuilder.update(affected, []);
    });
}

function readsAny(root: unknown, uri: URI, files: ReadonlySet<string>): boolean {
    if (!isModel(root)) return false;
    return root.agreements.some((agreement) =>
        agreement.members.some((member) => {
            if (!isDataSource(member)) return false;
            const file = dataFilePath(uri, member.path);
            return file !== undefined && files.has(file);
        }),
    );
}

/** Watches agreements and the data formats they read, rather than every file of the workspace. */
export class SlaDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    protected override getWatchers(): FileSystemWatcher[] {
        return [{ globPattern: '**/*.{sla,csv,ndjson,jsonl,json}' }];
    }
}
