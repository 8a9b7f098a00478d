/**
 * Language-server benchmarks through the real server bundle over stdio:
 *
 * - first_diagnostics_ms: a fresh server, a workspace folder holding a generated 10,000-line
 *   agreement (and the small probe file it names); clock from `textDocument/didOpen` to the first
 *   `publishDiagnostics` for that document;
 * - revalidate_ms: once the server is quiet, a one-line edit (`didChange`, a threshold changed)
 *   until the next `publishDiagnostics` for the document;
 * - the same two without the probe file (`…_without_data_ms`): language work only, no inline compliance;
 * - completion_p50_ms / completion_p95_ms: a fresh server on a workspace of 1,000 generated
 *   agreements (each extending another, all naming one probe file); after the workspace is
 *   indexed, 200 sequential `textDocument/completion` requests in one open agreement, alternating
 *   between a metric reference (local scope) and an `extends` base (global index of all agreements).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    CompletionRequest,
    createProtocolConnection,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    InitializedNotification,
    InitializeRequest,
    PublishDiagnosticsNotification,
    StreamMessageReader,
    StreamMessageWriter,
    TextDocumentSyncKind,
} from 'vscode-languageserver-protocol/node.js';
import { probeChunks } from './generate.mjs';
import { percentile } from './stats.mjs';

const WAIT_LIMIT_MS = 180_000;
// Inline compliance evaluates the data after the validation diagnostics are out and publishes
// nothing while it runs (about 1 s for the large agreement on a quiet machine); a shorter quiet
// period let its late publication for the old text pass for the re-validation of the edit.
const QUIET_MS = 3_000;
const BIG_AGREEMENT_LINES = 10_000;
const WORKSPACE_AGREEMENTS = 1_000;
const COMPLETION_REQUESTS = 200;
const OPENED_AGREEMENT = 500;

/** A server process and its connection, with a record of published diagnostics. */
class ServerSession {
    static async start(serverPath, workspaceFolder) {
        const session = new ServerSession(serverPath);
        await session.initialize(workspaceFolder);
        return session;
    }

    constructor(serverPath) {
        this.stderr = '';
        this.exited = undefined;
        this.lastPublishAt = performance.now();
        this.waiters = [];
        this.child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        this.child.stderr.setEncoding('utf8').on('data', (text) => {
            this.stderr = (this.stderr + text).slice(-4000);
        });
        this.child.on('exit', (code, signal) => {
            this.exited = `the server exited (${signal ?? `status ${code}`}): ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`;
            for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(this.exited));
            this.connection.dispose(); // rejects the requests still waiting for an answer
        });
        this.connection = createProtocolConnection(
            new StreamMessageReader(this.child.stdout),
            new StreamMessageWriter(this.child.stdin),
        );
        this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.published(params));
        // Answer whatever the server asks the client (configuration, capability registration, progress) with null.
        this.connection.onRequest((method, params) =>
            method === 'workspace/configuration' ? params.items.map(() => null) : null,
        );
        this.connection.onNotification(() => {});
        this.connection.listen();
    }

    async initialize(workspaceFolder) {
        const folderUri = pathToFileURL(workspaceFolder).href;
        const result = await this.connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri: folderUri,
            workspaceFolders: [{ uri: folderUri, name: path.basename(workspaceFolder) }],
            initializationOptions: { trusted: true },
            capabilities: {
                workspace: { workspaceFolders: true, configuration: true },
                textDocument: {
                    synchronization: { didSave: true },
                    completion: { completionItem: { snippetSupport: true } },
                    publishDiagnostics: { relatedInformation: true },
                },
            },
        });
        const sync = result.capabilities.textDocumentSync;
        this.syncKind = typeof sync === 'number' ? sync : (sync?.change ?? TextDocumentSyncKind.Full);
        await this.connection.sendNotification(InitializedNotification.type, {});
    }

    published(params) {
        this.lastPublishAt = performance.now();
        for (const waiter of this.waiters.filter((w) => w.uri === params.uri)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(params);
        }
    }

    /** The next diagnostics published for `uri`. */
    nextDiagnostics(uri) {
        if (this.exited) return Promise.reject(new Error(this.exited));
        return withTimeout(
            new Promise((resolve, reject) => this.waiters.push({ uri, resolve, reject })),
            `diagnostics for ${uri}`,
        );
    }

    /** Resolves once no diagnostics were published for QUIET_MS. */
    async settle() {
        const startedAt = performance.now();
        while (performance.now() - this.lastPublishAt < QUIET_MS) {
            if (this.exited) throw new Error(this.exited);
            if (performance.now() - startedAt > WAIT_LIMIT_MS)
                throw new Error(`the server did not settle within ${WAIT_LIMIT_MS / 1000} s`);
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }

    open(file, text) {
        const uri = pathToFileURL(file).href;
        const diagnostics = this.nextDiagnostics(uri);
        this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'sla', version: 1, text },
        });
        return { uri, diagnostics };
    }

    async stop() {
        if (this.exited) return;
        const exited = new Promise((resolve) => this.child.once('exit', resolve));
        await withTimeout(this.connection.sendRequest('shutdown'), 'shutdown').catch(() => {});
        this.connection.sendNotification('exit');
        const killer = setTimeout(() => this.child.kill(), 2_000);
        await exited;
        clearTimeout(killer);
    }
}

function withTimeout(promise, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_LIMIT_MS / 1000} s`)), WAIT_LIMIT_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function writeProbeFile(file) {
    fs.writeFileSync(file, [...probeChunks({ rows: 2_000 })].join(''));
}

const SERVICE_LINES = [
    (i) => `    service Service${i} {`,
    () => '        fee 100.00 EUR per month',
    () => '        metric Availability = availability of probes.up sample form controlled by provider',
    () => '        metric Latency = p95 of probes.latency_ms controlled by provider',
    () => '        objective Uptime: Availability >= 99.9 % per month for each probes.service',
    () => '        objective Fast: Latency <= 300 ms per month',
    () => '        exclude maintenance every Sunday 02:00 to 04:00',
    () => '        credit on Uptime {',
    () => '            below 99.9 %: 10 % of fee',
    () => '            below 99.0 %: 25 % of fee',
    () => '        }',
    () => '    }',
];

function agreementHeader(name, base) {
    return [
        `agreement ${name}${base ? ` extends ${base}` : ''} {`,
        '    kind service-based',
        '    provider Acme "Acme Networks"',
        '    customer Globex "Globex Corp"',
        '    timezone "Europe/Berlin"',
        '    currency EUR',
        '    data probes from "probes.csv" {',
        '        time timestamp, text service, boolean up, number latency_ms unit ms',
        '        every 1 min',
        '    }',
    ];
}

/** An agreement of exactly `lineCount` lines: a header, services, padding comments, the closing brace. */
export function bigAgreementText(lineCount) {
    const lines = agreementHeader('Large');
    for (let i = 1; lines.length + SERVICE_LINES.length + 1 <= lineCount; i++)
        lines.push(...SERVICE_LINES.map((line) => line(i)));
    while (lines.length < lineCount - 1) lines.push('    // padding');
    lines.push('}');
    return `${lines.join('\n')}\n`;
}

function agreementName(i) {
    return `Agreement${String(i).padStart(4, '0')}`;
}

/** Agreement i extends agreement ⌊i/2⌋ (a tree without cycles); the first extends nothing. */
function workspaceAgreementText(i) {
    const lines = agreementHeader(agreementName(i), i > 1 ? agreementName(Math.floor(i / 2)) : undefined);
    lines.push(...SERVICE_LINES.map((line) => line(i)), '}');
    return `${lines.join('\n')}\n`;
}

/** With `withData` false the probe file is absent, so the figures leave out inline compliance. */
async function firstDiagnosticsAndRevalidation(serverPath, workDir, { withData }) {
    const folder = path.join(workDir, withData ? 'large' : 'large-without-data');
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(folder, { recursive: true });
    if (withData) writeProbeFile(path.join(folder, 'probes.csv'));
    const file = path.join(folder, 'large.sla');
    const text = bigAgreementText(BIG_AGREEMENT_LINES);
    fs.writeFileSync(file, text);

    const session = await ServerSession.start(serverPath, folder);
    try {
        const openedAt = performance.now();
        const opened = session.open(file, text);
        const first = await opened.diagnostics;
        const firstDiagnosticsMs = performance.now() - openedAt;
        await session.settle();

        const edit = thresholdEdit(text);
        const revalidated = session.nextDiagnostics(opened.uri);
        const editedAt = performance.now();
        session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri: opened.uri, version: 2 },
            contentChanges:
                session.syncKind === TextDocumentSyncKind.Incremental ? [edit.change] : [{ text: edit.newText }],
        });
        await revalidated;
        const revalidateMs = performance.now() - editedAt;
        return {
            firstDiagnosticsMs,
            revalidateMs,
            diagnosticsCount: first.diagnostics.length,
            syncKind: session.syncKind,
        };
    } finally {
        await session.stop();
    }
}

/** Changes `300 ms` to `250 ms` on the Fast objective nearest the middle of the text. */
function thresholdEdit(text) {
    const lines = text.split('\n');
    let line = Math.floor(lines.length / 2);
    while (!lines[line].includes('Latency <= 300 ms')) line++;
    const character = lines[line].indexOf('300');
    const change = { range: { start: { line, character }, end: { line, character: character + 3 } }, text: '250' };
    lines[line] = `${lines[line].slice(0, character)}250${lines[line].slice(character + 3)}`;
    return { change, newText: lines.join('\n') };
}

async function completionLatency(serverPath, workDir) {
    const folder = path.join(workDir, 'workspace');
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(folder, { recursive: true });
    writeProbeFile(path.join(folder, 'probes.csv'));
    for (let i = 1; i <= WORKSPACE_AGREEMENTS; i++)
        fs.writeFileSync(path.join(folder, `a${String(i).padStart(4, '0')}.sla`), workspaceAgreementText(i));

    const session = await ServerSession.start(serverPath, folder);
    try {
        // The server indexes the workspace before it builds an opened document, so the opened
        // document's first diagnostics mark the workspace as ready.
        const file = path.join(folder, `a${String(OPENED_AGREEMENT).padStart(4, '0')}.sla`);
        const text = fs.readFileSync(file, 'utf8');
        const openedAt = performance.now();
        const opened = session.open(file, text);
        await opened.diagnostics;
        const workspaceReadyMs = performance.now() - openedAt;
        await session.settle();

        const positions = completionPositions(text);
        const timings = [];
        const itemCounts = positions.map(() => 0);
        for (let i = 0; i < COMPLETION_REQUESTS; i++) {
            const position = positions[i % positions.length];
            const requestedAt = performance.now();
            const result = await withTimeout(
                session.connection.sendRequest(CompletionRequest.type, {
                    textDocument: { uri: opened.uri },
                    position: position.at,
                }),
                'completion response',
            );
            timings.push(performance.now() - requestedAt);
            itemCounts[i % positions.length] = (Array.isArray(result) ? result : (result?.items ?? [])).length;
        }
        const items = Object.fromEntries(positions.map((p, i) => [p.name, itemCounts[i]]));
        return { timings, items, workspaceReadyMs };
    } finally {
        await session.stop();
    }
}

/** Cursor at the start of the metric name in the Uptime objective, and at the start of the `extends` base. */
function completionPositions(text) {
    const lines = text.split('\n');
    const objectiveLine = lines.findIndex((l) => l.includes('objective Uptime: '));
    return [
        { name: 'metric', at: { line: objectiveLine, character: lines[objectiveLine].indexOf('Availability >=') } },
        { name: 'extends', at: { line: 0, character: lines[0].indexOf(' extends ') + ' extends '.length } },
    ];
}

const round = (value) => Math.round(value * 10) / 10;

export async function benchmarkLanguageServer(serverPath, workDir) {
    if (!fs.existsSync(serverPath))
        throw new Error(`no server bundle at ${serverPath}: build it first (npm run build)`);
    const large = await firstDiagnosticsAndRevalidation(serverPath, workDir, { withData: true });
    const withoutData = await firstDiagnosticsAndRevalidation(serverPath, workDir, { withData: false });
    const completion = await completionLatency(serverPath, workDir);
    return {
        first_diagnostics_ms: round(large.firstDiagnosticsMs),
        revalidate_ms: round(large.revalidateMs),
        completion_p50_ms: round(percentile(completion.timings, 50)),
        completion_p95_ms: round(percentile(completion.timings, 95)),
        large_agreement_lines: BIG_AGREEMENT_LINES,
        large_agreement_diagnostics: large.diagnosticsCount,
        first_diagnostics_without_data_ms: round(withoutData.firstDiagnosticsMs),
        revalidate_without_data_ms: round(withoutData.revalidateMs),
        workspace_agreements: WORKSPACE_AGREEMENTS,
        workspace_first_diagnostics_ms: round(completion.workspaceReadyMs),
        completion_requests: COMPLETION_REQUESTS,
        completion_items: completion.items,
    };
}
