// End-to-end test of the packaged extension in a real VS Code: installs the VSIX into a fresh
// code-server, opens the ISP example in Chromium and checks what a user sees. Screenshots and logs
// go to test/e2e/artifacts/. The last line printed is "N passed, N failed".
//
//   node test/e2e/run.mjs             (npm run test:e2e builds first)
//   SLA_E2E_VSIX=path/to.vsix         test that VSIX instead of packaging packages/vscode
//   SLA_E2E_CACHE=dir                 where .ci/e2e-setup.sh keeps code-server (default ~/.cache/sla-e2e)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, installExtension, startCodeServer } from './lib/code-server.mjs';
import { findAgreementHeader, findPenalisedMetric } from './lib/example.mjs';
import { runCommand, stopAllProcesses } from './lib/processes.mjs';
import { describePage } from './lib/workbench.mjs';
import { StepSkipped, steps } from './steps.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(REPO, 'test', 'e2e', 'artifacts');
const EXTENSION_DIR = join(REPO, 'packages', 'vscode');
const EXAMPLE_PATH = 'isp/internet.sla';
const STEP_TIMEOUT_MS = 20_000;
const CHROMIUM_FLAGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
];

const tally = { passed: 0, failed: 0, skipped: [] };
const startedAt = Date.now();
let browser;
let sandbox;
let interruptedBy;

function log(message) {
    console.log(`[e2e ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${message}`);
}

/** Runs .ci/e2e-setup.sh (installs only what is missing) and returns the code-server folder. */
function prepareMachine() {
    const result = spawnSync('bash', [join(REPO, '.ci', 'e2e-setup.sh')], {
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
    });
    process.stdout.write(result.stdout ?? '');
    if (result.status !== 0) throw new Error(`.ci/e2e-setup.sh failed (exit ${result.status ?? result.signal})`);
    return result.stdout.trim().split('\n').pop();
}

/**
 * The VSIX to test: SLA_E2E_VSIX, or packages/vscode's. `npm run test:e2e` has just built the
 * bundles, so only vsce runs when the VSIX is missing or older than them; without bundles, the
 * root `npm run package` builds everything first.
 */
async function ensureVsix() {
    if (process.env.SLA_E2E_VSIX) return resolve(process.env.SLA_E2E_VSIX);
    const vsix = join(EXTENSION_DIR, 'sla-vscode.vsix');
    const bundlesTime = await newestModifiedTime(join(EXTENSION_DIR, 'dist'));
    if (bundlesTime === 0) {
        log('building and packaging the extension (npm run package)');
        await runCommand('npm', ['run', '-s', 'package'], { cwd: REPO });
    } else if (
        (await modifiedTime(vsix)) <
        Math.max(
            bundlesTime,
            ...(await Promise.all([
                newestModifiedTime(join(EXTENSION_DIR, 'syntaxes')),
                modifiedTime(join(EXTENSION_DIR, 'package.json')),
            ])),
        )
    ) {
        log('packaging the extension (npm run -w sla-vscode package)');
        await runCommand('npm', ['run', '-s', '-w', 'sla-vscode', 'package'], { cwd: REPO });
    }
    return vsix;
}

async function modifiedTime(path) {
    try {
        return (await stat(path)).mtimeMs;
    } catch {
        return 0;
    }
}

async function newestModifiedTime(dir) {
    let entries;
    try {
        entries = await readdir(dir, { recursive: true });
    } catch {
        return 0;
    }
    const times = await Promise.all(entries.map((entry) => modifiedTime(join(dir, entry))));
    return Math.max(0, ...times);
}

async function extensionId() {
    const manifest = JSON.parse(await readFile(join(EXTENSION_DIR, 'package.json'), 'utf8'));
    return `${manifest.publisher}.${manifest.name}`;
}

async function describeExample(workspace) {
    const text = await readFile(join(workspace, EXAMPLE_PATH), 'utf8');
    const label = `examples/${EXAMPLE_PATH}`;
    return {
        path: EXAMPLE_PATH,
        fileName: basename(EXAMPLE_PATH),
        header: findAgreementHeader(text, label),
        penalised: findPenalisedMetric(text, label),
    };
}

async function launchBrowser(codeServerDir) {
    const { chromium } = createRequire(join(codeServerDir, 'package.json'))('playwright-core');
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: CHROMIUM_FLAGS,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    return page;
}

async function setUp(serverLog) {
    const codeServerDir = prepareMachine();
    const codeServerBin = join(codeServerDir, 'node_modules', '.bin', 'code-server');
    const vsix = await ensureVsix();
    sandbox = await createSandbox(join(REPO, 'examples'));
    const example = await describeExample(sandbox.workspace);
    log(`installing ${vsix}`);
    await installExtension(codeServerBin, vsix, await extensionId(), sandbox);
    const server = await startCodeServer(codeServerBin, sandbox, (text) => serverLog.push(text));
    log(`code-server at ${server.url}, workspace ${sandbox.workspace}`);
    const page = await launchBrowser(codeServerDir);
    return { page, server, sandbox, example, log };
}

/** Runs the steps in order; once an essential step (or the set-up) has failed, the rest count as failed. */
async function runSteps(context, blockedBy) {
    for (const [index, step] of steps.entries()) {
        if (interruptedBy) return;
        const label = `${index + 1}. ${step.name}`;
        if (blockedBy) {
            fail(label, new Error(`not run: "${blockedBy}" failed`));
        } else if (!(await runStep(context, step, index, label)) && step.essential) {
            blockedBy = step.name;
        }
    }
}

async function runStep(context, step, index, label) {
    const stepStart = Date.now();
    const screenshot = join(ARTIFACTS, `${String(index + 1).padStart(2, '0')}-${step.name.replace(/\W+/g, '-')}.png`);
    try {
        await step.run(context);
        await context.page.screenshot({ path: screenshot });
        await step.afterScreenshot?.(context);
        tally.passed++;
        log(`PASS ${label} (${((Date.now() - stepStart) / 1000).toFixed(1)} s)`);
        return true;
    } catch (error) {
        if (interruptedBy) return false;
        if (error instanceof StepSkipped) {
            log(`SKIP ${label}: ${error.message}`);
            tally.skipped.push(`${step.name}: ${error.message}`);
            return true;
        }
        await context.page.screenshot({ path: screenshot }).catch(() => {});
        fail(label, error);
        console.log(
            `  the page showed:\n${indent(await describePage(context.page).catch((e) => `(cannot read the page: ${e.message})`))}`,
        );
        console.log(`  screenshot: ${screenshot}`);
        return false;
    }
}

function fail(label, error) {
    tally.failed++;
    log(`FAIL ${label}: ${error.message}`);
}

function indent(text) {
    return text
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
}

/** Keeps code-server's and the extension host's logs with the screenshots. */
async function keepLogs(serverLog) {
    if (!sandbox) return;
    const logsDir = join(ARTIFACTS, 'logs');
    await mkdir(logsDir, { recursive: true });
    const userDataLogs = join(sandbox.userData, 'logs');
    if (existsSync(userDataLogs)) await cp(userDataLogs, logsDir, { recursive: true });
    await writeFile(join(logsDir, 'code-server.log'), serverLog.join(''));
}

let cleanup;
function stopEverything() {
    cleanup ??= (async () => {
        await browser?.close().catch((error) => log(`closing Chromium: ${error.message}`));
        await stopAllProcesses();
        if (sandbox) await rm(sandbox.root, { recursive: true, force: true });
    })();
    return cleanup;
}

for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
]) {
    process.once(signal, () => {
        interruptedBy = signal;
        log(`${signal}: stopping everything this run started`);
        stopEverything().finally(() => process.exit(exitCode));
    });
}

async function main() {
    await rm(ARTIFACTS, { recursive: true, force: true });
    await mkdir(ARTIFACTS, { recursive: true });
    const serverLog = [];
    try {
        let context;
        try {
            context = await setUp(serverLog);
        } catch (error) {
            fail('set-up', error);
            const frames = (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at '));
            if (frames.length > 0) console.log(frames.join('\n'));
        }
        await runSteps(context, context ? undefined : 'set-up');
    } finally {
        await keepLogs(serverLog).catch((error) => log(`keeping logs: ${error.message}`));
        await stopEverything();
    }
    for (const skipped of tally.skipped) console.log(`skipped: ${skipped}`);
    if (tally.failed > 0) console.log(`screenshots and logs: ${ARTIFACTS}`);
    console.log(`${tally.passed} passed, ${tally.failed} failed`);
    process.exitCode = tally.failed > 0 ? 1 : 0;
}

await main();
