// Drives the VS Code workbench that code-server serves, from Debian's Chromium through
// playwright-core: the command palette, quick open, the Output and Problems panels, webviews,
// Descent's run cells, and test steps that keep evidence when they fail.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/repoRoot';
import { waitFor } from './processes';

export const DEFAULT_WAIT_MS = 60_000;
const UI_WAIT_MS = 15_000;

/** Settings that leave TypeScript's diagnostics off: only Descent's in the Problems panel, and no TypeScript server competing for the CPU. */
export const WITHOUT_TYPESCRIPT_CHECKS = { 'typescript.validate.enable': false, 'javascript.validate.enable': false };

const consoleLines = new WeakMap<Page, string[]>();

/** Keeps the page's console warnings and errors (webview frames included) and uncaught exceptions. */
function recordConsole(page: Page): void {
  const lines: string[] = [];
  consoleLines.set(page, lines);
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > 500) lines.shift();
  };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') keep(`[${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => keep(`[uncaught] ${error.message}`));
}

/** The last console warnings and errors the workbench page (and its webviews) logged. */
export function browserConsole(page: Page, limit = 30): string[] {
  return (consoleLines.get(page) ?? []).slice(-limit);
}

export const WORKBENCH_VIEWPORT = { width: 1600, height: 1000 };

/** Opens the workbench at `url` in a new page of `context` and waits until it can take commands. */
export async function openWorkbench(context: BrowserContext, url: string): Promise<Page> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  recordConsole(page);
  page.setDefaultTimeout(UI_WAIT_MS);
  await page.goto(url, { timeout: DEFAULT_WAIT_MS });
  await expectVisible(page.locator('.monaco-workbench'), 'the VS Code workbench to load', DEFAULT_WAIT_MS);
  await expectVisible(page.locator('.monaco-workbench .part.statusbar'), 'the status bar', DEFAULT_WAIT_MS);
  await expectVisible(page.locator('.explorer-folders-view, .explorer-viewlet'), 'the Explorer to show the workspace folder', DEFAULT_WAIT_MS);
  return page;
}

async function expectVisible(locator: Locator, what: string, timeout = UI_WAIT_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`timed out after ${Math.round(timeout / 1000)} s waiting for ${what} (${locator})`);
  }
}

const quickInput = (page: Page) => page.locator('.quick-input-widget');
const quickInputBox = (page: Page) => quickInput(page).locator('.quick-input-box input');
const quickInputRows = (page: Page) => quickInput(page).locator('.quick-input-list .monaco-list-row');

/**
 * Opens the quick input with `key` and replaces its text with `text`. The workbench may close
 * the quick input again while it settles (focus moving to a view or a webview that just
 * opened), even between showing it and typing; then it is opened again, as a user would.
 */
async function typeInQuickInput(page: Page, key: string, text: string): Promise<void> {
  let opened = false;
  await waitFor(`the quick input to open after ${key} and take "${text}"`, UI_WAIT_MS, async () => {
    // Keys pressed while a webview has focus go to its iframe, and the quick input they open
    // closes again as focus returns there; so take focus back to the workbench first.
    await page.evaluate(() => {
      const active = document.activeElement;
      if (active instanceof HTMLIFrameElement) active.blur();
    });
    // Whatever quick input was open before is closed first; the one `key` opened is typed into
    // while it stays open.
    if (!opened || !(await quickInputBox(page).isVisible())) {
      await page.keyboard.press('Escape');
      await page.keyboard.press(key);
      opened = true;
    }
    await quickInputBox(page).fill(text, { timeout: 3000 });
    return true;
  });
}

/**
 * How a quick-input row's aria-label may go on after `label`: ", <keybinding>" and the like, or, for
 * a file whose editor is dirty, " unsaved changes" (after a reload, VS Code may bring an editor back
 * dirty from its backup, depending on when the backup was written).
 */
const rowLabelPrefixes = (label: string) => [`${label},`, `${label} unsaved changes`];

const namesRow = (ariaLabel: string, label: string) => ariaLabel === label || rowLabelPrefixes(label).some((prefix) => ariaLabel.startsWith(prefix));

/**
 * Opens the quick input with `key`, types `text` and picks the row whose aria-label names
 * `label`. With `closes`, also waits until the quick input goes away (a command that opens
 * another picker keeps it open).
 */
async function pick(page: Page, key: string, text: string, label: string, what: string, closes = true): Promise<void> {
  await typeInQuickInput(page, key, text);
  await pickRow(page, label, what, closes, () => typeInQuickInput(page, key, text));
}

/**
 * Waits until the open quick input lists a row whose aria-label names `label`, then picks it.
 * The workbench may close the quick input under us while it still settles (focus moving to a
 * view that just opened); `reopen` then opens it again, as a user would.
 */
async function pickRow(page: Page, label: string, what: string, closes = true, reopen?: () => Promise<void>): Promise<void> {
  let seen: string[] = [];
  // The list can still change under the click (quick open merges its recent and its file
  // results), so the row is found by its label, and a click that misses it counts as not yet.
  const named = [`[aria-label=${JSON.stringify(label)}]`, ...rowLabelPrefixes(label).map((prefix) => `[aria-label^=${JSON.stringify(prefix)}]`)];
  const target = quickInputRows(page).and(page.locator(named.join(', '))).first();
  await waitFor(`${what} in the quick input`, UI_WAIT_MS, async () => {
    if (reopen && !(await quickInputBox(page).isVisible())) await reopen();
    seen = await quickInputRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    if (!seen.some((ariaLabel) => namesRow(ariaLabel, label))) return undefined;
    await target.click({ timeout: 2000 });
    return true;
  }).catch((error: Error) => {
    throw new Error(`${error.message}; rows shown: ${JSON.stringify(seen.slice(0, 8))}`);
  });
  if (!closes) return;
  await quickInput(page).waitFor({ state: 'hidden', timeout: UI_WAIT_MS }).catch(() => {
    throw new Error(`the quick input stayed open after choosing ${what}`);
  });
}

/**
 * Types a command's title into the palette and waits until its row is the focused one, so that
 * Enter runs it; the palette is opened again if the workbench closes it meanwhile.
 */
export async function typeCommand(page: Page, title: string): Promise<void> {
  const text = `>${title}`;
  await typeInQuickInput(page, 'F1', text);
  const focused = quickInputRows(page).and(page.locator('.focused'));
  await waitFor(`"${title}" to be the chosen row of the command palette`, UI_WAIT_MS, async () => {
    if (!(await quickInputBox(page).isVisible())) await typeInQuickInput(page, 'F1', text);
    const label = (await focused.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '';
    return namesRow(label, title) || undefined;
  }, 50);
}

/**
 * Runs a command by its palette title, e.g. "Descent: Run Optimization". `opensPicker` for a
 * command that answers with another quick pick, which the caller then fills in.
 */
export async function runCommand(page: Page, title: string, opensPicker = false): Promise<void> {
  await pick(page, 'F1', `>${title}`, title, `the command "${title}"`, !opensPicker);
}

/**
 * Runs a command that answers with a quick pick, e.g. "Descent: Open Example", and picks its row
 * `label`, typing it first so that the row is in view however short the list's box is.
 */
export async function runCommandAndPick(page: Page, title: string, label: string): Promise<void> {
  await runCommand(page, title, true);
  // Once the picker lists the row it has the focus, so typing filters it.
  await waitFor(`"${title}" to offer "${label}"`, UI_WAIT_MS, async () => {
    const labels = await quickInputRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    return labels.some((ariaLabel) => namesRow(ariaLabel, label)) || undefined;
  });
  await page.keyboard.type(label);
  await pickRow(page, label, `the choice "${label}" of "${title}"`);
}

/** Opens a workspace file through quick open and waits for its editor tab to be active. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const slash = relativePath.lastIndexOf('/');
  const name = relativePath.slice(slash + 1);
  // Quick open's row names a file in a folder by its name, then its folder: "index.html course".
  const row = slash < 0 ? name : `${name} ${relativePath.slice(0, slash)}`;
  await pick(page, 'Control+P', relativePath, row, `the file ${relativePath}`);
  const tab = page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).first();
  await expectVisible(tab, `the editor tab of ${relativePath}`);
  // Quick open reveals a file already open in another group without making that group active: its tab does.
  await tab.click();
  await expectVisible(page.locator('.editor-group-container.active .monaco-editor .view-lines'), `the text of ${relativePath}`);
}

/** Brings the editor tab whose label contains `label` (a file or a webview panel) to the front. */
export async function activateTab(page: Page, label: string): Promise<void> {
  const tab = page.locator('.tabs-container .tab', { hasText: label }).first();
  await expectVisible(tab, `the editor tab "${label}"`);
  await tab.click();
  await expectVisible(page.locator('.tabs-container .tab.active', { hasText: label }), `the editor tab "${label}" to be active`);
}

/** Closes the editor tab whose label contains `label` (e.g. a Descent panel) and waits until it is gone. */
export async function closeTab(page: Page, label: string): Promise<void> {
  await activateTab(page, label);
  await runCommand(page, 'View: Close Editor');
  await page.locator('.tabs-container .tab', { hasText: label }).waitFor({ state: 'detached', timeout: DEFAULT_WAIT_MS });
}

/**
 * The activation time VS Code shows for an extension (by its package name) in Developer: Show
 * Running Extensions: loading its code and its activate call, in milliseconds.
 */
export async function extensionActivationMs(page: Page, extensionName: string): Promise<number> {
  const label = await runningExtensionRow(page, extensionName, (row) => row.locator('.activation-time').innerText());
  const ms = /Activation: (\d+(?:\.\d+)?) ?ms/.exec(label)?.[1];
  if (ms === undefined) throw new Error(`${extensionName} is running but shows no activation time ("${label}")`);
  return Number(ms);
}

/**
 * Reads an extension's row (by its package name) in Developer: Show Running Extensions, which
 * also says where it runs when that is not the local host (e.g. "web worker"); closes that
 * editor again.
 */
export async function runningExtensionRow<T>(page: Page, extensionName: string, read: (row: Locator) => Promise<T>): Promise<T> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const editor = page.locator('.runtime-extensions-editor').first();
  const rows = editor.locator('.monaco-list-row');
  const row = rows.and(page.locator(`[aria-label=${JSON.stringify(extensionName)}]`));
  await expectVisible(rows, 'the list of running extensions');
  // The list renders only the rows in view; walking its focus down brings each one into view.
  await rows.first().click();
  await waitFor(`${extensionName} in the list of running extensions`, UI_WAIT_MS, async () => {
    if (await row.count()) return true;
    await page.keyboard.press('ArrowDown');
    return undefined;
  }, 50);
  const found = await read(row);
  await closeModalEditor(page, editor);
  return found;
}

/** Hides the bottom panel (Output, Problems, …) when it is open. */
export async function hidePanel(page: Page): Promise<void> {
  if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Hide Panel');
}

/** Shows the Output panel with the channel named `channel` and returns the channel's full text. */
export async function outputChannelText(page: Page, channel: string): Promise<string> {
  await runCommand(page, 'Output: Show Output Channels...', true);
  await pickRow(page, channel, `the output channel "${channel}"`);
  const editor = page.locator('.part.panel .output-view .monaco-editor').first();
  await expectVisible(editor, `the Output panel showing "${channel}"`);
  return readEditorText(page, editor);
}

/**
 * The whole text of a Monaco editor. The editor renders only the lines in view, so rather than
 * scraping them it selects everything and copies it through the clipboard.
 */
async function readEditorText(page: Page, editor: Locator): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  // A point in the editor's own box: once the text has scrolled, the top of .view-lines lies out of view.
  await editor.click({ position: { x: 40, y: 10 } });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  return waitFor('the editor text on the clipboard', 5000, async () => {
    const text = await page.evaluate(() => navigator.clipboard.readText());
    return text ? text : undefined;
  }).catch(() => '');
}

export interface Problem {
  file: string;
  message: string;
  /** Who reported it, e.g. "ts" or a diagnostic collection's source. */
  source: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
}

/** Opens the Problems panel and reads every entry it lists (the tree is small enough to be fully rendered). */
export async function problems(page: Page): Promise<Problem[]> {
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const panel = page.locator('.part.panel .markers-panel');
  await expectVisible(panel, 'the Problems panel');
  return panel.locator('.monaco-list-row').evaluateAll((rows) => {
    const found: Problem[] = [];
    let file = '';
    for (const row of rows) {
      const text = (selector: string) => row.querySelector(selector)?.textContent?.trim() ?? '';
      if (!row.querySelector('.marker-message')) {
        file = text('.label-name') || file;
        continue;
      }
      const position = /Ln\s*(\d+),\s*Col\s*(\d+)/.exec(text('.marker-line'));
      const icon = row.querySelector('.marker-icon')?.className ?? '';
      found.push({
        file,
        message: text('.marker-message'),
        source: text('.marker-source'),
        line: Number(position?.[1] ?? 0),
        column: Number(position?.[2] ?? 0),
        severity: /\bwarning\b/.test(icon) ? 'warning' : /\binfo\b/.test(icon) ? 'info' : 'error',
      });
    }
    return found;
  });
}

/** Waits for the Problems panel to list an entry for `file` on `line`, and returns it. */
export async function problemAt(page: Page, file: string, line: number): Promise<Problem> {
  let listed: Problem[] = [];
  return waitFor(`a Problems entry for ${file} on line ${line}`, 30_000, async () => {
    listed = await problems(page);
    return listed.find((p) => p.file === file && p.line === line);
  }, 1000).catch((error: Error) => {
    throw new Error(`${error.message}; the Problems panel lists ${JSON.stringify(listed)}`);
  });
}

/** Switches the colour theme through its picker, e.g. "Dark Modern" or "Dark High Contrast". */
export async function setColorTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme', true);
  // The picker lists every theme and may leave the row out of its visible part: filter it in.
  await quickInputBox(page).fill(label);
  await pickRow(page, label, `the colour theme "${label}"`);
}

/** The messages of the notification toasts on screen. */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
}

/**
 * The content of the visible webview (the last one when several are visible). A VS Code webview
 * lives two frames deep: the host iframe `iframe.webview`, then `#active-frame` inside it.
 */
export async function webviewFrame(page: Page): Promise<FrameLocator> {
  const host = page.locator('iframe.webview.ready:visible').last();
  await expectVisible(host, 'a webview to open', DEFAULT_WAIT_MS);
  const content = host.contentFrame().locator('#active-frame').contentFrame();
  await expectVisible(content.locator('body'), 'the webview content frame', DEFAULT_WAIT_MS);
  return content;
}

/**
 * The content frame of the visible webview that shows `selector`, e.g. a Descent panel among other
 * webviews (a walkthrough's markdown is one too).
 */
export async function webviewFrameShowing(page: Page, selector: string): Promise<FrameLocator> {
  return waitFor(`a webview showing ${selector}`, DEFAULT_WAIT_MS, async () => {
    const hosts = page.locator('iframe.webview.ready:visible');
    for (let i = (await hosts.count()) - 1; i >= 0; i--) {
      const content = hosts.nth(i).contentFrame().locator('#active-frame').contentFrame();
      if ((await content.locator(selector).count()) > 0) return content;
    }
    return undefined;
  }, 500);
}

/** Clicks the action in the active editor group's title bar whose label starts with `title` (e.g. "Run Optimization"). */
export async function clickEditorAction(page: Page, title: string): Promise<void> {
  const action = page.locator(`.editor-group-container.active .editor-actions [aria-label^="${title}"]`).first();
  await expectVisible(action, `the editor title action "${title}"`);
  await action.click();
}

/**
 * Changes user settings as a user would: Preferences: Open User Settings (JSON), the merged text
 * pasted over the old, saved. VS Code does not notice a settings.json rewritten behind its back.
 */
export async function changeUserSettings(page: Page, settingsFile: string, changes: Record<string, unknown>): Promise<void> {
  const text = JSON.stringify({ ...(JSON.parse(readFileSync(settingsFile, 'utf8')) as object), ...changes }, null, 2);
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.monaco-editor[data-uri$="/settings.json"]').first();
  await expectVisible(editor, 'the user settings.json in an editor');
  await editor.click({ position: { x: 100, y: 10 } });
  await page.evaluate((settings) => navigator.clipboard.writeText(settings), text);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Control+S');
  await waitFor(`settings.json to be saved with ${JSON.stringify(changes)}`, UI_WAIT_MS, () => {
    const saved = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    return Object.entries(changes).every(([key, value]) => JSON.stringify(saved[key]) === JSON.stringify(value)) ? true : undefined;
  });
  await closeModalEditor(page, editor);
}

/**
 * Closes the modal editor that `content` is in with Escape, pressed again while the editor
 * itself takes it (a suggestion or hover open after typing closes first); or its tab, where the
 * workbench opened it as an ordinary editor.
 */
export async function closeModalEditor(page: Page, content: Locator): Promise<void> {
  const closed = await waitFor('the modal editor to close on Escape', 5000, async () => {
    if (!(await content.isVisible())) return true;
    await page.keyboard.press('Escape');
    return undefined;
  }, 300).then(
    () => true,
    () => false,
  );
  if (closed) return;
  // Where the workbench opened it as an ordinary editor (Code - OSS does), Escape leaves it: close its tab.
  await runCommand(page, 'View: Close Editor');
  await content.waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
}

/**
 * Puts the cursor at the end of the first line of the active editor's text that contains `marker`
 * (Go to Line), then types: with `replace`, over that line's text after its indentation.
 */
export async function editLine(page: Page, text: string, marker: string, typed: string, replace: boolean): Promise<void> {
  const line = text.split('\n').findIndex((l) => l.includes(marker)) + 1;
  if (line === 0) throw new Error(`no line of the file contains "${marker}"`);
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 200, y: 5 } });
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  if (replace) await page.keyboard.press('Shift+Home');
  await page.keyboard.type(typed);
  await page.keyboard.press('Escape');
}

/** The text decorations draw after lines in the active editor (VS Code draws it as a pseudo-element's content). */
export async function inlineTexts(page: Page): Promise<string[]> {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().evaluate((lines) =>
    Array.from(lines.querySelectorAll('span'))
      .map((span) => getComputedStyle(span, '::after').content)
      .filter((content) => content !== 'none' && content !== 'normal' && content !== '""')
      .map((content) => JSON.parse(content) as string),
  );
}

/** The status bar entry whose accessible label starts with `label`. */
export function statusBarItem(page: Page, label: string): Locator {
  return page.locator(`.part.statusbar [aria-label^="${label}"]`).first();
}

/**
 * Waits until the TypeScript server has loaded the project of the active editor's file. VS Code's
 * IntelliSense status (in the language status, {} in the status bar) says "Loading IntelliSense
 * status" until the server answers its projectInfo request for the file, which the server does
 * only once the project's program is built; then it names the project's config, or says "No
 * tsconfig" ("No jsconfig" for JavaScript) for a file outside any. `boundMs` is a last resort.
 */
export async function waitForTypeScriptProject(page: Page, boundMs: number): Promise<void> {
  const status = statusBarItem(page, 'Editor Language Status');
  let label = '';
  await waitFor('the TypeScript server to load the project of the active file (its IntelliSense status to name a config)', boundMs, async () => {
    label = (await status.getAttribute('aria-label', { timeout: 1000 })) ?? '';
    return /No [jt]sconfig|[jt]sconfig[\w.-]*\.json/.test(label) && !label.includes('Loading IntelliSense status') ? true : undefined;
  }, 500).catch((error: Error) => {
    throw new Error(`${error.message}; the language status says: "${label}"`);
  });
}

/**
 * Waits until the active editor's suggestion list, opened by the text just typed, shows `label`.
 * A list still loading is left to come (asking again would cancel its request); a list without
 * it, or none, is asked for again with Ctrl+Space. `boundMs` is a last resort.
 */
export async function waitForSuggestion(page: Page, label: string, boundMs: number): Promise<void> {
  const widget = page.locator('.editor-widget.suggest-widget');
  // By the row's name alone: the focused row also shows its details once they arrive.
  const names = widget.locator('.monaco-list-row .label-name');
  const row = names.filter({ hasText: new RegExp(`^${label}$`) }).first();
  const loading = widget.locator('.message', { hasText: 'Loading' });
  let shown: string[] = [];
  await waitFor(`the suggestion "${label}"`, boundMs, async () => {
    if (await row.isVisible()) return true;
    if (await loading.isVisible()) return undefined;
    shown = await names.allInnerTexts();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    return undefined;
  }, 2000).catch((error: Error) => {
    throw new Error(`${error.message}; the list showed: ${JSON.stringify(shown.slice(0, 8))}`);
  });
}

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results');

/** Saves a full-window screenshot as test-results/e2e-<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `e2e-${name}.png`);
  await page.screenshot({ path });
  return path;
}

const FINISHED_STATUSES = ['completed', 'converged', 'diverged', 'stopped', 'error'];

/**
 * The number of the panel's newest cell run on this page ("Run 3" → 3), 0 when it has none. Cells
 * restored from the scratch's kept runs (request 0) are left out: they ran before.
 */
export async function newestRunNumber(frame: FrameLocator): Promise<number> {
  const titles = frame.locator('.run-cell:not([data-request-id="0"]) .run-title');
  if ((await titles.count()) === 0) return 0;
  return Number(/\d+/.exec(await titles.last().innerText())?.[0] ?? 0);
}

/** The Descent panel of `file`, once it shows that file. */
export const panelOf = (page: Page, file: string) => webviewFrameShowing(page, `.toolbar-title:text-is("Descent — ${file}")`);

export interface RunCellState {
  number: number;
  status: string;
  text: string;
}

/** Waits for a run cell numbered above `after` whose status is one of `statuses`. */
export async function runCellAfter(frame: FrameLocator, after: number, statuses = FINISHED_STATUSES): Promise<RunCellState> {
  let last: RunCellState | undefined;
  return waitFor(`a run cell after Run ${after} with status ${statuses.join(' or ')}`, DEFAULT_WAIT_MS, async () => {
    const number = await newestRunNumber(frame);
    if (number <= after) return undefined;
    const cell = frame.locator('.run-cell').last();
    last = { number, status: (await cell.getAttribute('data-status', { timeout: 1000 })) ?? '', text: (await cell.innerText({ timeout: 1000 })).trim() };
    return statuses.includes(last.status) ? last : undefined;
  }, 500).catch((error: Error) => {
    throw new Error(`${error.message}; the newest cell: ${JSON.stringify(last)}`);
  });
}

/** The newest run cell's header status and the x its live values show. */
export async function cellNow(frame: FrameLocator): Promise<{ status: string; x: number }> {
  const cell = frame.locator('.run-cell').last();
  const status = (await cell.locator('.run-status').innerText({ timeout: 2000 })).trim();
  const x = Number(await cell.locator('.live-values .variable-value[data-name="x"]').innerText({ timeout: 2000 }));
  return { status, x };
}

/** Waits until the newest run cell's header status matches. */
export async function waitForStatus(frame: FrameLocator, what: string, matches: (status: string) => boolean): Promise<{ status: string; x: number }> {
  let last = '';
  return waitFor(`the run cell to say ${what}`, DEFAULT_WAIT_MS, async () => {
    const now = await cellNow(frame).catch(() => null);
    last = now?.status ?? last;
    return now && matches(now.status) ? now : undefined;
  }, 250).catch((error: Error) => {
    throw new Error(`${error.message}; it says "${last}"`);
  });
}

/** The epoch a run cell's status says it is paused at, or NaN. */
export const pausedAt = (status: string) => Number(/paused at epoch (\d+)/.exec(status)?.[1] ?? NaN);

/** The final x the newest run cell shows. */
export async function finalX(frame: FrameLocator): Promise<number> {
  const shown = await frame.locator('.run-cell').last().locator('.result-variable[data-name="x"]').innerText({ timeout: 5000 });
  return Number(/x\s*=\s*(\S+)/.exec(shown)?.[1]);
}

/** Waits for the newest run cell of the Descent panel to finish and returns its status and text. */
export async function finishedRunCell(frame: FrameLocator): Promise<{ status: string; text: string }> {
  const cell = frame.locator('.run-cell').last();
  return waitFor(`the run cell in the Descent panel to finish (data-status one of ${FINISHED_STATUSES.join(', ')})`, DEFAULT_WAIT_MS, async () => {
    const status = (await cell.getAttribute('data-status', { timeout: 1000 })) ?? '';
    if (!FINISHED_STATUSES.includes(status)) return undefined;
    return { status, text: (await cell.innerText()).trim() };
  });
}

/** Reads the Descent output channel until `done` says the text is complete. */
export async function waitForOutput(page: Page, what: string, done: (text: string) => boolean): Promise<string> {
  let last = '';
  return waitFor(`the Descent output channel to show ${what}`, DEFAULT_WAIT_MS, async () => {
    last = await outputChannelText(page, 'Descent');
    return done(last) ? last : undefined;
  }, 1000).catch((error: Error) => {
    throw new Error(`${error.message}\n--- Descent output channel ---\n${last}`);
  });
}

/** A log output channel starts each line with its time and level: "2025-01-31 12:00:00.000 [info] ". */
const LOG_LINE_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[\w+\] /;

/** The lines of an output channel's text as they were written, without a log channel's time and level. */
export function outputLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.replace(LOG_LINE_PREFIX, ''));
}

/** The output lines of the newest run of `file` (from its last header line on). */
export function linesOfLastRun(text: string, file: string): string[] {
  const lines = outputLines(text);
  for (let start = lines.length - 1; start >= 0; start--) {
    if (lines[start].includes('▶') && lines[start].includes(file)) return lines.slice(start);
  }
  return [];
}

/** Clicks a finished cell's Export CSV… and waits for VS Code's save dialog to offer a file named `name`. */
export async function openExportDialog(page: Page, cell: Locator, name: string): Promise<void> {
  await cell.locator('.run-exports button', { hasText: 'Export CSV…' }).click();
  const dialog = page.locator('.quick-input-widget');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  let offered = '';
  await waitFor(`the dialog to offer ${name}`, 30_000, async () => {
    offered = await dialog.locator('input').inputValue();
    return offered.endsWith(`/${name}`) || undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}; it offers "${offered}"`);
  });
}

/** The rows of an exported CSV file, once it is on disk. */
export async function exportedRows(path: string): Promise<string[]> {
  const csv = await waitFor(`the exported CSV at ${path}`, 30_000, async () => (existsSync(path) ? readFileSync(path, 'utf8') : undefined));
  return csv.trimEnd().split('\n');
}
