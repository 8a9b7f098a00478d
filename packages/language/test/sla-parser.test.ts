import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    createDefaultCoreModule,
    createDefaultSharedCoreModule,
    EmptyFileSystem,
    inject,
    isCompositeCstNode,
    isReference,
    type AstNode,
    type CstNode,
    type LangiumCoreServices,
    type LangiumParser,
    type ParseResult,
} from 'langium';
import type { IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { SlaGeneratedModule, SlaGeneratedSharedModule } from '../src/generated/module.js';
import { SlaLeafCstNode } from '../src/sla-parser.js';
import { SlaParserErrorMessageProvider } from '../src/sla-parser-messages.js';
import { createSlaServices } from '../src/sla-module.js';
import { EVERY_CONSTRUCT } from './every-construct.js';

const slaParser = createSlaServices(EmptyFileSystem).Sla.parser.LangiumParser;

/** The reference: Langium's own lexer, parser and syntax-tree builder, with the SLA error messages. */
function langiumDefaultParser(): LangiumParser {
    const shared = inject(createDefaultSharedCoreModule(EmptyFileSystem), SlaGeneratedSharedModule);
    const messages = {
        parser: {
            ParserErrorMessageProvider: (s: LangiumCoreServices) => new SlaParserErrorMessageProvider(s.Grammar),
        },
    };
    const services = inject(createDefaultCoreModule({ shared }), SlaGeneratedModule, messages);
    shared.ServiceRegistry.register(services);
    return services.parser.LangiumParser;
}
const referenceParser = langiumDefaultParser();

/** Comments everywhere a comment can go (file start and end, before a nested rule's first token, across lines), and a text over two lines. */
const COMMENTED = `/* a licence header
   over two lines */
// and a line comment
agreement Commented { // after the brace
    /* before the first member */ kind service-based
    provider Acme "Acme
Networks, a title over two lines" // end of line
    data probes from "p.csv" { time timestamp, /* inside */ boolean up every 1 min }
    service S {
        metric A = availability of /* before a reference */ probes.up sample form
        objective Up: A >= /* before a number */ 99.9 % per month
        credit on Up {
            // before a tier
            below 99.9 %: 10 % of fee
        }
    }
    /* between members */
}
// at the end`;

function exampleTexts(): string[] {
    const examples = fileURLToPath(new URL('../../../examples', import.meta.url));
    return fs
        .readdirSync(examples)
        .flatMap((dir) =>
            fs
                .readdirSync(path.join(examples, dir))
                .filter((f) => f.endsWith('.sla'))
                .map((f) => path.join(examples, dir, f)),
        )
        .map((file) => fs.readFileSync(file, 'utf8'));
}

/** Deterministic pseudo-random numbers (a linear congruential generator), so failures repeat. */
function randomSource(seed: number): (below: number) => number {
    let state = seed;
    return (below) => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state % below;
    };
}

const BREAKERS = ['', '{', '}', '"', '%', 'objective', '/*', '\n', ':', '99.'];

/** The text with a few characters replaced, so that the parser recovers from errors (inserted and skipped tokens). */
function broken(text: string, random: (below: number) => number): string {
    const at = random(text.length);
    return text.slice(0, at) + BREAKERS[random(BREAKERS.length)] + text.slice(at + random(5));
}

/** Token types are built anew for each parser, so they are compared by name. */
function describeToken({ tokenType, tokenTypeIdx: _index, ...position }: IToken): object {
    return { ...position, type: tokenType.name };
}

const grammarElementIds = new Map<object, number>();

/** Both parsers share the grammar's objects, so the same element gets the same number. */
function grammarElementId(element: object | undefined): number | undefined {
    if (!element) return undefined;
    if (!grammarElementIds.has(element)) grammarElementIds.set(element, grammarElementIds.size);
    return grammarElementIds.get(element);
}

function describeNode(node: CstNode): object {
    return {
        kind: isCompositeCstNode(node) ? 'composite' : 'leaf',
        offset: node.offset,
        length: node.length,
        range: node.range,
        hidden: node.hidden,
        text: node.text,
        grammarSource: grammarElementId(node.grammarSource),
        tokenType: isCompositeCstNode(node) ? undefined : (node as { tokenType: { name: string } }).tokenType.name,
        container: node.container && {
            offset: node.container.offset,
            grammarSource: grammarElementId(node.container.grammarSource),
        },
    };
}

/** Every syntax-tree node in document order, described by what Langium's services read of it. */
function syntaxTree(node: CstNode): object[] {
    const described = [describeNode(node)];
    if (isCompositeCstNode(node)) for (const child of node.content) described.push(...syntaxTree(child));
    return described;
}

/** The AST without back-links: properties, values, reference texts, and the offsets of each node's syntax. */
function plainAst(node: AstNode): unknown {
    const plain: Record<string, unknown> = { $type: node.$type, at: node.$cstNode?.offset, end: node.$cstNode?.end };
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        plain[key] = plainValue(value);
    }
    plain.$containerProperty = node.$containerProperty;
    plain.$containerIndex = node.$containerIndex;
    return plain;
}

function plainValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plainValue);
    if (isReference(value)) return { $refText: value.$refText, at: value.$refNode?.offset };
    if (value && typeof value === 'object' && '$type' in value) return plainAst(value as AstNode);
    return value;
}

function expectSameParse(text: string): void {
    const ours: ParseResult = slaParser.parse(text);
    const reference: ParseResult = referenceParser.parse(text);
    expect(ours.lexerErrors).toEqual(reference.lexerErrors);
    expect(ours.parserErrors.map((e) => ({ message: e.message, token: describeToken(e.token) }))).toEqual(
        reference.parserErrors.map((e) => ({ message: e.message, token: describeToken(e.token) })),
    );
    expect(plainAst(ours.value)).toEqual(plainAst(reference.value));
    expect(syntaxTree(ours.value.$cstNode!)).toEqual(syntaxTree(reference.value.$cstNode!));
}

describe('the SLA parser builds the tree Langium builds', () => {
    it('for every construct, the examples and comments in every place', () => {
        for (const text of [EVERY_CONSTRUCT, COMMENTED, ...exampleTexts()]) expectSameParse(text);
    });

    it('for texts with syntax errors, where the parser inserts and skips tokens', () => {
        const random = randomSource(2026);
        const texts = [EVERY_CONSTRUCT, COMMENTED, ...exampleTexts()];
        for (let i = 0; i < 300; i++) expectSameParse(broken(texts[i % texts.length], random));
    });

    it('builds its leaves, comments included, without range objects', () => {
        const root = slaParser.parse(COMMENTED).value.$cstNode!;
        const leaves = syntaxTreeLeaves(root);
        // Counted by hand in COMMENTED.
        expect(leaves.filter((leaf) => leaf.hidden).length).toBe(11);
        expect(leaves.every((leaf) => leaf instanceof SlaLeafCstNode)).toBe(true);
    });
});

function syntaxTreeLeaves(node: CstNode): CstNode[] {
    return isCompositeCstNode(node) ? node.content.flatMap(syntaxTreeLeaves) : [node];
}
