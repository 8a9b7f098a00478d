import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver-types';
import * as ast from './generated/ast.js';

/**
 * Colours names by what they denote, where they are declared and where they are used, so that a
 * metric reads differently from a column or a party whatever keyword it happens to share.
 */
export class SlaSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, accept: SemanticTokenAcceptor): void {
        const declaration = { modifier: SemanticTokenModifiers.declaration };
        if (ast.isAgreement(node)) {
            accept({ node, property: 'name', type: SemanticTokenTypes.namespace, ...declaration });
            if (node.base) accept({ node, property: 'base', type: SemanticTokenTypes.namespace });
        } else if (ast.isService(node)) {
            accept({ node, property: 'name', type: SemanticTokenTypes.class, ...declaration });
        } else if (ast.isParty(node)) {
            accept({ node, property: 'name', type: SemanticTokenTypes.type, ...declaration });
        } else if (ast.isDataSource(node) || ast.isCalendar(node)) {
            accept({ node, property: 'name', type: SemanticTokenTypes.struct, ...declaration });
        } else if (ast.isColumn(node)) {
            accept({ node, property: 'name', type: SemanticTokenTypes.property, ...declaration });
        } else if (ast.isMetric(node)) {
            accept({ node, property: 'name', type: SemanticTokenTypes.variable, ...declaration });
            if (node.controller) accept({ node, property: 'controller', type: SemanticTokenTypes.type });
        } else if (ast.isObjective(node)) {
            accept({ node, property: 'name', type: SemanticTokenTypes.function, ...declaration });
        } else if (ast.isColumnRef(node)) {
            if (node.source) accept({ node, property: 'source', type: SemanticTokenTypes.struct });
            accept({ node, property: 'column', type: SemanticTokenTypes.property });
        } else if (ast.isThresholdTarget(node) || ast.isShareTarget(node)) {
            accept({ node, property: 'metric', type: SemanticTokenTypes.variable });
        } else if (ast.isRemedy(node) || ast.isTermination(node)) {
            accept({ node, property: 'objective', type: SemanticTokenTypes.function });
        } else if (ast.isCalendarScope(node) || (ast.isElapsedMetric(node) && node.calendar)) {
            accept({ node, property: 'calendar', type: SemanticTokenTypes.struct });
        } else if (ast.isQuantity(node) && node.unit) {
            accept({ node, property: 'unit', type: SemanticTokenTypes.operator });
        }
    }
}
