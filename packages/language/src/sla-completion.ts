import { AstUtils, GrammarAST, type MaybePromise } from 'langium';
import {
    DefaultCompletionProvider,
    type CompletionAcceptor,
    type CompletionContext,
    type NextFeature,
} from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver-types';
import type { DataAccessPolicy } from './data-access.js';
import { readColumnNames } from './data-header.js';
import { isDataSource } from './generated/ast.js';
import type { SlaServices } from './sla-module.js';

const IDENTIFIER = /^[_a-zA-Z]\w*$/;

/**
 * Adds to Langium's keyword and cross-reference completion: IANA time zones inside
 * `timezone "…"`, and the column names found in a data file's header when declaring its columns.
 */
export class SlaCompletionProvider extends DefaultCompletionProvider {
    private readonly dataAccess: DataAccessPolicy;

    constructor(services: SlaServices) {
        super(services);
        this.dataAccess = services.data.DataAccess;
    }

    protected override completionFor(
        context: CompletionContext,
        next: NextFeature,
        acceptor: CompletionAcceptor,
    ): MaybePromise<void> {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule)?.name;
        if (assignment?.feature === 'zone' && (rule === 'TimeZone' || rule === 'DataTimeZone')) {
            return completeTimeZones(context, acceptor);
        }
        if (rule === 'Name' || rule === 'KeywordName') {
            // A new name is the user's to choose; the only names worth offering are the data file's columns.
            const declaresColumn =
                next.property === 'name' && AstUtils.getContainerOfType(context.node, isDataSource) !== undefined;
            return declaresColumn && isIdentifierCall(next.feature)
                ? this.completeColumnNames(context, acceptor)
                : undefined;
        }
        return super.completionFor(context, next, acceptor);
    }

    /** Langium leaves out symbolic keywords; comparators are worth offering. */
    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name;
        return rule === 'Comparator' || super.filterKeyword(context, keyword);
    }

    private async completeColumnNames(context: CompletionContext, acceptor: CompletionAcceptor): Promise<void> {
        const source = AstUtils.getContainerOfType(context.node, isDataSource);
        const header = source && (await readColumnNames(source, this.dataAccess).catch(() => undefined));
        const declared = new Set(source?.options.map((o) => (o as { name?: string }).name));
        for (const name of header?.names ?? []) {
            if (declared.has(name)) continue;
            const usable = IDENTIFIER.test(name) ? name : `${name.replace(/\W+/g, '_')} header "${name}"`;
            acceptor(context, {
                label: usable,
                kind: CompletionItemKind.Field,
                detail: `column in ${source!.path}`,
                sortText: '0',
            });
        }
    }
}

function isIdentifierCall(feature: GrammarAST.AbstractElement): boolean {
    return GrammarAST.isRuleCall(feature) && feature.rule.ref?.name === 'ID';
}

function completeTimeZones(context: CompletionContext, acceptor: CompletionAcceptor): void {
    for (const zone of ['UTC', ...Intl.supportedValuesOf('timeZone')]) {
        acceptor(context, {
            label: `"${zone}"`,
            kind: CompletionItemKind.Value,
            detail: 'IANA time zone',
            filterText: `"${zone}"`,
        });
    }
}
