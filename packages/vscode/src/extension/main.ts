import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';

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
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ scheme: 'file', language: 'sla' }],
        // The server registers its own watchers for agreements and data files (dynamic registration).
        initializationOptions: () => ({ trusted: vscode.workspace.isTrusted })
    };
    return new LanguageClient('sla', 'SLA Language Server', serverOptions, clientOptions);
}
