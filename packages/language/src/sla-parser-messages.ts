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
        const nameRule = grammar.rules.find((rule) => rule.name === 'Name');
        this.nameTokens = new Set(['ID', ...(nameRule ? keywordsOf(nameRule) : [])]);
    }

    override buildNoViableAltMessage(options: {
        expectedPathsPerAlt: TokenType[][][];
        actual: IToken[];
        previous: IToken;
        customUserDescription: string;
        ruleName: string;
    }): string {
        const found = describeToken(options.actual[0]);
        const firstTypes = [
            ...new Set(options.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]?.name ?? 'EOF'))),
        ];
        if (firstTypes.includes('ID') && firstTypes.every((type) => this.nameTokens.has(type))) {
            const token = options.actual[0];
            if (isKeyword(token)) {
                return `Expecting a name here, but '${token.image}' is a keyword of the language and cannot be a name: choose another, such as ${token.image}_value or my_${token.image}.`;
            }
            return `Expecting a name here (letters, digits and _, starting with a letter), but found ${found}.`;
        }
        const firsts = [
            ...new Set(options.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => tokenName(path[0])))),
        ];
        if (firsts.length <= LISTED) return super.buildNoViableAltMessage(options);
        return `Unexpected ${found} here; expecting one of ${firsts.slice(0, LISTED).join(', ')} … (${firsts.length} possibilities).`;
    }
}

/** The keywords a rule admits, also through the rules it calls (Name calls KeywordName). */
function keywordsOf(rule: GrammarAST.AbstractRule, seen = new Set<GrammarAST.AbstractRule>()): string[] {
    if (seen.has(rule)) return [];
    seen.add(rule);
    return AstUtils.streamAllContents(rule)
        .toArray()
        .flatMap((element) => {
            if (GrammarAST.isKeyword(element)) return [element.value];
            const called = GrammarAST.isRuleCall(element) ? element.rule.ref : undefined;
            return called ? keywordsOf(called, seen) : [];
        });
}

const TERMINAL_WORDS: Readonly<Record<string, string>> = {
    ID: 'a name',
    NUMBER: 'a number',
    STRING: 'a quoted text',
    DATE: 'a date (2025-01-31)',
    TIME: 'a time (08:00)',
    DATETIME: 'a date and time (2025-01-31T08:00)',
    EOF: 'the end of the file',
};

function tokenName(type: TokenType | undefined): string {
    if (!type) return TERMINAL_WORDS.EOF;
    return TERMINAL_WORDS[type.name] ?? `'${type.name}'`;
}

/** A keyword written where a name belongs: a word that the lexer read as one of the language's keywords. */
function isKeyword(token: IToken | undefined): token is IToken {
    const type = token?.tokenType?.name;
    return type !== undefined && !(type in TERMINAL_WORDS) && /^[A-Za-z][\w-]*$/.test(token!.image);
}

function describeToken(token: IToken | undefined): string {
    return !token || token.tokenType?.name === 'EOF' ? 'the end of the file' : `'${token.image}'`;
}
