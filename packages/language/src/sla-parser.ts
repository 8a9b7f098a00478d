import {
    CstNodeBuilder,
    DefaultLexer,
    LeafCstNodeImpl,
    prepareLangiumParser,
    type CompositeCstNode,
    type GrammarAST,
    type LangiumCoreServices,
    type LangiumParser,
    type RootCstNode,
} from 'langium';
import type { IToken, TokenType } from 'chevrotain';
import type { Range } from 'vscode-languageserver-types';

/**
 * Parsing a large agreement is dominated by allocation and garbage collection, not by matching
 * the grammar: every token and every leaf of the syntax tree is kept until the parse ends, so
 * each is copied by the young-generation collector. This module makes both smaller, without
 * changing a single offset, range or node of the result (a test compares the trees with
 * Langium's defaults).
 */

/**
 * A token as chevrotain's lexer makes it with full position tracking, but of its own class.
 * Chevrotain builds its tokens as object literals of the same shape as its EOF token, whose
 * positions are NaN; V8 then stores every position of every token as a boxed double, seven
 * extra heap objects a token. Here the positions stay small integers inside the token.
 */
class LexedToken implements IToken {
    readonly image: string;
    readonly startOffset: number;
    readonly endOffset: number;
    readonly startLine: number;
    endLine: number;
    readonly startColumn: number;
    endColumn: number;
    readonly tokenTypeIdx: number;
    readonly tokenType: TokenType;

    constructor(
        image: string,
        startOffset: number,
        tokenTypeIdx: number,
        tokenType: TokenType,
        startLine: number,
        startColumn: number,
        length: number,
    ) {
        this.image = image;
        this.startOffset = startOffset;
        this.endOffset = startOffset + length - 1;
        this.startLine = startLine;
        // The lexer moves the end of a token that spans lines (a block comment) after creating it.
        this.endLine = startLine;
        this.startColumn = startColumn;
        this.endColumn = startColumn + length - 1;
        this.tokenTypeIdx = tokenTypeIdx;
        this.tokenType = tokenType;
    }
}

/** The hook of chevrotain's lexer that creates a token; it is chosen in the lexer's constructor and not typed. */
interface TokenFactory {
    createTokenInstance(
        image: string,
        startOffset: number,
        tokenTypeIdx: number,
        tokenType: TokenType,
        startLine: number,
        startColumn: number,
        length: number,
    ): IToken;
}

export class SlaLexer extends DefaultLexer {
    constructor(services: LangiumCoreServices) {
        super(services);
        (this.chevrotainLexer as unknown as TokenFactory).createTokenInstance = (
            image,
            startOffset,
            tokenTypeIdx,
            tokenType,
            startLine,
            startColumn,
            length,
        ) => new LexedToken(image, startOffset, tokenTypeIdx, tokenType, startLine, startColumn, length);
    }
}

/**
 * A leaf of the syntax tree that keeps its token's line and column as numbers and makes its
 * `range` when asked: most leaves are never asked, and three objects a leaf are saved.
 */
export class SlaLeafCstNode extends LeafCstNodeImpl {
    /** Zero-based, as in a `Range`. */
    startLine: number;
    startCharacter: number;
    endLine: number;
    endCharacter: number;

    constructor(token: IToken, hidden: boolean) {
        super(token.startOffset, token.image.length, undefined as unknown as Range, token.tokenType, hidden);
        // Chevrotain counts lines and columns from 1 and makes the end column inclusive.
        this.startLine = token.startLine! - 1;
        this.startCharacter = token.startColumn! - 1;
        this.endLine = token.endLine! - 1;
        this.endCharacter = token.endColumn!;
    }

    override get range(): Range {
        return {
            start: { line: this.startLine, character: this.startCharacter },
            end: { line: this.endLine, character: this.endCharacter },
        };
    }
}

/** Builds every leaf, comments included, as a `SlaLeafCstNode`. */
export class SlaCstNodeBuilder extends CstNodeBuilder {
    override buildLeafNode(token: IToken, feature?: GrammarAST.AbstractElement): SlaLeafCstNode {
        const parent = this.current;
        const leaf = newLeaf(token, parent.root, feature);
        appendChild(parent, leaf);
        return leaf;
    }

    /**
     * Comments are handed over just before the token they precede. They go at the end of the node
     * being built; when that node has no children yet, they go before the outermost node that
     * starts with it (Langium's placement, on which its comment lookup relies).
     */
    override addHiddenNodes(tokens: IToken[]): void {
        // The parser asks before every token; almost always there are no comments.
        if (tokens.length === 0) return;
        const current = this.current;
        const comments = tokens.map((token) => newLeaf(token, current.root));
        if (current.content.length > 0) {
            for (const comment of comments) appendChild(current, comment);
            return;
        }
        let node: CompositeCstNode = current;
        while (node.container && node.container.content.indexOf(node) <= 0) node = node.container;
        const parent = node.container ?? current.root;
        const index = node.container ? parent.content.indexOf(node) : 0;
        for (const comment of comments) comment.container = parent;
        parent.content.splice(index, 0, ...comments);
    }
}

function newLeaf(token: IToken, root: RootCstNode, feature?: GrammarAST.AbstractElement): SlaLeafCstNode {
    const leaf = new SlaLeafCstNode(token, !feature);
    leaf.grammarSource = feature;
    leaf.root = root;
    return leaf;
}

/**
 * What the child list's `push` does (set the child's container), for one child: the list's own
 * `push` takes and spreads rest arguments, a cost on every token of a large file.
 */
function appendChild(parent: CompositeCstNode, child: SlaLeafCstNode): void {
    child.container = parent;
    Array.prototype.push.call(parent.content, child);
}

/** Langium's parser for the grammar, building its syntax tree with `SlaCstNodeBuilder`. */
export function createSlaParser(services: LangiumCoreServices): LangiumParser {
    const parser = prepareLangiumParser(services);
    // The parser's builder is private and created in its constructor; it is first used by `parse`.
    Reflect.set(parser, 'nodeBuilder', new SlaCstNodeBuilder());
    parser.finalize();
    return parser;
}
