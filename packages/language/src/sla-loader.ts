import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AstUtils, URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Contract } from '@sla/interpreter';
import { isModel, type Agreement, type Model } from './generated/ast.js';
import { isLowerable, lowerAgreement } from './lowering/sla-lowering.js';
import { baseAgreements } from './sla-scope.js';
import { createSlaServices, type SlaServices } from './sla-module.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A diagnostic with a 1-based position, ready to print as `file:line:column`. */
export interface SlaDiagnostic {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly severity: Severity;
    readonly message: string;
    readonly code?: string;
}

export interface LoadedAgreements {
    readonly file: string;
    /** Lowered contracts; empty when the file has errors. */
    readonly contracts: readonly Contract[];
    readonly diagnostics: readonly SlaDiagnostic[];
    readonly hasErrors: boolean;
}

const SEVERITIES: readonly Severity[] = ['error', 'error', 'warning', 'info', 'hint'];

let sharedServices: SlaServices | undefined;

function services(): SlaServices {
    sharedServices ??= createSlaServices(NodeFileSystem).Sla;
    return sharedServices;
}

/**
 * Parses, links and validates an `.sla` file (with the other `.sla` files of its folder, which it
 * may extend) and lowers its agreements to contract models when it has no errors.
 */
export async function loadAgreements(file: string, sla: SlaServices = services()): Promise<LoadedAgreements> {
    const absolute = path.resolve(file);
    const documents = sla.shared.workspace.LangiumDocuments;
    const uris = [absolute, ...(await siblingAgreements(absolute))].map((f) => URI.file(f));
    const loaded: LangiumDocument[] = [];
    for (const uri of uris) {
        if (documents.hasDocument(uri)) {
            await sla.shared.workspace.DocumentBuilder.update([uri], []);
        }
        loaded.push(await documents.getOrCreateDocument(uri));
    }
    await sla.shared.workspace.DocumentBuilder.build(loaded, { validation: true });
    const document = loaded[0];
    const root = document.parseResult.value;
    const agreements = isModel(root) ? (root as Model).agreements : [];
    const diagnostics = [
        ...(document.diagnostics ?? []).map((d) => toSlaDiagnostic(absolute, d)),
        ...errorsOfBaseAgreements(agreements, document),
    ];
    if (diagnostics.length === 0 && agreements.length === 0) diagnostics.push(noAgreement(absolute));
    const hasErrors = diagnostics.some((d) => d.severity === 'error') || !agreements.every(isLowerable);
    const contracts = hasErrors ? [] : agreements.map((a) => lowerAgreement(a, document.uri));
    return { file: absolute, contracts, diagnostics, hasErrors };
}

/** Reported by the command line only: in the editor a new, empty file is not an error. */
const NO_AGREEMENT = 'sla/no-agreement';

function noAgreement(file: string): SlaDiagnostic {
    const code = NO_AGREEMENT;
    const message =
        'The file holds no agreement: there is nothing to check. Write one as `agreement NAME { … }` (see the README).';
    return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', message, code };
}

/** An agreement cannot be evaluated while one it extends, in another file, has errors: report those too. */
function errorsOfBaseAgreements(agreements: readonly Agreement[], document: LangiumDocument): SlaDiagnostic[] {
    const baseDocuments = new Set(
        agreements
            .flatMap(baseAgreements)
            .map((base) => AstUtils.getDocument(base))
            .filter((d) => d !== document),
    );
    return [...baseDocuments].flatMap((base) =>
        (base.diagnostics ?? []).filter((d) => d.severity === 1).map((d) => toSlaDiagnostic(base.uri.fsPath, d)),
    );
}

async function siblingAgreements(file: string): Promise<string[]> {
    const folder = path.dirname(file);
    const names = await fs.readdir(folder).catch(() => []);
    return names
        .filter((n) => n.endsWith('.sla'))
        .map((n) => path.join(folder, n))
        .filter((f) => f !== file);
}

function toSlaDiagnostic(file: string, d: Diagnostic): SlaDiagnostic {
    return {
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITIES[d.severity ?? 1],
        message: d.message,
        code: typeof d.code === 'string' ? d.code : d.code?.toString(),
    };
}

/** `file:line:column: severity: message [code]`, the form compilers and CI annotators read. */
export function formatDiagnostic(d: SlaDiagnostic, relativeTo = process.cwd()): string {
    const where = `${path.relative(relativeTo, d.file) || d.file}:${d.line}:${d.column}`;
    return `${where}: ${d.severity}: ${d.message}${d.code ? ` [${d.code}]` : ''}`;
}
