import { DocumentState, type LangiumDocument } from 'langium';
import { CodeLensRefreshRequest } from 'vscode-languageserver-protocol';
import type { SlaServices } from '../sla-module.js';
import { refreshOnDataChange } from './refresh-on-data-change.js';
import { registerComplianceReportRequest } from './report-request.js';

/**
 * Inline compliance in the editor. Langium publishes a document's validation diagnostics as soon
 * as it is validated; evaluating the data can take longer, so it runs afterwards and publishes the
 * same diagnostics again with the compliance ones added, unless a newer build has begun meanwhile.
 */
export function enableInlineCompliance(sla: SlaServices): void {
    const { LanguageServer, Connection } = sla.shared.lsp;
    const compliance = sla.compliance.InlineCompliance;
    let canRefreshCodeLenses = false;
    LanguageServer.onInitialize((params) => {
        canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    });
    const publishAfterValidation = async (
        document: LangiumDocument,
        cancelToken: Parameters<typeof compliance.diagnose>[1],
    ) => {
        const version = document.textDocument.version;
        // The connection writes Langium's publication in a later turn of the event loop; lowering
        // and evaluating synchronously here would hold it back, so let it go out first.
        await new Promise((resolve) => setImmediate(resolve));
        const diagnostics = await compliance.diagnose(document, cancelToken);
        const stale =
            diagnostics === undefined ||
            document.state < DocumentState.Validated ||
            document.textDocument.version !== version;
        if (stale || diagnostics.length === 0) return;
        await Connection?.sendDiagnostics({
            uri: document.uri.toString(),
            diagnostics: [...(document.diagnostics ?? []), ...diagnostics],
        });
        // The editor asked for code lenses when the document changed, before these results existed.
        if (canRefreshCodeLenses) await Connection?.sendRequest(CodeLensRefreshRequest.type);
    };
    // Registered once the server is initialised, so that Langium's own publisher, registered when
    // the server starts, has already published when this runs.
    LanguageServer.onInitialized(() => {
        sla.shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, (document, cancelToken) => {
            void publishAfterValidation(document, cancelToken).catch((error) =>
                Connection?.console.error(`inline compliance failed: ${String(error)}`),
            );
        });
    });
    refreshOnDataChange(sla);
    registerComplianceReportRequest(sla);
}
