import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';

/** Files whose changes the server hears about: agreements, and the measurement data they name. */
const WATCHED_FILES = ['**/*.sla', '**/*.csv', '**/*.ndjson', '**/*.json'];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    client = createClient(context);
    // The server learns whether the workspace is trusted only when it starts (it reads no data
    // while untrusted), so granting trust restarts it.
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => client?.restart()));
    await client.start();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
    const serverModule = context.asAbsolutePath(path.join('dist', 'server.cjs'));
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const watchers = WATCHED_FILES.map(pattern => vscode.workspace.createFileSystemWatcher(pattern));
    context.subscriptions.push(...watchers);
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ scheme: 'file', language: 'sla' }],
        synchronize: { fileEvents: watchers },
        initializationOptions: () => ({ trusted: vscode.workspace.isTrusted })
    };
    return new LanguageClient('sla', 'SLA Language Server', serverOptions, clientOptions);
}
