import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver-types';
import * as ast from '../generated/ast.js';
import type { SlaServices } from '../sla-module.js';
import { lensTitle } from './compliance-format.js';
import type { InlineCompliance } from './inline-compliance.js';

/**
 * Above each objective: its verdict and measured value per window, from the latest evaluation.
 * The line is the objective's in the current text: an evaluation is reused while only lines moved.
 */
export class ComplianceCodeLensProvider implements CodeLensProvider {
    private readonly compliance: InlineCompliance;

    constructor(services: SlaServices) {
        this.compliance = services.compliance.InlineCompliance;
    }

    provideCodeLens(document: LangiumDocument): MaybePromise<CodeLens[]> {
        const model = document.parseResult.value;
        if (!ast.isModel(model)) return [];
        const lenses: CodeLens[] = [];
        for (const report of this.compliance.reportsFor(document.uri.toString())) {
            const agreement = model.agreements.find((a) => a.name === report.agreement);
            for (const service of report.services) {
                const serviceNode = agreement?.members.filter(ast.isService).find((s) => s.name === service.name);
                for (const objective of service.objectives) {
                    // Objectives inherited from an agreement in another file have no line here.
                    const node = serviceNode?.members.filter(ast.isObjective).find((o) => o.name === objective.name);
                    const line = node?.$cstNode?.range.start.line;
                    if (line === undefined) continue;
                    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
                    lenses.push({ range, command: { title: lensTitle(objective), command: '' } });
                }
            }
        }
        return lenses;
    }
}
