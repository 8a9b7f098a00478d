import {
    type AstNode,
    GrammarUtils,
    type Cancellation,
    type DiagnosticInfo,
    type LangiumDocument,
    type ValidationAcceptor,
    type ValidationSeverity,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
    DataError,
    EvaluationAborted,
    evaluate,
    openRowSource,
    type Contract,
    type EvaluationThread,
    type ObjectiveReport,
    type Report,
    type ReportCode,
    ReportCodes,
} from '@sla/interpreter';
import * as ast from '../generated/ast.js';
import { isLowerable, lowerAgreement } from '../lowering/sla-lowering.js';
import type { DataAccessPolicy } from '../data-access.js';
import type { SlaServices } from '../sla-module.js';
import { listWindows, verdictCounts } from './compliance-format.js';

/** Reports what the evaluation found, with the code and severity of the interpreter's code table. */
function acceptReport<N extends AstNode>(
    accept: ValidationAcceptor,
    { code, severity }: ReportCode,
    message: string,
    info: Omit<DiagnosticInfo<N>, 'code'>,
): void {
    accept(severity, message, { ...info, code });
}

interface CachedEvaluation {
    readonly key: string;
    readonly report: Report;
}

/**
 * Evaluates the agreements of an open document against their data and reports, on each
 * objective, whether it was met, with the measured values. Results are cached per agreement
 * and reused while neither the contract nor its data files change.
 */
export class InlineCompliance {
    private readonly dataAccess: DataAccessPolicy;
    private readonly cache = new Map<string, Map<string, CachedEvaluation>>();
    private thread: EvaluationThread | undefined;

    constructor(services: SlaServices) {
        this.dataAccess = services.data.DataAccess;
    }

    /**
     * Evaluates on a worker thread from now on (the language server does): the server keeps
     * answering while it runs, and a newer build stops an evaluation it makes stale.
     */
    evaluateOn(thread: EvaluationThread): void {
        this.thread = thread;
    }

    /** The latest reports of a document. */
    reportsFor(uri: string): Report[] {
        return [...(this.cache.get(uri)?.values() ?? [])].map((entry) => entry.report);
    }

    /** Compliance diagnostics of a validated document; undefined when cancelled by a newer build. */
    async diagnose(
        document: LangiumDocument,
        cancelToken: Cancellation.CancellationToken,
    ): Promise<Diagnostic[] | undefined> {
        const diagnostics: Diagnostic[] = [];
        const accept: ValidationAcceptor = (severity, message, info) =>
            diagnostics.push(toDiagnostic(severity, message, info));
        const model = document.parseResult.value;
        if (!ast.isModel(model)) return [];
        const completed = await this.check(model, document, accept, cancelToken);
        return completed ? diagnostics : undefined;
    }

    private async check(
        model: ast.Model,
        document: LangiumDocument,
        accept: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken,
    ): Promise<boolean> {
        const uri = document.uri.toString();
        const previous = this.cache.get(uri);
        const current = new Map<string, CachedEvaluation>();
        for (const agreement of model.agreements.filter(isLowerable)) {
            if (cancelToken.isCancellationRequested) return false;
            const contract = lowerAgreement(agreement, document.uri);
            if (!(await this.dataReadable(agreement, contract, accept))) continue;
            const key = await evaluationKey(contract, this.dataAccess);
            const cached = previous?.get(agreement.name);
            let report: Report | undefined;
            try {
                report =
                    cached?.key === key ? cached.report : await this.evaluate(contract, agreement, accept, cancelToken);
            } catch (error) {
                if (error instanceof EvaluationAborted) return false;
                throw error;
            }
            if (!report) continue;
            current.set(agreement.name, { key, report });
            reportOn(agreement, report, accept);
        }
        if (cancelToken.isCancellationRequested) return false;
        this.cache.set(uri, current);
        return true;
    }

    /** Whether every data file may be read; the editor's reasons not to are said here, the contract's faults by validation. */
    private async dataReadable(
        agreement: ast.Agreement,
        contract: Contract,
        accept: ValidationAcceptor,
    ): Promise<boolean> {
        let readable = true;
        for (const source of contract.dataSources) {
            const decision = await this.dataAccess.check(source);
            if (decision.allowed) continue;
            readable = false;
            const node = dataSourceNode(agreement, source.name);
            if (node && !decision.inspection) {
                const message = `Compliance is not shown: ${decision.reason}.`;
                acceptReport(accept, ReportCodes.DataNotRead, message, { node, property: 'path' });
            }
        }
        return readable;
    }

    /** In the editor, malformed rows are skipped (and reported) so that the rest still shows. */
    private async evaluate(
        contract: Contract,
        agreement: ast.Agreement,
        accept: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken,
    ): Promise<Report | undefined> {
        try {
            const options = { skipBadRows: true, ...this.dataAccess.access };
            return this.thread
                ? await this.thread.evaluate(contract, options, abortSignalOf(cancelToken))
                : await evaluate(contract, options);
        } catch (error) {
            if (error instanceof DataError) {
                reportDataError(error, contract, agreement, accept);
                return undefined;
            }
            // The evaluator's word for input it refuses, such as more windows than it evaluates at once.
            if (!(error instanceof RangeError)) throw error;
            const message = `Compliance is not shown: ${error.message}`;
            acceptReport(accept, ReportCodes.EvaluationRefused, message, { node: agreement, property: 'name' });
            return undefined;
        }
    }
}

/** Aborts when Langium cancels the build: a newer text makes the evaluation stale. */
function abortSignalOf(cancelToken: Cancellation.CancellationToken): AbortSignal {
    const controller = new AbortController();
    if (cancelToken.isCancellationRequested) controller.abort();
    else cancelToken.onCancellationRequested(() => controller.abort());
    return controller.signal;
}

function reportDataError(
    error: DataError,
    contract: Contract,
    agreement: ast.Agreement,
    accept: ValidationAcceptor,
): void {
    const source = contract.dataSources.find((s) => s.path === error.file);
    const node = source && dataSourceNode(agreement, source.name);
    const message = `Data error: ${error.message}`;
    if (node) acceptReport(accept, ReportCodes.MalformedData, message, { node, property: 'path' });
    else acceptReport(accept, ReportCodes.MalformedData, message, { node: agreement, property: 'name' });
}

function dataSourceNode(agreement: ast.Agreement, name: string): ast.DataSource | undefined {
    return agreement.members.filter(ast.isDataSource).find((d) => d.name === name);
}

const SEVERITY: Readonly<Record<ValidationSeverity, Diagnostic['severity']>> = {
    error: 1,
    warning: 2,
    info: 3,
    hint: 4,
};

function toDiagnostic<N extends AstNode>(
    severity: ValidationSeverity,
    message: string,
    info: DiagnosticInfo<N>,
): Diagnostic {
    const cst = info.property ? GrammarUtils.findNodeForProperty(info.node.$cstNode, info.property) : undefined;
    const range = (cst ?? info.node.$cstNode)!.range;
    return { range, severity: SEVERITY[severity], message, code: info.code as string, source: 'sla' };
}

/** Changes whenever the contract or any of its data files changes. */
async function evaluationKey(contract: Contract, policy: DataAccessPolicy): Promise<string> {
    const sources = await Promise.all(
        contract.dataSources.map(async (source) => {
            const { key, version } = await openRowSource(source, policy.access).identity();
            return `${key}:${version}`;
        }),
    );
    // Positions do not change what is evaluated.
    const text = JSON.stringify(contract, (key, value) =>
        key === 'location' || key === 'declaredAt' ? undefined : value,
    );
    return text + sources.join('|');
}

function reportOn(agreement: ast.Agreement, report: Report, accept: ValidationAcceptor): void {
    for (const service of report.services) {
        const serviceNode = agreement.members.filter(ast.isService).find((s) => s.name === service.name);
        for (const objective of service.objectives) {
            const node = serviceNode?.members.filter(ast.isObjective).find((o) => o.name === objective.name);
            if (node) reportObjective(node, objective, accept);
        }
    }
    for (const source of report.dataSources) {
        const node = dataSourceNode(agreement, source.name);
        if (!node) continue;
        if (source.error) {
            acceptReport(accept, ReportCodes.UnreadableData, `Compliance is not shown: ${source.error}`, {
                node,
                property: 'path',
            });
        } else if (source.rowsSkipped > 0) {
            const examples = source.skipped.map((s) => `line ${s.line}:${s.column}: ${s.reason}`).join('\n');
            acceptReport(
                accept,
                ReportCodes.SkippedRows,
                `${source.rowsSkipped} of ${source.rowsRead} rows were skipped as malformed:\n${examples}`,
                { node, property: 'path' },
            );
        }
        for (const note of source.notes ?? []) {
            acceptReport(accept, ReportCodes.DataNote, `In the data: ${note}`, { node, property: 'path' });
        }
    }
}

function reportObjective(node: ast.Objective, objective: ObjectiveReport, accept: ValidationAcceptor): void {
    const { met, breached, notDetermined } = verdictCounts(objective);
    const breaches = objective.windows.filter((w) => w.verdict === 'breached');
    const undetermined = objective.windows.filter((w) => w.verdict === 'not-determined');
    if (breached > 0) {
        acceptReport(
            accept,
            ReportCodes.Breached,
            `${objective.name} breached in ${breached} of ${objective.windows.length} windows:\n${listWindows(breaches)}`,
            { node, property: 'name' },
        );
    }
    if (notDetermined > 0) {
        acceptReport(
            accept,
            ReportCodes.NotDetermined,
            `${objective.name} not determined in ${notDetermined} of ${objective.windows.length} windows:\n${listWindows(undetermined)}`,
            { node, property: 'name' },
        );
    }
    if (breached === 0 && notDetermined === 0 && met > 0) {
        const message = `${objective.name} met in all ${met} windows:\n${listWindows(objective.windows)}`;
        acceptReport(accept, ReportCodes.Met, message, { node, property: 'name' });
    }
}
