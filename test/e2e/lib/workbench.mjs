// Driving VS Code's workbench in the browser. Selectors were checked against code-server 4.100.3;
// keyboard shortcuts are sent to the page, which is how a user reaches the commands.

const EDITOR_LINES = '.editor-instance .view-lines';
const EXPLORER_ROWS = '.explorer-folders-view .monaco-list-row';
const QUICK_INPUT_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
const SUGGEST_ROWS = '.editor-widget.suggest-widget.visible .monaco-list-row';
const PROBLEM_ROWS = '.markers-panel .monaco-list-row';

export async function openWorkbench(page, url, folder) {
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.waitForSelector('.monaco-workbench');
    await page.waitForSelector(EXPLORER_ROWS);
}

/** Opens a workspace file through Quick Open and waits until the editor shows `expectedText`. */
export async function openFile(page, relativePath, expectedText) {
    await focusEditorArea(page);
    await page.keyboard.press('Control+P');
    await page.keyboard.type(relativePath);
    await page.waitForFunction(
        ([selector, name]) => [...document.querySelectorAll(selector)].some((row) => row.textContent.includes(name)),
        [QUICK_INPUT_ROWS, relativePath.split('/').pop()],
    );
    await page.keyboard.press('Enter');
    await waitForEditorText(page, expectedText);
}

async function focusEditorArea(page) {
    await page.click('.part.editor', { position: { x: 200, y: 200 } });
}

export async function waitForEditorText(page, text) {
    await page.waitForFunction(
        ([selector, wanted]) =>
            document
                .querySelector(selector)
                ?.textContent.replace(/\u00a0/g, ' ')
                .includes(wanted),
        [EDITOR_LINES, text],
    );
}

/** Moves the caret with Go to Line (Ctrl+G), 1-based line and column. */
export async function goTo(page, line, column) {
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
}

/**
 * Waits until the span holding `keyword` and the span holding `identifier` carry different token
 * classes. Monaco merges neighbouring tokens of one class into a span, so the identifier is looked
 * for as a word inside a span's text.
 */
export async function waitForDistinctTokenClasses(page, keyword, identifier) {
    const handle = await page.waitForFunction(
        ([selector, keywordText, identifierText]) => {
            const spans = [...document.querySelectorAll(`${selector} .view-line span span`)];
            const identifierPattern = new RegExp(`(^|[^\\w-])${identifierText}($|[^\\w-])`);
            const keywordClass = spans.find((span) => span.textContent.trim() === keywordText)?.className;
            const identifierClass = spans.find((span) => identifierPattern.test(span.textContent))?.className;
            return (
                keywordClass && identifierClass && keywordClass !== identifierClass && { keywordClass, identifierClass }
            );
        },
        [EDITOR_LINES, keyword, identifier],
    );
    return handle.jsonValue();
}

/** Runs a command from the Command Palette by its title. */
export async function runCommand(page, title) {
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(title);
    await page.waitForFunction(
        ([selector, wanted]) =>
            [...document.querySelectorAll(selector)].some((row) => row.textContent.includes(wanted)),
        [QUICK_INPUT_ROWS, title],
    );
    await page.keyboard.press('Enter');
}

/** Presses Ctrl+Space and returns the labels of the suggestion rows once `expected` is among them. */
export async function completionLabels(page, expected, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let labels = [];
    // The language client may still be starting: ask again until its answer arrives.
    while (Date.now() < deadline) {
        await page.keyboard.press('Control+Space');
        labels = await visibleSuggestions(page, Math.min(3000, deadline - Date.now()));
        if (labels.includes(expected)) return labels;
        await page.keyboard.press('Escape');
    }
    throw new Error(`completion did not offer "${expected}"; last list: ${JSON.stringify(labels)}`);
}

async function visibleSuggestions(page, timeoutMs) {
    try {
        await page.waitForSelector(SUGGEST_ROWS, { timeout: timeoutMs });
    } catch (error) {
        if (error.name === 'TimeoutError') return [];
        throw error;
    }
    return page.$$eval(`${SUGGEST_ROWS} .label-name`, (names) => names.map((name) => name.textContent.trim()));
}

/**
 * Opens the Problems panel (Ctrl+Shift+M) filtered to `relativePath`, and waits until the filter
 * has applied: other workspace files have diagnostics too, and the list only renders what fits.
 */
export async function showProblemsOf(page, relativePath) {
    if (!(await page.$('.markers-panel'))) await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel');
    await page.fill('input[aria-label="Filter Problems"]', `**/${relativePath}`);
    await page.waitForFunction(
        ([selector, fileName]) =>
            [...document.querySelectorAll(selector)]
                .filter((row) => !row.querySelector('.marker-icon'))
                .every((fileRow) => fileRow.querySelector('.label-name')?.textContent.trim() === fileName),
        [PROBLEM_ROWS, relativePath.split('/').pop()],
    );
}

/**
 * The Problems panel's marker rows: the file they are listed under, severity (from the row's
 * icon), what a screen reader reads (severity, message, position) and what is shown (message,
 * source, code, position). Rows are read in list order; the DOM keeps them in another.
 */
export async function problemRows(page) {
    return page.$$eval(PROBLEM_ROWS, (rows) => {
        let file;
        const markers = [];
        for (const row of rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))) {
            if (!row.querySelector('.marker-icon')) {
                file = row.querySelector('.label-name')?.textContent.trim();
                continue;
            }
            markers.push({
                file,
                severity:
                    ['error', 'warning', 'info'].find((name) => row.querySelector(`.marker-icon.${name}`)) ?? 'other',
                spoken: row.getAttribute('aria-label') ?? '',
                shown: row.textContent,
            });
        }
        return markers;
    });
}

const rowKey = (row) => `${row.file}: ${row.spoken} | ${row.shown}`;

/**
 * The Problems rows once they have stopped changing for `quietMs`: the language server revalidates
 * after every edit, and the rows are only a baseline once its latest diagnostics have arrived.
 */
export async function settledProblemRows(page, quietMs, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let rows = await problemRows(page);
    let unchangedSince = Date.now();
    while (Date.now() - unchangedSince < quietMs) {
        if (Date.now() > deadline) throw new Error(`the Problems panel kept changing for ${timeoutMs} ms`);
        await page.waitForTimeout(100);
        const current = await problemRows(page);
        if (JSON.stringify(current) !== JSON.stringify(rows)) {
            rows = current;
            unchangedSince = Date.now();
        }
    }
    return rows;
}

/**
 * Waits until the Problems panel lists, under `file`, a row that was not among `before` and that
 * contains every one of `fragments` (ignoring case) in what it reads or shows, and returns it.
 */
export async function waitForNewProblem(page, { file, fragments, before = [] }, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    const seen = new Set(before.map(rowKey));
    const isWanted = (row) =>
        row.file === file &&
        !seen.has(rowKey(row)) &&
        fragments.every((fragment) => rowKey(row).toLowerCase().includes(fragment.toLowerCase()));
    while (Date.now() < deadline) {
        const found = (await problemRows(page)).find(isWanted);
        if (found) return found;
        await page.waitForTimeout(200);
    }
    throw new Error(`no new Problems row under ${file} containing ${JSON.stringify(fragments)} within ${timeoutMs} ms`);
}

/** A plain-text account of what the page shows, for failure reports. */
export async function describePage(page) {
    return page.evaluate(
        ([editorSelector, problemSelector]) => {
            const texts = (selector) =>
                [...document.querySelectorAll(selector)].map((element) => element.textContent.trim()).filter(Boolean);
            const lines = [...document.querySelectorAll(`${editorSelector} .view-line`)]
                .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
                .map((line) => line.textContent.replace(/\u00a0/g, ' '));
            return [
                `tabs: ${JSON.stringify(texts('.tabs-container .tab .label-name'))}`,
                `editor (visible lines):\n  ${lines.join('\n  ')}`,
                `problems:\n  ${[...document.querySelectorAll(problemSelector)]
                    .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
                    .map((row) => row.getAttribute('aria-label'))
                    .join('\n  ')}`,
                `notifications: ${JSON.stringify(texts('.notifications-toasts .notification-list-item-message'))}`,
                `quick input: ${JSON.stringify(texts('.quick-input-widget:not([style*="display: none"]) .quick-input-list .monaco-list-row'))}`,
                `suggestions: ${JSON.stringify(texts('.suggest-widget.visible .label-name'))}`,
                `hover/widgets: ${JSON.stringify(texts('.monaco-hover:not(.hidden), .token-inspect-widget'))}`,
                `status bar: ${JSON.stringify(texts('.statusbar-item'))}`,
            ].join('\n');
        },
        [EDITOR_LINES, PROBLEM_ROWS],
    );
}
