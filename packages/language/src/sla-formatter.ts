import type { AstNode } from 'langium';
import { AbstractFormatter, Formatting, type NodeFormatter } from 'langium/lsp';
import * as ast from './generated/ast.js';

/** Agreements on their own lines, keeping a blank line between them if there is one. */
const AGREEMENT_BREAK = Formatting.fit(Formatting.newLine(), Formatting.newLines(2));

export class SlaFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        if (ast.isModel(node)) {
            this.getNodeFormatter(node)
                .nodes(...node.agreements.slice(1))
                .prepend(AGREEMENT_BREAK);
        } else if (ast.isAgreement(node) || ast.isService(node)) {
            this.block(this.getNodeFormatter(node));
        } else if (ast.isCalendar(node) || ast.isRemedy(node)) {
            this.block(this.getNodeFormatter(node));
        } else if (ast.isDataSource(node)) {
            this.dataSource(node);
        }
    }

    /** One member per line, indented by four spaces; blank lines the author left stay. */
    private block<T extends AstNode>(formatter: NodeFormatter<T>): void {
        const open = formatter.keyword('{');
        const close = formatter.keyword('}');
        open.prepend(Formatting.oneSpace());
        formatter.interior(open, close).prepend(Formatting.indent({ allowMore: true }));
        close.prepend(Formatting.newLine());
    }

    /** Columns listed with commas may share a line: `time timestamp, boolean up`. */
    private dataSource(source: ast.DataSource): void {
        const formatter = this.getNodeFormatter(source);
        this.block(formatter);
        formatter.keywords(',').prepend(Formatting.noSpace({ priority: 1 }));
        for (const option of source.options.filter(precededByComma)) {
            formatter.node(option).prepend(Formatting.oneSpace({ priority: 1 }));
        }
    }
}

function precededByComma(node: AstNode): boolean {
    const cst = node.$cstNode;
    return cst !== undefined && /,\s*$/.test(cst.root.fullText.slice(0, cst.offset));
}
