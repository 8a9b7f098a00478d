import { inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices,
    type PartialLangiumSharedServices,
} from 'langium/lsp';
import { ComplianceCodeLensProvider } from './compliance/compliance-code-lens.js';
import { InlineCompliance } from './compliance/inline-compliance.js';
import { enableInlineCompliance } from './compliance/publish-compliance.js';
import { SlaDocumentUpdateHandler } from './compliance/refresh-on-data-change.js';
import { DataAccessPolicy } from './data-access.js';
import { SlaGeneratedModule, SlaGeneratedSharedModule } from './generated/module.js';
import { SlaDocumentBuilder } from './sla-document-builder.js';
import { SlaDocumentFactory } from './incremental-parse.js';
import { SlaCodeActionProvider } from './sla-code-actions.js';
import { SlaCompletionProvider } from './sla-completion.js';
import { SlaDocumentValidator, SlaIndexedReferences, SlaLinker, SlaScopeComputation } from './sla-build-steps.js';
import { SlaAstNodeDescriptionProvider } from './sla-descriptions.js';
import { SlaFormatter } from './sla-formatter.js';
import { SlaHoverProvider } from './sla-hover.js';
import { SlaParserErrorMessageProvider } from './sla-parser-messages.js';
import { createSlaParser, SlaLexer } from './sla-parser.js';
import { SlaScopeProvider } from './sla-scope.js';
import { SlaSemanticTokenProvider } from './sla-semantic-tokens.js';
import { SlaValidator, registerValidationChecks } from './sla-validator.js';
import { SlaValidationRegistry } from './validation/registry.js';
import { warmUpParser } from './warm-up.js';

export interface SlaAddedServices {
    validation: {
        SlaValidator: SlaValidator;
    };
    data: {
        DataAccess: DataAccessPolicy;
    };
    compliance: {
        InlineCompliance: InlineCompliance;
    };
}

export type SlaServices = LangiumServices & SlaAddedServices;

export const SlaModule: Module<SlaServices, PartialLangiumServices & SlaAddedServices> = {
    parser: {
        ParserErrorMessageProvider: (services) => new SlaParserErrorMessageProvider(services.Grammar),
        Lexer: (services) => new SlaLexer(services),
        LangiumParser: (services) => createSlaParser(services),
    },
    references: {
        ScopeProvider: (services) => new SlaScopeProvider(services),
        ScopeComputation: (services) => new SlaScopeComputation(services),
        Linker: (services) => new SlaLinker(services),
    },
    workspace: {
        AstNodeDescriptionProvider: (services) => new SlaAstNodeDescriptionProvider(services),
        ReferenceDescriptionProvider: (services) => new SlaIndexedReferences(services),
    },
    lsp: {
        HoverProvider: (services) => new SlaHoverProvider(services),
        CompletionProvider: (services) => new SlaCompletionProvider(services),
        Formatter: () => new SlaFormatter(),
        SemanticTokenProvider: (services) => new SlaSemanticTokenProvider(services),
        CodeLensProvider: (services) => new ComplianceCodeLensProvider(services),
        CodeActionProvider: () => new SlaCodeActionProvider(),
    },
    validation: {
        ValidationRegistry: (services) => new SlaValidationRegistry(services),
        DocumentValidator: (services) => new SlaDocumentValidator(services),
        SlaValidator: () => new SlaValidator(),
    },
    data: {
        DataAccess: () => new DataAccessPolicy(),
    },
    compliance: {
        InlineCompliance: (services) => new InlineCompliance(services),
    },
};

export const SlaSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        LangiumDocumentFactory: (services) => new SlaDocumentFactory(services),
        DocumentBuilder: (services) => new SlaDocumentBuilder(services),
    },
    lsp: {
        DocumentUpdateHandler: (services) => new SlaDocumentUpdateHandler(services),
    },
};

/**
 * Creates the shared services and the SLA language services. `context.fileSystemProvider` decides
 * where documents come from: `NodeFileSystem` for the CLI and the server, `EmptyFileSystem` in tests.
 */
export function createSlaServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Sla: SlaServices;
} {
    const shared = inject(createDefaultSharedModule(context), SlaGeneratedSharedModule, SlaSharedModule);
    const Sla = inject(createDefaultModule({ shared }), SlaGeneratedModule, SlaModule);
    shared.ServiceRegistry.register(Sla);
    registerValidationChecks(Sla);
    if (context.connection) {
        shared.lsp.LanguageServer.onInitialize((params) => {
            Sla.data.DataAccess.configureFromClient(params);
            warmUpParser(Sla);
        });
        enableInlineCompliance(Sla);
    } else {
        // Without a language server nobody triggers the workspace build that loads config.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Sla };
}
