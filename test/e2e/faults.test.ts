// When things go wrong, in a real VS Code (code-server) driven from Chromium: Stop ends a scratch
// stuck in an endless loop at once (its latency printed as a figure); closing a panel mid-run, two scratch files at once,
// a syntax error after a good run and a run started over a live one all leave Descent working;
// and a panel whose page stops answering is noticed by the host and reopened.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { PANEL_SILENCE_MS } from '../../src/shared/protocol';
import { extensionHostLog, type CodeServer } from './codeServer';
import { LESSON_TEXT } from '../support/lessonFiles';
import { waitFor } from './processes';
import { workbenchSuite } from './suite';
import { activateTab, closeTab, linesOfLastRun, newestRunNumber, openFile, outputLines, runCommand, waitForOutput, webviewFrameShowing, WITHOUT_TYPESCRIPT_CHECKS } from './workbench';

const RUN_WAIT_MS = 90_000;
const TEST_TIMEOUT_MS = 240_000;
const FINISHED_STATUSES = ['completed', 'converged', 'diverged', 'stopped', 'error'];

const withEpochs = (epochs: number, rate = '0.0001') => LESSON_TEXT.replace('epochs: 200,', `epochs: ${epochs},`).replace('learningRate: 0.0001', `learningRate: ${rate}`);
const SCRATCHES: Record<string, string> = {
  'scratch.ts': LESSON_TEXT,
  'endless.ts': LESSON_TEXT.replace(/loss: .*/, 'loss: () => { while (true) {} },'),
  /** Long enough to act on while it runs, short enough to wait for. */
  'medium.ts': withEpochs(3000).replace('logEvery: 20,', 'logEvery: 100,'),
  /** Still training while the second file is opened and run, even when the editor is slow to do that. */
  'first.ts': withEpochs(10000, '0.00001').replace('logEvery: 20,', 'logEvery: 500,'),
  'second.ts': withEpochs(1000, '0.00001'),
};

/** The Descent panel of `file`, once it shows that file (a panel that has not run yet shows the bare name). */
const panelOf = (page: Page, file: string) => webviewFrameShowing(page, `.toolbar-title:text-matches("^(Descent — )?${file.replace('.', '\\\\.')}$")`);

interface Cell {
  number: number;
  status: string;
  text: string;
}

/** The panel's run cells, oldest first. */
async function cells(frame: FrameLocator): Promise<Cell[]> {
  return frame.locator('.run-cell').evaluateAll((found) =>
    found.map((cell) => ({
      number: Number(/\d+/.exec(cell.querySelector('.run-title')?.textContent ?? '')?.[0] ?? 0),
      status: (cell as HTMLElement).dataset.status ?? '',
      text: (cell as HTMLElement).innerText.trim(),
    })),
  );
}

/** Waits for the cell numbered `number` to reach one of `statuses`. */
async function cellReaching(frame: FrameLocator, number: number, statuses = FINISHED_STATUSES): Promise<Cell> {
  let last: Cell | undefined;
  return waitFor(`Run ${number} to be ${statuses.join(' or ')}`, RUN_WAIT_MS, async () => {
    last = (await cells(frame)).find((cell) => cell.number === number);
    return last && statuses.includes(last.status) ? last : undefined;
  }, 250).catch((error: Error) => {
    throw new Error(`${error.message}; the cell: ${JSON.stringify(last)}`);
  });
}

/** Waits until the cell has trained at least `epochs` epochs. */
async function cellPastEpoch(frame: FrameLocator, number: number, epochs: number): Promise<void> {
  await waitFor(`Run ${number} to pass epoch ${epochs}`, RUN_WAIT_MS, async () => {
    const cell = (await cells(frame)).find((c) => c.number === number);
    const reached = Number(/epoch (\d+)\//.exec(cell?.text ?? '')?.[1] ?? 0);
    return cell?.status === 'live' && reached >= epochs ? true : undefined;
  }, 100);
}

/**
 * Runs Descent: Run Optimization on `file` and returns its panel and the new run cell's number.
 * Each step starts without panels, so the run is the first its panel's page runs; the cells
 * before it are the file's kept runs, numbered before it.
 */
async function startRun(page: Page, file: string): Promise<{ frame: FrameLocator; number: number }> {
  await openFile(page, file);
  await runCommand(page, 'Descent: Run Optimization');
  const frame = await panelOf(page, file);
  const number = await waitFor(`the new run cell of ${file}`, RUN_WAIT_MS, async () => (await newestRunNumber(frame)) || undefined);
  return { frame, number };
}

/** The whole text of the active editor, through the clipboard (Monaco renders only the lines in view). */
async function editorText(page: Page): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 200, y: 5 } });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await page.keyboard.press('ArrowRight');
  return waitFor('the editor text on the clipboard', 5000, async () => (await page.evaluate(() => navigator.clipboard.readText())) || undefined);
}

/** Lines of the extension host log that report an error from Descent. */
function descentErrors(server: CodeServer): string[] {
  return extensionHostLog(server, 200_000)
    .split('\n')
    .filter((line) => /\[error\]/i.test(line) && /descent/i.test(line));
}

describe('Descent recovers from faults in code-server', { timeout: 30 * 60_000 }, () => {
  const suite = workbenchSuite({
    name: 'faults',
    files: SCRATCHES,
    settings: WITHOUT_TYPESCRIPT_CHECKS,
    stepTimeoutMs: TEST_TIMEOUT_MS,
  });
  /** Each step starts from one editor group and no panels. */
  const step = (title: string, evidenceName: string, body: (page: Page) => Promise<void>) =>
    suite.step(title, evidenceName, async (page) => {
      await runCommand(page, 'View: Close All Editor Groups');
      await body(page);
    });

  step('Stop from the command palette ends an endless loop at once, and the next run completes', 'faults-stop-endless', async (page) => {
    const { frame, number } = await startRun(page, 'endless.ts');
    await cellReaching(frame, number, ['live']);
    // When the panel takes the stop message, and when the cell shows it: on the page's clock, which counts from the Unix epoch as Date.now() does.
    await frame.locator('.run-cell').last().evaluate((cell) => {
      const panel = window as unknown as { __stopTaken: number | null; __stoppedShown: number | null };
      panel.__stopTaken = null;
      panel.__stoppedShown = null;
      const now = () => performance.timeOrigin + performance.now();
      window.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
        if (event.data?.type === 'stop') panel.__stopTaken ??= now();
      });
      new MutationObserver(() => {
        if (cell.getAttribute('data-status') === 'stopped') panel.__stoppedShown ??= now();
      }).observe(cell, { attributes: true, attributeFilter: ['data-status'] });
    });

    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('>Descent: Stop Optimization');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="Descent: Stop Optimization"]').first().waitFor();
    const commanded = Date.now();
    await page.keyboard.press('Enter');

    const cell = await cellReaching(frame, number, ['stopped']);
    assert.match(cell.text, /■ stopped at epoch \d+/);
    const times = await frame.locator('body').evaluate(() => {
      const panel = window as unknown as { __stopTaken: number | null; __stoppedShown: number | null };
      return { taken: panel.__stopTaken, shown: panel.__stoppedShown };
    });
    assert.ok(times.taken !== null && times.shown !== null, JSON.stringify(times));
    const latency = Math.round(times.shown - commanded);
    // A figure, not an assertion: on a loaded machine the command palette alone can take longer.
    // What must hold is above: a scratch that only terminate() can end was stopped, and below: the next run completes.
    console.log(`# stop latency: ${latency} ms (command to cell; the panel itself took ${Math.round(times.shown - times.taken)} ms)`);
    const epoch = /stopped at epoch (\d+)/.exec(cell.text)?.[1];
    await waitForOutput(page, 'that endless.ts stopped', (text) => linesOfLastRun(text, 'endless.ts').includes(`■ endless.ts stopped at epoch ${epoch}`));

    const next = await startRun(page, 'scratch.ts');
    const done = await cellReaching(next.frame, next.number);
    assert.equal(done.status, 'completed', done.text);
    assert.match(done.text, /x = 0\.00345/);
  });

  step('closing the panel mid-run ends the run; running again completes, and the extension host logs no error', 'faults-close-panel', async (page) => {
    const errorsBefore = descentErrors(suite.server()).length;
    const { frame, number } = await startRun(page, 'medium.ts');
    await cellPastEpoch(frame, number, 100);
    await closeTab(page, 'Descent — medium.ts');
    await waitForOutput(page, 'that the run stopped with its panel', (text) => linesOfLastRun(text, 'medium.ts').some((line) => /^■ medium\.ts stopped at epoch \d+\/3000.*: its panel was closed$/.test(line)));

    const again = await startRun(page, 'medium.ts');
    const done = await cellReaching(again.frame, again.number);
    assert.equal(done.status, 'completed', done.text);
    assert.equal((await cells(again.frame)).length, 1, 'a new panel, with no cells from the closed one');
    await waitForOutput(page, 'the second run of medium.ts completing', (text) => linesOfLastRun(text, 'medium.ts').some((line) => /^✓ sgd lr=0\.0001 completed · 3000 epochs/.test(line)));
    assert.deepEqual(descentErrors(suite.server()).slice(errorsBefore), [], 'no errors from Descent in the extension host log');
  });

  step('two scratch files running at once keep their own panels and output', 'faults-two-files', async (page) => {
    const first = await startRun(page, 'first.ts');
    await cellReaching(first.frame, first.number, ['live']);
    const second = await startRun(page, 'second.ts');
    const secondDone = await cellReaching(second.frame, second.number);
    await activateTab(page, 'Descent — first.ts');
    const firstFrame = await panelOf(page, 'first.ts');
    const firstDone = await cellReaching(firstFrame, first.number);

    assert.equal(firstDone.status, 'completed', firstDone.text);
    assert.equal(secondDone.status, 'completed', secondDone.text);
    assert.match(firstDone.text, /10000 epochs/);
    assert.match(secondDone.text, /1000 epochs/);
    assert.deepEqual(await cells(firstFrame).then((all) => all.map((c) => c.number)), [first.number], "first.ts's panel shows only its own run");
    assert.equal(await firstFrame.locator('.toolbar-title').innerText(), 'Descent — first.ts');
    await activateTab(page, 'Descent — second.ts');
    const secondFrame = await panelOf(page, 'second.ts');
    assert.deepEqual(await cells(secondFrame).then((all) => all.map((c) => c.number)), [second.number], "second.ts's panel shows only its own run");
    const firstX = /x = (\S+)/.exec(firstDone.text)?.[1];
    const secondX = /x = (\S+)/.exec(secondDone.text)?.[1];
    assert.notEqual(firstX, secondX, 'each panel shows its own result');

    const text = await waitForOutput(page, 'both results', (all) => /lr=0\.00001 completed · 10000 epochs/.test(all) && /lr=0\.00001 completed · 1000 epochs/.test(all));
    const lines = outputLines(text);
    const at = (pattern: RegExp) => lines.map((line, i) => (pattern.test(line) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    const firstStart = at(/^▶ first\.ts · sgd lr=0\.00001 · 10000 epochs/);
    const secondStart = at(/^▶ second\.ts · sgd lr=0\.00001 · 1000 epochs/);
    const firstEnd = at(/^✓ sgd lr=0\.00001 completed · 10000 epochs/);
    const secondEnd = at(/^✓ sgd lr=0\.00001 completed · 1000 epochs/);
    assert.ok(firstStart >= 0 && secondStart > firstStart && firstEnd > secondStart && secondEnd > secondStart, `the two runs overlapped:\n${lines.slice(firstStart).join('\n')}`);
    assert.ok(lines[firstEnd].includes(`x = ${firstX}`) && lines[secondEnd].includes(`x = ${secondX}`), 'each result line has its own x');
  });

  step("a syntax error keeps the earlier run's cells and the editor's unsaved text", 'faults-compile-error', async (page) => {
    const good = await startRun(page, 'scratch.ts');
    assert.equal((await cellReaching(good.frame, good.number)).status, 'completed');
    const before = await cells(good.frame);

    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 200, y: 5 } });
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nconst broken = ;');
    await page.keyboard.press('Escape');
    const typed = await editorText(page);
    assert.ok(typed.trimEnd().endsWith('const broken = ;'), typed.slice(-80));
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'scratch.ts');
    const failed = await cellReaching(frame, good.number + 1);
    assert.equal(failed.status, 'error');
    assert.match(failed.text, /scratch\.ts:\d+:\d+/);

    const after = await cells(frame);
    assert.deepEqual(after.slice(0, before.length).map((c) => [c.number, c.status]), before.map((c) => [c.number, c.status]), 'the earlier cells stay');
    assert.equal(await editorText(page), typed, 'the unsaved text is untouched');
    assert.equal(await page.locator('.tabs-container .tab.active.dirty[data-resource-name="scratch.ts"]').count(), 1, 'and still unsaved');
    await runCommand(page, 'File: Revert File');
  });

  step('running again while a run is going stops the old run first', 'faults-run-over-run', async (page) => {
    const old = await startRun(page, 'medium.ts');
    await cellPastEpoch(old.frame, old.number, 100);
    await runCommand(page, 'Descent: Run Optimization');
    const stopped = await cellReaching(old.frame, old.number, ['stopped']);
    assert.match(stopped.text, /■ stopped at epoch \d+/);
    const done = await cellReaching(old.frame, old.number + 1);
    assert.equal(done.status, 'completed', done.text);
    assert.equal((await cells(old.frame)).find((c) => c.number === old.number)?.status, 'stopped', 'the old cell stays stopped');
    const epoch = /■ stopped at epoch (\d+)/.exec(stopped.text)?.[1];
    const lines = outputLines(await waitForOutput(page, 'the old run stopping', (all) => all.includes('a new run replaced it')));
    const stopLine = lines.findIndex((l) => l.includes('a new run replaced it'));
    assert.match(lines[stopLine], new RegExp(`■ medium\\.ts stopped at epoch ${epoch}: a new run replaced it$`), 'the output channel says where the old run stopped, as its cell does');
    assert.ok(lines.slice(stopLine + 1).some((l) => l.includes('▶ medium.ts')), `then the new run begins:\n${lines.slice(stopLine).join('\n')}`);
  });

  step('a panel whose page stops answering is reopened by the host, which says so', 'faults-watchdog', async (page) => {
    const { frame, number } = await startRun(page, 'medium.ts');
    await cellPastEpoch(frame, number, 100);
    const frozenFor = PANEL_SILENCE_MS + 7000;
    const frozen = Date.now();
    // A real freeze: the panel's own main thread busy in a loop, so no heartbeat and no answer.
    const freeze = frame.locator('body').evaluate((_, ms) => {
      const end = Date.now() + ms;
      while (Date.now() < end);
    }, frozenFor).catch(() => undefined);

    const text = await waitForOutput(page, 'that the panel stopped answering', (all) => all.includes('stopped answering'));
    const line = outputLines(text).find((l) => l.includes('stopped answering')) ?? '';
    assert.match(line, /^✗ runtime error: medium\.ts: The Descent panel stopped answering for 5 s during the run \(at epoch \d+\/3000.*\), so Descent closed it and opened a new one\./);
    assert.match(text, /\[error\] ✗ runtime error: medium\.ts: The Descent panel stopped answering/, 'at error level');
    const reopened = await panelOf(page, 'medium.ts');
    const notice = reopened.locator('.panel-notice[role="alert"]');
    await notice.waitFor({ timeout: RUN_WAIT_MS });
    assert.match(await notice.innerText(), /stopped answering .* opened a new one/);
    console.log(`# watchdog: the panel was reopened and said so ${Date.now() - frozen} ms after its page froze for ${frozenFor} ms`);
    await freeze;
    assert.equal(await page.locator('.tabs-container .tab[aria-label^="Descent — medium.ts"]').count(), 1, 'one panel for medium.ts');

    const again = await startRun(page, 'medium.ts');
    const done = await cellReaching(again.frame, again.number);
    assert.equal(done.status, 'completed', done.text);
  });
});
