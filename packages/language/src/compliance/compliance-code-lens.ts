import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver-types';
import type { SlaServices } from '../sla-module.js';
import { lensTitle } from './compliance-format.js';
import type { InlineCompliance } from './inline-compliance.js';

/** Above each objective: its verdict and measured value per window, from the latest evaluation. */
export class ComplianceCodeLensProvider implements CodeLensProvider {
    private readonly compliance: InlineCompliance;

    constructor(services: SlaServices) {
        this.compliance = services.compliance.InlineCompliance;
    }

    provideCodeLens(document: LangiumDocument): MaybePromise<CodeLens[]> {
        const lenses: CodeLens[] = [];
        for (const report of this.compliance.reportsFor(document.uri.toString())) {
            for (const objective of report.services.flatMap(s => s.objectives)) {
                const line = objective.location.line - 1;
                const range = { start: { line, character: 0 }, end: { line, character: 0 } };
                lenses.push({ range, command: { title: lensTitle(objective), command: '' } });
            }
        }
        return lenses;
    }
}
