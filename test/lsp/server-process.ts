// Starts the bundled language server as an editor would (`node server.cjs --stdio`) and speaks LSP
// to it. The bundle is copied out of the repository first: Node resolves `require` from the file's
// folder, so a bundle that still needs a package from node_modules fails here as it would in the VSIX.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
    createProtocolConnection,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    ExitNotification,
    InitializedNotification,
    InitializeRequest,
    PublishDiagnosticsNotification,
    ShutdownRequest,
    type Diagnostic,
    type ProtocolConnection,
    type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';

const SERVER_BUNDLE = fileURLToPath(new URL('../../packages/vscode/dist/server.cjs', import.meta.url));
const FIXTURE_WORKSPACE = fileURLToPath(new URL('./fixtures/workspace', import.meta.url));
/** How long to wait for a notification before failing with what did arrive. */
const WAIT_LIMIT_MS = 30_000;

export interface ServerSession {
    readonly connection: ProtocolConnection;
    /** The temporary copy of the fixture workspace the server was initialised with. */
    readonly workspace: string;
    uriOf(relativePath: string): string;
    openDocument(relativePath: string, text: string): Promise<void>;
    /** Replaces the whole text of an open document (the next version). */
    changeDocument(relativePath: string, text: string): Promise<void>;
    /** Waits for the next diagnostics published for `uri` (after this call) that satisfy `accept`. */
    diagnosticsFor(uri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
    stop(): Promise<void>;
}

export interface ServerOptions {
    /**
     * What the VS Code client sends as `initializationOptions.trusted`: whether the workspace is
     * trusted; 'unsaid' sends no initialization options, as an editor without workspace trust does.
     */
    readonly trusted: boolean | 'unsaid';
    /** Whether the client says it can refresh code lenses when the server asks. */
    readonly codeLensRefresh?: boolean;
    /** Command-line arguments for the server after `--stdio`. */
    readonly serverArguments?: readonly string[];
}

export async function startServer(
    { trusted, codeLensRefresh = false, serverArguments = [] }: ServerOptions = { trusted: true },
): Promise<ServerSession> {
    const scratch = mkdtempSync(join(tmpdir(), 'sla-lsp-'));
    const workspace = join(scratch, 'workspace');
    cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
    const bundle = join(scratch, 'server.cjs');
    copyFileSync(SERVER_BUNDLE, bundle);
    // The server evaluates on a worker thread whose script ships beside it.
    copyFileSync(join(dirname(SERVER_BUNDLE), 'evaluation-worker.cjs'), join(scratch, 'evaluation-worker.cjs'));

    const child = spawn(process.execPath, [bundle, '--stdio', ...serverArguments], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
    });
    const connection = createProtocolConnection(child.stdout, child.stdin);
    const diagnostics = new DiagnosticsLog(() => stderr);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => diagnostics.record(params));
    connection.listen();

    let version = 1;
    const session: ServerSession = {
        connection,
        workspace,
        uriOf: (relativePath) => pathToFileURL(join(workspace, relativePath)).toString(),
        openDocument: (relativePath, text) =>
            connection.sendNotification(DidOpenTextDocumentNotification.type, {
                textDocument: { uri: session.uriOf(relativePath), languageId: 'sla', version: 1, text },
            }),
        changeDocument: (relativePath, text) =>
            connection.sendNotification(DidChangeTextDocumentNotification.type, {
                textDocument: { uri: session.uriOf(relativePath), version: ++version },
                contentChanges: [{ text }],
            }),
        diagnosticsFor: (uri, accept) => diagnostics.waitFor(uri, accept),
        stop: () => stopServer(connection, child, scratch),
    };
    try {
        await initialize(connection, workspace, trusted, codeLensRefresh);
    } catch (error) {
        await session.stop();
        throw new Error(`the server did not initialise: ${String(error)}\nserver stderr:\n${stderr}`, { cause: error });
    }
    return session;
}

async function initialize(
    connection: ProtocolConnection,
    workspace: string,
    trusted: boolean | 'unsaid',
    codeLensRefresh: boolean,
): Promise<void> {
    const uri = pathToFileURL(workspace).toString();
    await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: uri,
        workspaceFolders: [{ uri, name: 'workspace' }],
        capabilities: {
            textDocument: {
                publishDiagnostics: {},
                completion: { completionItem: { snippetSupport: true } },
                synchronization: { didSave: false },
            },
            workspace: { workspaceFolders: true, codeLens: { refreshSupport: codeLensRefresh } },
        },
        initializationOptions: trusted === 'unsaid' ? undefined : { trusted },
    });
    await connection.sendNotification(InitializedNotification.type, {});
}

/** Asks the server to shut down and exit; kills it if it is still running after that. */
async function stopServer(connection: ProtocolConnection, child: ChildProcess, scratch: string): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        try {
            await withTimeout(connection.sendRequest(ShutdownRequest.type), 'shutdown');
            await connection.sendNotification(ExitNotification.type);
            await withTimeout(exited, 'exit');
        } catch {
            child.kill('SIGKILL');
        }
    }
    connection.dispose();
    rmSync(scratch, { recursive: true, force: true });
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
        promise.then(
            (value) => {
                clearTimeout(timer);
                resolve(value);
            },
            (error) => {
                clearTimeout(timer);
                reject(error);
            },
        );
    });
}

interface Waiter {
    readonly uri: string;
    readonly accept: (diagnostics: Diagnostic[]) => boolean;
    readonly resolve: (diagnostics: Diagnostic[]) => void;
}

/** Hands each published diagnostics notification to whoever waits for it. */
class DiagnosticsLog {
    private readonly waiters = new Set<Waiter>();
    private readonly lastByUri = new Map<string, Diagnostic[]>();

    constructor(private readonly serverOutput: () => string) {}

    record(params: PublishDiagnosticsParams): void {
        this.lastByUri.set(params.uri, params.diagnostics);
        for (const waiter of this.waiters) {
            if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
                this.waiters.delete(waiter);
                waiter.resolve(params.diagnostics);
            }
        }
    }

    waitFor(uri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
        return new Promise<Diagnostic[]>((resolve, reject) => {
            const waiter: Waiter = {
                uri,
                accept,
                resolve: (diagnostics) => {
                    clearTimeout(timer);
                    resolve(diagnostics);
                },
            };
            const timer = setTimeout(() => {
                this.waiters.delete(waiter);
                const last = this.lastByUri.get(uri);
                reject(
                    new Error(
                        `no matching diagnostics for ${uri} within ${WAIT_LIMIT_MS} ms; last published: ` +
                            `${last ? JSON.stringify(last, undefined, 2) : 'none'}\nserver stderr:\n${this.serverOutput()}`,
                    ),
                );
            }, WAIT_LIMIT_MS);
            this.waiters.add(waiter);
        });
    }
}
