import { AstUtils, CstUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import {
    CodeActionKind,
    type CodeAction,
    type Command,
    type Diagnostic,
    type Position,
    type TextEdit,
} from 'vscode-languageserver-types';
import * as ast from './generated/ast.js';
import { Codes } from './validation/codes.js';

type CodeActionParams = Parameters<CodeActionProvider['getCodeActions']>[1];

/**
 * Quick fixes for diagnostics with one obvious mend. The headline warning
 * (sla/uncontrolled-penalised-metric) deliberately has none: dropping the remedy, handing control to
 * the provider or turning a penalty into a reward each changes what the parties agreed, and only
 * they can choose.
 */
export class SlaCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        return params.context.diagnostics.flatMap((diagnostic) => {
            const action = this.fix(document, diagnostic);
            return action ? [action] : [];
        });
    }

    private fix(document: LangiumDocument, diagnostic: Diagnostic): CodeAction | undefined {
        switch (diagnostic.code) {
            case Codes.ImplicitController:
                return this.stateProviderControl(document, diagnostic);
            case Codes.MissingForceMajeure:
                return this.excludeForceMajeure(document, diagnostic);
            case Codes.InvalidCurrency:
                return replacement(document, diagnostic, (code) => `Write the currency as ${code}`);
            case Codes.UnknownTimeZone:
                return replacement(document, diagnostic, (zone) => `Use the time zone ${zone}`);
            case Codes.ComparatorDirection:
                return replacement(document, diagnostic, (comparator) => `Compare with '${comparator}'`);
            default:
                return undefined;
        }
    }

    /** Appends `controlled by provider` to the metric, which is what the validator assumed. */
    private stateProviderControl(document: LangiumDocument, diagnostic: Diagnostic): CodeAction | undefined {
        const metric = nodeAt(document, diagnostic.range.start, ast.isMetric);
        const end = metric?.$cstNode?.range.end;
        return (
            end &&
            quickFix(document, diagnostic, 'Add `controlled by provider`', [
                { range: { start: end, end }, newText: ' controlled by provider' },
            ])
        );
    }

    /** Adds `exclude force majeure` as the agreement's last member, indented like the others. */
    private excludeForceMajeure(document: LangiumDocument, diagnostic: Diagnostic): CodeAction | undefined {
        const agreement = nodeAt(document, diagnostic.range.start, ast.isAgreement);
        const closing =
            agreement?.$cstNode &&
            CstUtils.streamCst(agreement.$cstNode)
                .filter((n) => n.text === '}' && n.astNode === agreement)
                .head();
        if (!agreement || !closing) return undefined;
        const text = document.textDocument;
        const brace = closing.range.start;
        const beforeBrace = text.getText({ start: { line: brace.line, character: 0 }, end: brace });
        if (beforeBrace.trim() !== '') {
            return quickFix(document, diagnostic, 'Add `exclude force majeure`', [
                { range: { start: brace, end: brace }, newText: 'exclude force majeure ' },
            ]);
        }
        const indent = memberIndent(agreement, text.getText()) ?? `${beforeBrace}    `;
        const lineStart = { line: brace.line, character: 0 };
        return quickFix(document, diagnostic, 'Add `exclude force majeure`', [
            { range: { start: lineStart, end: lineStart }, newText: `${indent}exclude force majeure\n` },
        ]);
    }
}

/** The indentation of the agreement's first member, when that member starts its own line. */
function memberIndent(agreement: ast.Agreement, text: string): string | undefined {
    const first = agreement.members[0]?.$cstNode;
    if (!first) return undefined;
    const lineStart = text.lastIndexOf('\n', first.offset - 1) + 1;
    const before = text.slice(lineStart, first.offset);
    return before.trim() === '' ? before : undefined;
}

/** Replaces the diagnostic's range with the `replacement` the validator put into the diagnostic's data. */
function replacement(
    document: LangiumDocument,
    diagnostic: Diagnostic,
    title: (replacement: string) => string,
): CodeAction | undefined {
    const replaceWith = (diagnostic.data as { replacement?: unknown } | undefined)?.replacement;
    return typeof replaceWith === 'string'
        ? quickFix(document, diagnostic, title(replaceWith), [{ range: diagnostic.range, newText: replaceWith }])
        : undefined;
}

function quickFix(document: LangiumDocument, diagnostic: Diagnostic, title: string, edits: TextEdit[]): CodeAction {
    return {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [document.textDocument.uri]: edits } },
    };
}

function nodeAt<T extends AstNode>(
    document: LangiumDocument,
    position: Position,
    guard: (node: unknown) => node is T,
): T | undefined {
    const root = document.parseResult.value.$cstNode;
    const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(position));
    return leaf ? AstUtils.getContainerOfType(leaf.astNode, guard) : undefined;
}
