import { AstUtils, GrammarAST, LangiumParserErrorMessageProvider, type Grammar } from 'langium';
import type { IToken, TokenType } from 'chevrotain';

const LISTED = 8;

/**
 * Syntax errors that say what was expected in words. Chevrotain's default lists every token
 * sequence that could follow, which is dozens of lines wherever a name may be written.
 */
export class SlaParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    /** Token names that may start a name: ID and the keywords the grammar's Name rule admits. */
    private readonly nameTokens: ReadonlySet<string>;

    constructor(grammar: Grammar) {
        super();
        const nameRule = grammar.rules.find(rule => rule.name === 'Name');
        const keywords = nameRule ? AstUtils.streamAllContents(nameRule).filter(GrammarAST.isKeyword).map(k => k.value).toArray() : [];
        this.nameTokens = new Set(['ID', ...keywords]);
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription: string; ruleName: string }): string {
        const found = describeToken(options.actual[0]);
        const firstTypes = [...new Set(options.expectedPathsPerAlt.flatMap(alt => alt.map(path => path[0]?.name ?? 'EOF')))];
        if (firstTypes.includes('ID') && firstTypes.every(type => this.nameTokens.has(type))) {
            return `Expecting a name here (letters, digits and _, starting with a letter), but found ${found}.`;
        }
        const firsts = [...new Set(options.expectedPathsPerAlt.flatMap(alt => alt.map(path => tokenName(path[0]))))];
        if (firsts.length <= LISTED) return super.buildNoViableAltMessage(options);
        return `Unexpected ${found} here; expecting one of ${firsts.slice(0, LISTED).join(', ')} … (${firsts.length} possibilities).`;
    }
}

const TERMINAL_WORDS: Readonly<Record<string, string>> = {
    ID: 'a name', NUMBER: 'a number', STRING: 'a quoted text', DATE: 'a date (2025-01-31)', TIME: 'a time (08:00)',
    DATETIME: 'a date and time (2025-01-31T08:00)', EOF: 'the end of the file'
};

function tokenName(type: TokenType | undefined): string {
    if (!type) return TERMINAL_WORDS.EOF;
    return TERMINAL_WORDS[type.name] ?? `'${type.name}'`;
}

function describeToken(token: IToken | undefined): string {
    return !token || token.tokenType?.name === 'EOF' ? 'the end of the file' : `'${token.image}'`;
}
