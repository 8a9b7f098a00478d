/**
 * The generated module runs in production mode, in which Chevrotain skips its checks of the lexer
 * and parser definitions at every start (ambiguous alternatives, unreachable tokens, left
 * recursion). This test builds both in development mode, where those checks run and fail loudly,
 * so that a grammar change that breaks them fails here instead of passing unnoticed.
 */
import { describe, expect, it } from 'vitest';
import { EmptyFileSystem, inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type LangiumServices,
    type PartialLangiumServices,
} from 'langium/lsp';
import { SlaGeneratedModule, SlaGeneratedSharedModule, SlaLanguageMetaData } from '../src/generated/module.js';
import { SlaModule } from '../src/sla-module.js';

describe("the grammar under Chevrotain's own checks", () => {
    it('is built for production, and builds a lexer and parser in development mode without errors', () => {
        expect(SlaLanguageMetaData.mode).toBe('production');
        const development: Module<LangiumServices, PartialLangiumServices> = {
            LanguageMetaData: () => ({ ...SlaLanguageMetaData, mode: 'development' }),
        };
        const shared = inject(createDefaultSharedModule(EmptyFileSystem), SlaGeneratedSharedModule);
        const services = inject(createDefaultModule({ shared }), SlaGeneratedModule, SlaModule, development);
        expect(services.LanguageMetaData.mode).toBe('development');
        // Building the parser runs Chevrotain's self-analysis; with checks on it throws on a definition error.
        const result = services.parser.LangiumParser.parse('agreement A { }');
        expect(result.lexerErrors).toEqual([]);
    });
});
