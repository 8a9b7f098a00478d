import {
    AstUtils,
    Cancellation,
    DefaultAstNodeDescriptionProvider,
    DefaultDocumentValidator,
    DefaultLinker,
    DefaultReferenceDescriptionProvider,
    DefaultScopeComputation,
    DefaultScopeProvider,
    EmptyFileSystem,
    inject,
    TextDocument,
    URI,
    type AstNodeDescription,
    type LangiumDocument,
    type ReferenceDescription,
} from 'langium';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { SlaGeneratedModule, SlaGeneratedSharedModule } from '../src/generated/module.js';
import { registerValidationChecks } from '../src/sla-validator.js';
import { describe, expect, it } from 'vitest';
import { isColumnRef, isMetric, type Model } from '../src/generated/ast.js';
import { treeLists } from '../src/sla-build-steps.js';
import { createSlaServices, SlaModule, SlaSharedModule, type SlaServices } from '../src/sla-module.js';
import { EVERY_CONSTRUCT } from './every-construct.js';

/**
 * The server replaces some of Langium's build steps with cheaper ones (sla-build-steps.ts,
 * sla-descriptions.ts, validation/registry.ts). Each must give what Langium's own gives.
 */
async function built(
    sla = createSlaServices(EmptyFileSystem),
    text = EVERY_CONSTRUCT,
): Promise<{ sla: SlaServices; document: LangiumDocument<Model> }> {
    const document = sla.shared.workspace.LangiumDocumentFactory.fromString<Model>(
        text,
        URI.parse('memory:/steps.sla'),
    );
    sla.shared.workspace.LangiumDocuments.addDocument(document);
    await sla.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return { sla: sla.Sla, document };
}

/** A description as plain data, its segments read. */
function plain(description: AstNodeDescription): unknown {
    const { node, name, type, documentUri, path, nameSegment, selectionSegment } = description;
    return { node, name, type, uri: documentUri.toString(), path, nameSegment, selectionSegment };
}

/** A reference description as plain data, its lazily worked-out fields read. */
function plainReference(description: ReferenceDescription): unknown {
    const { sourceUri, sourcePath, targetUri, targetPath, segment, local } = description;
    return { sourceUri: sourceUri.toString(), sourcePath, targetUri: targetUri.toString(), targetPath, segment, local };
}

/** The SLA services with Langium's own scope computation, linker, reference index and validator. */
function withLangiumSteps(): ReturnType<typeof createSlaServices> {
    const shared = inject(createDefaultSharedModule(EmptyFileSystem), SlaGeneratedSharedModule, SlaSharedModule);
    const Sla = inject(createDefaultModule({ shared }), SlaGeneratedModule, SlaModule, {
        references: {
            ScopeComputation: (services) => new DefaultScopeComputation(services),
            Linker: (services) => new DefaultLinker(services),
        },
        workspace: { ReferenceDescriptionProvider: (services) => new DefaultReferenceDescriptionProvider(services) },
        validation: { DocumentValidator: (services) => new DefaultDocumentValidator(services) },
    });
    shared.ServiceRegistry.register(Sla);
    registerValidationChecks(Sla);
    shared.workspace.ConfigurationProvider.initialized({});
    return { shared, Sla };
}

/** Two metrics of one name in a service: a reference resolves to the first, as in Langium. */
const DUPLICATES = `
agreement Twice {
    provider Acme "Acme" customer Globex "Globex"
    currency EUR
    data probes from "probes.csv" { time timestamp, boolean up, number latency_ms unit ms every 1 min }
    service S {
        metric Latency = p95 of probes.latency_ms
        metric Latency = p99 of probes.latency_ms
        objective Fast: Latency <= 300 ms per month
    }
}`;

describe("the server's build steps", () => {
    it('find the names Langium finds, outside columns and inherited names', async () => {
        for (const text of [EVERY_CONSTRUCT.replace('extends Base', ''), DUPLICATES]) {
            const { sla, document } = await built(undefined, text);
            const langium = new DefaultScopeProvider(sla);
            let compared = 0;
            for (const node of AstUtils.streamAst(document.parseResult.value)) {
                for (const info of AstUtils.streamReferences(node)) {
                    if (info.property === 'column') continue;
                    compared++;
                    const ours = sla.references.ScopeProvider.getScope(info);
                    const theirs = langium.getScope(info);
                    expect(ours.getElement(info.reference.$refText)?.node).toBe(
                        theirs.getElement(info.reference.$refText)?.node,
                    );
                    expect(
                        ours
                            .getAllElements()
                            .map((d) => d.node)
                            .toArray(),
                    ).toEqual(
                        theirs
                            .getAllElements()
                            .map((d) => d.node)
                            .toArray(),
                    );
                }
            }
            expect(compared).toBeGreaterThan(text === DUPLICATES ? 0 : 10);
        }
    });

    it('resolve names inherited from an agreement in another document to its current text', async () => {
        // Scopes are kept per build; an edit of the base document must not leave the derived
        // document pointing at the base's old nodes.
        const sla = createSlaServices(EmptyFileSystem);
        const workspace = sla.shared.workspace;
        const open = (uri: string, version: number, text: string) =>
            workspace.TextDocuments.set(TextDocument.create(uri, 'sla', version, text));
        const baseText = (column: string) => `agreement Base {
    provider Acme "Acme"
    data probes from "probes.csv" { time timestamp, number ${column} unit ms every 1 min }
}`;
        open('memory:/base.sla', 1, baseText('latency_ms'));
        open(
            'memory:/derived.sla',
            1,
            `agreement Derived extends Base {
    service S {
        metric Latency = p95 of probes.latency_ms controlled by Acme
        objective Fast: Latency <= 300 ms per month where latency_ms > 0
    }
}`,
        );
        await workspace.DocumentBuilder.update([URI.parse('memory:/base.sla'), URI.parse('memory:/derived.sla')], []);
        const derived = workspace.LangiumDocuments.getDocument(URI.parse('memory:/derived.sla'))!;
        const base = () =>
            workspace.LangiumDocuments.getDocument(URI.parse('memory:/base.sla'))!.parseResult.value as Model;
        const targets = () => {
            const nodes = AstUtils.streamAst(derived.parseResult.value).toArray();
            const metric = nodes.find(isMetric)!;
            return {
                controller: metric.controller?.ref,
                columns: nodes.filter(isColumnRef).map((ref) => ref.column.ref),
            };
        };
        const columnOf = (model: Model) =>
            AstUtils.streamAst(model).find(
                (node) => node.$type === 'Column' && (node as { name?: string }).name !== 'timestamp',
            );
        expect(targets().controller).toBe(base().agreements[0].members[0]);
        expect(targets().columns).toEqual([columnOf(base()), columnOf(base())]);

        open('memory:/base.sla', 2, `\n${baseText('latency_ms')}`);
        await workspace.DocumentBuilder.update([URI.parse('memory:/base.sla')], []);
        expect(targets().controller).toBe(base().agreements[0].members[0]);
        expect(targets().columns[0]).toBe(columnOf(base()));
        expect(targets().columns[1]).toBe(columnOf(base()));

        open('memory:/base.sla', 3, baseText('delay_ms'));
        await workspace.DocumentBuilder.update([URI.parse('memory:/base.sla')], []);
        expect(targets().columns).toEqual([undefined, undefined]);
        expect(derived.diagnostics!.map((d) => d.message)).toEqual(
            expect.arrayContaining([
                expect.stringContaining("Could not resolve reference to Column named 'latency_ms'"),
            ]),
        );
    });

    it('list the nodes and references of a tree after edits inside members as a walk of the whole tree does', async () => {
        const sla = createSlaServices(EmptyFileSystem);
        const uri = 'memory:/edited.sla';
        let version = 0;
        const edit = async (text: string) => {
            sla.shared.workspace.TextDocuments.set(TextDocument.create(uri, 'sla', ++version, text));
            await sla.shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
            return sla.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))!;
        };
        const document = await edit(EVERY_CONSTRUCT);
        const model = document.parseResult.value;
        const edits = [
            (t: string) => t.replace('p95 of probes.latency_ms', 'p99 of probes.latency_ms'), // same length, in a service
            (t: string) => t.replace('text service', 'text service\n        text region'), // a column and a line more, in a data source
            (t: string) => t.replace('hours 24x7', 'hours Mon to Fri 00:00 to 24:00'), // a calendar
        ];
        let text = EVERY_CONSTRUCT;
        for (const change of edits) {
            const before = treeLists(document);
            const changed = change(text);
            expect(changed).not.toBe(text);
            text = changed;
            await edit(text);
            expect(document.parseResult.value).toBe(model); // re-parsed in place, one member replaced
            const lists = treeLists(document);
            // Independently: Langium's streams over the whole tree.
            const nodes = AstUtils.streamAst(model).toArray();
            expect(lists.nodes).toEqual(nodes);
            expect(lists.nodes.every((node, i) => node === nodes[i])).toBe(true);
            expect(lists.ends).toEqual(nodes.map((node, i) => i + 1 + AstUtils.streamAllContents(node).count()));
            const references = nodes.flatMap((node) => AstUtils.streamReferences(node).toArray());
            const described = (
                infos: readonly { reference: unknown; container: unknown; property: string; index?: number }[],
            ) => infos.map(({ reference, container, property, index }) => ({ reference, container, property, index }));
            expect(described(lists.references)).toEqual(described(references));
            expect(
                lists.references.every(
                    (info, i) =>
                        info.reference === references[i].reference && info.container === references[i].container,
                ),
            ).toBe(true);
            let counted = 0;
            expect(lists.firstReferences).toEqual(
                nodes.map((node) => {
                    const first = counted;
                    counted += AstUtils.streamReferences(node).count();
                    return first;
                }),
            );
            // Made from the lists before the edit: the references of the nodes that were there before are the same objects.
            const kept = lists.references.filter((info) => before.nodes.includes(info.container));
            expect(kept.length).toBeGreaterThan(0);
            expect(kept.every((info) => before.references.includes(info))).toBe(true);
        }
    });

    it('link and validate as Langium does', async () => {
        // The smoke agreement, and one with references that do not resolve.
        const broken = EVERY_CONSTRUCT.replace(
            'objective Uptime: Availability',
            'objective Uptime: Availabilty',
        ).replace('extends Base', 'extends Bse');
        for (const text of [EVERY_CONSTRUCT, broken]) {
            const ours = await built(undefined, text);
            const langiums = await built(withLangiumSteps(), text);
            expect(langiums.sla.validation.DocumentValidator.constructor).toBe(DefaultDocumentValidator);
            expect(ours.sla.validation.DocumentValidator.constructor).not.toBe(DefaultDocumentValidator);
            expect(ours.document.diagnostics!.length).toBeGreaterThan(text === broken ? 2 : 0);
            expect(ours.document.diagnostics).toEqual(langiums.document.diagnostics);
        }
    });

    it('describe every named node as Langium does', async () => {
        const { sla, document } = await built();
        const langium = new DefaultAstNodeDescriptionProvider(sla);
        const ours = sla.workspace.AstNodeDescriptionProvider;
        let named = 0;
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            const name = sla.references.NameProvider.getName(node);
            if (!name) continue;
            named++;
            expect(plain(ours.createDescription(node, undefined))).toEqual(
                plain(langium.createDescription(node, undefined)),
            );
        }
        expect(named).toBeGreaterThan(20);
    });

    it('describe every reference as Langium does', async () => {
        const { sla, document } = await built();
        const langium = await new DefaultReferenceDescriptionProvider(sla).createDescriptions(document);
        const ours = await sla.workspace.ReferenceDescriptionProvider.createDescriptions(
            document,
            Cancellation.CancellationToken.None,
        );
        expect(langium.length).toBeGreaterThan(20);
        expect(ours.map(plainReference)).toEqual(langium.map(plainReference));
    });

    it('collect the local symbols Langium collects', async () => {
        const { sla, document } = await built();
        const langium = await new DefaultScopeComputation(sla).collectLocalSymbols(document);
        const ours = await sla.references.ScopeComputation.collectLocalSymbols(document);
        const names = (symbols: typeof ours) =>
            [...symbols.keys()].map((container) => ({
                container,
                names: [...symbols.getStream(container)].map((d) => d.name),
            }));
        expect(names(ours)).toEqual(names(langium));
    });

    it('report a check that throws, or whose promise fails, as Langium does', async () => {
        const sla = createSlaServices(EmptyFileSystem);
        sla.Sla.validation.ValidationRegistry.register({
            Service: [
                () => {
                    throw new Error('thrown');
                },
                async () => {
                    throw new Error('rejected');
                },
            ],
        });
        const errors = console.error;
        console.error = () => {}; // Langium logs the crash too
        try {
            const { document } = await built(sla);
            const crashes = (document.diagnostics ?? [])
                .map((d) => d.message)
                .filter((m) => m.startsWith('An error occurred during validation'));
            // EVERY_CONSTRUCT has one service, so each check crashes once.
            expect(crashes.sort()).toEqual([
                'An error occurred during validation: rejected',
                'An error occurred during validation: thrown',
            ]);
        } finally {
            console.error = errors;
        }
    });
});
