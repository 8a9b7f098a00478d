import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClientDataOptions } from '@sla/language';
import {
    LanguageClient,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    client = createClient(context);
    context.subscriptions.push(
        vscode.commands.registerCommand('sla.openComplianceReport', () => openComplianceReport()),
    );
    // The server learns whether the workspace is trusted, and which folders outside it may be read,
    // only when it starts (it reads no data while untrusted), so granting trust or allowing a folder restarts it.
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => client?.restart()));
    context.subscriptions.push(
        vscode.workspace.onDidChangeConfiguration((change) => {
            if (change.affectsConfiguration('sla.data.allowRead')) void client?.restart();
        }),
    );
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
        debug: {
            module: serverModule,
            transport: TransportKind.ipc,
            options: { execArgv: ['--nolazy', '--inspect=6009'] },
        },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ scheme: 'file', language: 'sla' }],
        // The server registers its own watchers for agreements and data files (dynamic registration).
        initializationOptions: (): ClientDataOptions => ({
            trusted: vscode.workspace.isTrusted,
            allowRead: vscode.workspace.getConfiguration('sla.data').get<string[]>('allowRead', []),
        }),
    };
    return new LanguageClient('sla', 'SLA Language Server', serverOptions, clientOptions);
}

/** Shows the compliance report of the active agreement, as the language server computed it, in a webview. */
async function openComplianceReport(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!client || editor?.document.languageId !== 'sla') {
        await vscode.window.showInformationMessage('Open an .sla agreement to see its compliance report.');
        return;
    }
    const result = await client.sendRequest<{ html?: string; unavailable?: string }>('sla/complianceReport', {
        uri: editor.document.uri.toString(),
    });
    if (!result.html) {
        await vscode.window.showWarningMessage(
            result.unavailable ?? 'No compliance report is available for this file.',
        );
        return;
    }
    const title = `Compliance: ${path.basename(editor.document.fileName)}`;
    const panel = vscode.window.createWebviewPanel('slaComplianceReport', title, vscode.ViewColumn.Beside, {
        enableScripts: false,
    });
    panel.webview.html = result.html;
}
