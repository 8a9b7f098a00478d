// The checks, in the order a user meets the features. Each step gets the open page and what the
// runner found out about the example; it throws when the UI does not show what it should.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as workbench from './lib/workbench.mjs';

const PROVIDER_CONTROL_CODE = 'sla/uncontrolled-penalised-metric';
const BREACH_CODE = 'sla/objective-breached';
const SERVER_ANSWER_TIMEOUT_MS = 30_000;
const PROBLEMS_QUIET_MS = 1000;

// From examples/isp/EXPECTED.md, worked out by hand: over the term's four months, Uptime fits its
// downtime budget in January (30 of 44.64 min) and April (20 of 43.2 min), and misses it in
// February (100 of 40.32 min) and March (2229 of 44.58 min).
const ISP_UPTIME = {
    objective: 'Uptime',
    months: ['2025-01', '2025-02', '2025-03', '2025-04'],
    breached: ['2025-02', '2025-03'],
};

/** Thrown by a step whose feature the installed extension does not have yet. */
export class StepSkipped extends Error {}

export const steps = [
    { name: 'open the example', essential: true, run: openExample },
    { name: 'syntax colouring', run: checkColouring, afterScreenshot: closeTokenInspector },
    { name: 'completion in an objective', run: checkCompletion, afterScreenshot: removeTypedLine },
    { name: 'inline compliance (breach diagnostic from data)', run: checkInlineCompliance },
    { name: 'compliance report command', run: checkComplianceReport, afterScreenshot: closeReport },
    { name: 'provider-control warning in Problems', run: checkProviderControlWarning },
];

async function openExample({ page, server, sandbox, example }) {
    await workbench.openWorkbench(page, server.url, sandbox.workspace);
    await workbench.openFile(page, example.path, `agreement ${example.header.name}`);
}

/**
 * The grammar's colours reach the editor: the `agreement` keyword is drawn with another token class
 * than the agreement's name, and VS Code's token inspector reports the keyword's TextMate scope.
 */
async function checkColouring({ page, example, log }) {
    const { header } = example;
    const classes = await workbench.waitForDistinctTokenClasses(page, 'agreement', header.name);
    log(`  'agreement' is ${classes.keywordClass}, '${header.name}' is ${classes.identifierClass}`);
    await workbench.goTo(page, header.line, header.column + 1);
    await workbench.runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
    await page.waitForFunction(() =>
        document.querySelector('.token-inspect-widget')?.textContent.includes('keyword.control.sla'),
    );
}

async function closeTokenInspector({ page }) {
    await page.keyboard.press('Escape');
    await page.waitForSelector('.token-inspect-widget', { state: 'detached' });
}

/**
 * On a new line under the penalised objective, typing the start of an objective and the first two
 * letters of its metric, then Ctrl+Space, lists the metric: a name only the language server knows
 * (word-based suggestions are switched off in the user settings).
 */
async function checkCompletion({ page, example, log }) {
    const { objectiveLine, metricName } = example.penalised;
    await workbench.goTo(page, objectiveLine, 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`objective E2eCompletion: ${metricName.slice(0, 2)}`);
    const labels = await workbench.completionLabels(page, metricName, SERVER_ANSWER_TIMEOUT_MS);
    log(`  suggestions: ${labels.join(', ')}`);
}

/** Closes the list and deletes the typed line, which leaves the file as it was. */
async function removeTypedLine({ page }) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+K');
    await page.waitForFunction(
        () => !document.querySelector('.editor-instance .view-lines')?.textContent.includes('E2eCompletion'),
    );
}

/**
 * Turning the penalised metric's `controlled by provider` into `controlled by customer` makes the
 * Problems panel show a provider-control warning that was not there before the edit.
 */
async function checkProviderControlWarning({ page, example, log }) {
    const { metricName, metricLine, providerColumn } = example.penalised;
    await workbench.showProblemsOf(page, example.path);
    const before = await workbench.settledProblemRows(page, PROBLEMS_QUIET_MS, SERVER_ANSWER_TIMEOUT_MS);

    await workbench.goTo(page, metricLine, providerColumn);
    await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.type('customer');
    await workbench.waitForEditorText(page, `metric ${metricName}`);
    await workbench.waitForEditorText(page, 'controlled by customer');

    const row = await workbench.waitForNewProblem(
        page,
        { file: example.fileName, fragments: [PROVIDER_CONTROL_CODE, 'customer'], before },
        SERVER_ANSWER_TIMEOUT_MS,
    );
    log(`  Problems: ${row.spoken}`);
    if (row.severity !== 'warning') throw new Error(`expected a warning, the row is ${row.severity}: ${row.spoken}`);
}

/**
 * The language server evaluates the example against its data and warns on the Uptime objective
 * that it was breached in exactly the months EXPECTED.md works out (see ISP_UPTIME).
 */
async function checkInlineCompliance({ page, sandbox, example, log }) {
    if (!(await installedExtensionMentions(sandbox.extensions, BREACH_CODE))) {
        throw new StepSkipped(`not implemented yet: the installed language server has no ${BREACH_CODE} diagnostic`);
    }
    await workbench.showProblemsOf(page, example.path);
    const row = await workbench.waitForNewProblem(
        page,
        { file: example.fileName, fragments: [BREACH_CODE, ISP_UPTIME.objective] },
        SERVER_ANSWER_TIMEOUT_MS,
    );
    log(`  Problems: ${row.spoken}`);
    if (row.severity !== 'warning') throw new Error(`expected a warning, the row is ${row.severity}: ${row.spoken}`);
    const named = ISP_UPTIME.months.filter((month) => row.spoken.includes(month));
    if (named.join() !== ISP_UPTIME.breached.join()) {
        throw new Error(
            `expected breaches in ${ISP_UPTIME.breached.join(', ')}; the row names ${named.join(', ') || 'no month'}`,
        );
    }
}

/** "SLA: Open Compliance Report" shows the server's report beside the editor, breaches included. */
async function checkComplianceReport({ page, log }) {
    await workbench.runCommand(page, 'SLA: Open Compliance Report');
    const deadline = Date.now() + SERVER_ANSWER_TIMEOUT_MS;
    while (Date.now() < deadline) {
        // The report is rendered in a webview, a frame of its own; the workbench page itself also
        // mentions breaches (in Problems), so only other frames count.
        for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
            const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
            if (text.includes('FiberBusiness') && text.includes('downtime used / allowed')) {
                const uptime = text.slice(text.indexOf(`· ${ISP_UPTIME.objective}`)).split(/\n\S+ · /)[0];
                const breachedMonths = ISP_UPTIME.months.filter((month) =>
                    new RegExp(`${month}\\s+breached`).test(uptime),
                );
                log(`  report shows breaches in ${breachedMonths.join(', ')}`);
                if (breachedMonths.join() !== ISP_UPTIME.breached.join()) {
                    throw new Error(
                        `expected breaches in ${ISP_UPTIME.breached.join(', ')}; the report shows ${breachedMonths.join(', ') || 'none'}`,
                    );
                }
                return;
            }
        }
        await page.waitForTimeout(200);
    }
    throw new Error('no webview with the compliance report appeared');
}

/** Closes the report's own tab (a palette command could match a broader "close") and returns to the agreement. */
async function closeReport({ page, example }) {
    const reportTab = await page.$('.tab[aria-label^="Compliance:"]');
    if (reportTab) {
        await reportTab.hover();
        await page.click('.tab[aria-label^="Compliance:"] .codicon-close');
        await page.waitForSelector('.tab[aria-label^="Compliance:"]', { state: 'detached' });
    }
    await page.click(`.tab[aria-label^="${example.fileName}"]`);
}

/** Whether any file of the installed extensions contains `text` (a diagnostic code in the server bundle). */
async function installedExtensionMentions(extensionsDir, text) {
    const files = await readdir(extensionsDir, { recursive: true, withFileTypes: true });
    for (const file of files.filter((entry) => entry.isFile() && /\.(c|m)?js$/.test(entry.name))) {
        if ((await readFile(join(file.parentPath ?? file.path, file.name), 'utf8')).includes(text)) return true;
    }
    return false;
}
