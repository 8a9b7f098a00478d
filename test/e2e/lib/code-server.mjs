// A throw-away code-server: its own user data, extensions and config in a temp folder, a copy of
// the examples as its workspace, bound to a free loopback port.
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay, runCommand, startProcess } from './processes.mjs';

// Settings that keep every prompt, tour and background download away, and make completion
// appear only when the test asks for it (Ctrl+Space), from the language server alone.
const USER_SETTINGS = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'chat.disableAIFeatures': true,
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'files.hotExit': 'off',
    'window.restoreWindows': 'none',
    'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
    'editor.suggestOnTriggerCharacters': false,
    'editor.wordBasedSuggestions': 'off',
};

const READY_TIMEOUT_MS = 30_000;

/** Creates the temp folders and copies `examplesDir` into the workspace. */
export async function createSandbox(examplesDir) {
    const root = await mkdtemp(join(tmpdir(), 'sla-e2e-'));
    const sandbox = {
        root,
        userData: join(root, 'user-data'),
        extensions: join(root, 'extensions'),
        workspace: join(root, 'workspace'),
        config: join(root, 'config.yaml'),
        log: join(root, 'code-server.log'),
    };
    await mkdir(join(sandbox.userData, 'User'), { recursive: true });
    await mkdir(sandbox.extensions, { recursive: true });
    await cp(examplesDir, sandbox.workspace, { recursive: true });
    await writeFile(join(sandbox.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    // Without --config, code-server reads and writes ~/.config/code-server/config.yaml.
    await writeFile(sandbox.config, 'auth: none\ncert: false\n');
    return sandbox;
}

function commonArgs(sandbox) {
    return ['--config', sandbox.config, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions];
}

/** Installs the VSIX and checks that code-server lists `extensionId` afterwards. */
export async function installExtension(codeServerBin, vsixPath, extensionId, sandbox) {
    await runCommand(codeServerBin, [...commonArgs(sandbox), '--install-extension', vsixPath]);
    const listed = await runCommand(codeServerBin, [...commonArgs(sandbox), '--list-extensions']);
    const ids = listed.split('\n').map((line) => line.trim().toLowerCase());
    if (!ids.includes(extensionId.toLowerCase())) {
        throw new Error(`${extensionId} is not listed after installing ${vsixPath}; code-server listed:\n${listed}`);
    }
}

/**
 * Starts code-server on a port the system picks (127.0.0.1:0), reads the port from its log and
 * waits until /healthz answers. Returns the child process and the base URL.
 */
export async function startCodeServer(codeServerBin, sandbox, log) {
    let output = '';
    const child = startProcess(
        codeServerBin,
        [
            ...commonArgs(sandbox),
            '--auth',
            'none',
            '--bind-addr',
            '127.0.0.1:0',
            '--disable-telemetry',
            '--disable-update-check',
            '--disable-workspace-trust',
            sandbox.workspace,
        ],
        {
            onOutput: (text) => {
                output += text;
                log(text);
            },
        },
    );
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let url;
    while (!url) {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
        if (Date.now() > deadline)
            throw new Error(`code-server did not report its address within ${READY_TIMEOUT_MS} ms:\n${output}`);
        url = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
        if (!url) await delay(100);
    }
    await waitForHealth(url, deadline);
    return { child, url };
}

async function waitForHealth(url, deadline) {
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
        try {
            const response = await fetch(`${url}/healthz`);
            if (response.ok) return;
            lastProblem = `HTTP ${response.status}`;
        } catch (error) {
            lastProblem = error.message;
        }
        await delay(100);
    }
    throw new Error(`${url}/healthz did not answer 200 in time (${lastProblem})`);
}
