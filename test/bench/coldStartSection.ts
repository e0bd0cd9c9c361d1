// From pressing Enter on "Descent: Run Optimization" in a real VS Code (code-server, the packaged
// extension, a fresh profile) to the first epoch drawn in the panel: once right after start-up
// (the command activates the extension) and once more with the panel open.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../e2e/codeServer';
import { packageExtension } from '../e2e/packaging';
import { sleep, waitFor } from '../e2e/processes';
import { DEFAULT_WAIT_MS, openFile, openWorkbench, webviewFrame, WITHOUT_TYPESCRIPT_CHECKS } from '../e2e/workbench';
import { launchChromium } from '../support/chromium';
import { LESSON_FILE } from '../support/lessonFiles';
import { round } from './stats';

const RUN_COMMAND = 'Descent: Run Optimization';
const SCRATCH = 'scratch.ts';
const RUN_WAIT_MS = 90_000;
const UI_WAIT_MS = 15_000;
/** Opening a .ts file starts VS Code's TypeScript support; let that settle, as it would while a learner reads the file. */
const SETTLE_MS = 3000;

/** Milliseconds after Enter at which the panel showed each step of a run. */
export interface StartTimeline {
  /** The panel's page began to load; null when it was already open. */
  panelMs: number | null;
  /** The run's cell appeared (the host compiled the scratch and posted the run). */
  cellMs: number;
  /** The trainer worker started training (tfjs loaded, backend ready). */
  liveMs: number;
  firstEpochMs: number;
  finishedMs: number;
}

export interface ColdStartFigures {
  coldStartMs: number;
  warmStartMs: number;
  cold: StartTimeline;
  warm: StartTimeline;
  /** Packaging, installing the .vsix and starting code-server; not part of the figures above. */
  serverStartMs: number;
  workbenchLoadMs: number;
}

/** Per run cell, when (Date.now() in the webview) it reached each step. */
interface CellMarks {
  requestId: string;
  cellAt: number;
  liveAt: number | null;
  firstEpochAt: number | null;
  finishedAt: number | null;
}

interface MarksWindow {
  __descentMarks?: CellMarks[];
}

interface EnterWindow {
  __enterAt?: number;
}

export async function measureColdStart(chromium: string, progress: (line: string) => void): Promise<ColdStartFigures> {
  const workspace = mkdtempSync(join(tmpdir(), 'descent-bench-workspace-'));
  copyFileSync(LESSON_FILE, join(workspace, SCRATCH));
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    const serverStarted = performance.now();
    progress('cold start: packaging the extension and starting code-server');
    server = await startCodeServer({
      workspace,
      vsix: await packageExtension(),
      settings: WITHOUT_TYPESCRIPT_CHECKS,
    });
    const serverStartMs = performance.now() - serverStarted;
    browser = await launchChromium(chromium, DEFAULT_WAIT_MS);
    const workbenchStarted = performance.now();
    const page = await openWorkbench(browser, server.workspaceUrl);
    const workbenchLoadMs = performance.now() - workbenchStarted;
    await openFile(page, SCRATCH);
    await sleep(SETTLE_MS);

    const cold = await timeRun(page, 0);
    progress(`cold start: first epoch ${cold.firstEpochMs} ms after Enter`);
    const warm = await timeRun(page, 1);
    progress(`warm start: first epoch ${warm.firstEpochMs} ms after Enter`);
    return {
      coldStartMs: cold.firstEpochMs,
      warmStartMs: warm.firstEpochMs,
      cold,
      warm,
      serverStartMs: round(serverStartMs),
      workbenchLoadMs: round(workbenchLoadMs),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Runs the command with Enter and follows the `cellIndex`-th run cell to its end. */
async function timeRun(page: Page, cellIndex: number): Promise<StartTimeline> {
  const enterAt = await pressEnterOn(page, RUN_COMMAND);
  const frame = await webviewFrame(page);
  const panelLoadedAt = await frame.locator('#notebook').evaluate(() => performance.timeOrigin);
  await watchCells(frame);
  const marks = await waitFor(`run cell ${cellIndex + 1} of the Descent panel to finish`, RUN_WAIT_MS, async () => {
    const all = await frame.locator('#notebook').evaluate(() => (window as unknown as MarksWindow).__descentMarks ?? []);
    const cell = all[cellIndex];
    return cell?.finishedAt ? cell : undefined;
  }, 50);
  const after = (at: number | null) => (at === null ? NaN : at - enterAt);
  return {
    panelMs: panelLoadedAt > enterAt ? Math.round(panelLoadedAt - enterAt) : null,
    cellMs: after(marks.cellAt),
    liveMs: after(marks.liveAt),
    firstEpochMs: after(marks.firstEpochAt),
    finishedMs: after(marks.finishedAt),
  };
}

/**
 * Types the command's title into the palette and presses Enter on it, like a user; returns when
 * (Date.now() in the workbench) the Enter key went down.
 */
async function pressEnterOn(page: Page, title: string): Promise<number> {
  // Keys pressed while a webview has focus go to its frame; give the focus back to the workbench.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  await input.fill(`>${title}`);
  const focused = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused');
  await waitFor(`"${title}" to be the chosen row of the command palette`, UI_WAIT_MS, async () => {
    const label = (await focused.getAttribute('aria-label', { timeout: 1000 })) ?? '';
    return label === title || label.startsWith(`${title},`) ? true : undefined;
  }, 50);
  await page.evaluate(() => {
    const workbench = window as unknown as EnterWindow;
    delete workbench.__enterAt;
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Enter') workbench.__enterAt ??= Date.now();
      },
      { capture: true },
    );
  });
  await page.keyboard.press('Enter');
  const enterAt = await page.evaluate(() => (window as unknown as EnterWindow).__enterAt);
  if (enterAt === undefined) throw new Error('the workbench saw no Enter key');
  return enterAt;
}

/**
 * Installs, once per panel page, an observer that stamps each run cell's steps as the panel shows
 * them. The panel's first cell usually appears after this (the worker takes longer to start than
 * the page), so the stamps are exact rather than polled.
 */
async function watchCells(frame: FrameLocator): Promise<void> {
  await frame.locator('#notebook').evaluate((root) => {
    const watched = window as unknown as MarksWindow;
    if (watched.__descentMarks) return;
    const marks: CellMarks[] = [];
    watched.__descentMarks = marks;
    const done = ['completed', 'converged', 'diverged', 'stopped', 'error'];
    const stamp = () => {
      const now = Date.now();
      for (const cell of Array.from(root.querySelectorAll<HTMLElement>('.run-cell:not(.restored)'))) {
        const requestId = cell.dataset.requestId ?? '';
        let mark = marks.find((m) => m.requestId === requestId);
        if (!mark) marks.push((mark = { requestId, cellAt: now, liveAt: null, firstEpochAt: null, finishedAt: null }));
        const status = cell.dataset.status ?? '';
        if (mark.liveAt === null && (status === 'live' || done.includes(status))) mark.liveAt = now;
        const drawn = /epoch [1-9]/.test(cell.querySelector('.run-progress')?.textContent ?? '');
        if (mark.firstEpochAt === null && (drawn || done.includes(status))) mark.firstEpochAt = now;
        if (mark.finishedAt === null && done.includes(status)) mark.finishedAt = now;
      }
    };
    new MutationObserver(stamp).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-status'] });
    stamp();
  });
}
