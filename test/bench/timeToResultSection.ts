// Time to result: what the learner waits for between asking and reading the answer. The course's
// own loop (refresh an index.html that loads tf.min.js and the lesson's loop; the console prints the
// final x) against Descent in a real VS Code (code-server, the packaged extension, a fresh profile):
// Enter on "Descent: Run Optimization" until the run cell says completed, with the panel closed
// and again with it open, in VS Code's Node extension host and in its Web Worker extension host (a
// second code-server whose remote.extensionKind puts Descent there, as VS Code for the Web runs it),
// in the same Chromium, rounds interleaved. The panel's User Timing marks say where a run's start
// went; VS Code's Running Extensions says how long Descent's activation took.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../e2e/codeServer';
import { packageExtension } from '../e2e/packaging';
import { sleep, waitFor } from '../e2e/processes';
import { closeTab, DEFAULT_WAIT_MS, extensionActivationMs, openFile, openWorkbench, typeCommand, webviewFrame, WITHOUT_TYPESCRIPT_CHECKS, WORKBENCH_VIEWPORT } from '../e2e/workbench';
import { launchChromium } from '../support/chromium';
import { LESSON_FILE } from '../support/lessonFiles';
import { CoursePage } from './coursePage';
import { median, round } from './stats';

const RUN_COMMAND = 'Descent: Run Optimization';
const EXTENSION_NAME = 'descent';
const EXTENSION_ID = `descent.${EXTENSION_NAME}`;
const SCRATCH = 'scratch.ts';
const PANEL_TAB = `Descent — ${SCRATCH}`;
const RUN_WAIT_MS = 90_000;
/** Opening a .ts file starts VS Code's TypeScript support; let that settle, as it would while a learner reads the file. */
const SETTLE_MS = 3000;
/** Between a run's end and the next Run: the learner reads the result and changes a number. */
const READING_MS = 2000;

/** Milliseconds after Enter at which the panel reached each step of a run. */
export interface StartTimeline {
  /** The panel's page began to load; null when it was already open. */
  panelMs: number | null;
  /** The page's script began to run; null when the panel was already open. */
  scriptMs: number | null;
  /** The run request reached the page (the host compiled the scratch and the page was ready). */
  requestMs: number;
  /** The run's worker had run its script (tfjs loaded): at once for a spare that stood ready. */
  workerMs: number;
  /** Its backend was ready. */
  backendMs: number;
  /** The cell showed its first epoch. */
  firstEpochMs: number;
  /** The cell said completed. */
  finishedMs: number;
  /** The run took the spare trainer, ready or still starting; null: a fresh worker. */
  spare: 'ready' | 'starting' | null;
}

/** The runs in one extension host. */
export interface HostRuns {
  /** The first run after code-server started (the panel's first webview of the session, and the host's first compile). */
  afterStartUp: StartTimeline;
  /** Each round: the panel closed, then Run. */
  panelClosed: StartTimeline[];
  /** Each round: Run again, the panel open. */
  panelOpen: StartTimeline[];
}

export interface TimeToResultFigures {
  rounds: number;
  course: {
    /** Opening the course's index.html the first time, to the final x in the console. */
    firstLoadMs: number;
    refreshMs: number[];
  };
  /** Descent in VS Code's Node extension host, as the desktop runs it. */
  descent: HostRuns;
  /** Descent in the Web Worker extension host, as VS Code for the Web runs it. */
  web: HostRuns;
  medians: {
    courseRefreshMs: number;
    panelClosedMs: number;
    panelOpenMs: number;
    firstEpochPanelClosedMs: number;
    firstEpochPanelOpenMs: number;
    webPanelClosedMs: number;
    webPanelOpenMs: number;
    webFirstEpochPanelClosedMs: number;
    webFirstEpochPanelOpenMs: number;
  };
  ratios: {
    /** Run with the panel open, Enter → completed, ÷ the course page's refresh → final x. */
    panelOpenOverCourse: number;
    /** The same with the panel closed. */
    panelClosedOverCourse: number;
    webPanelOpenOverCourse: number;
    webPanelClosedOverCourse: number;
    /** The Web Worker host's median ÷ the Node host's, Enter → completed. */
    webOverNodePanelOpen: number;
    webOverNodePanelClosed: number;
  };
  /** Descent's activation on opening the scratch, as VS Code's Running Extensions shows it: loading its code and its activate call. */
  activationMs: number;
  webActivationMs: number;
  /** Packaging, installing the .vsix and starting both code-servers; not part of the figures above. */
  serverStartMs: number;
  workbenchLoadMs: number;
}

/** Descent in one extension host: its workbench page. */
interface HostUnderTest {
  page: Page;
  activationMs: number;
}

interface EnterWindow {
  __enterAt?: number;
}

export async function measureTimeToResult(chromium: string, rounds: number, progress: (line: string) => void): Promise<TimeToResultFigures> {
  const started: { server: CodeServer; workspace: string }[] = [];
  const hosts: HostUnderTest[] = [];
  let browser: Browser | undefined;
  try {
    const serverStarted = performance.now();
    progress('time to result: packaging the extension and starting two code-servers, Descent in the Node host and in the Web Worker host');
    const vsix = await packageExtension();
    for (const settings of [NODE_HOST_SETTINGS, WEB_HOST_SETTINGS]) started.push(await startInWorkspace(vsix, settings));
    const serverStartMs = performance.now() - serverStarted;
    browser = await launchChromium(chromium, DEFAULT_WAIT_MS);
    const course = await CoursePage.open(browser);
    const workbenchStarted = performance.now();
    for (const { server } of started) {
      const page = await openWorkbench(await browser.newContext({ viewport: WORKBENCH_VIEWPORT }), server.workspaceUrl);
      await openFile(page, SCRATCH);
      await sleep(SETTLE_MS);
      const activationMs = await extensionActivationMs(page, EXTENSION_NAME);
      await openFile(page, SCRATCH);
      hosts.push({ page, activationMs });
    }
    const workbenchLoadMs = (performance.now() - workbenchStarted) / hosts.length;
    const [node, web] = hosts;

    const runs = new Map<HostUnderTest, HostRuns>();
    for (const host of hosts) {
      runs.set(host, { afterStartUp: await timeRun(host.page), panelClosed: [], panelOpen: [] });
      progress(`time to result: the first run after start-up (${host === web ? 'Web Worker' : 'Node'} host) completed ${runs.get(host)?.afterStartUp.finishedMs} ms after Enter`);
    }
    const firstLoadMs = await course.firstLoad();
    const refreshMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      refreshMs.push(await course.refresh());
      for (const host of hosts) {
        const hostRuns = runs.get(host) as HostRuns;
        await closePanel(host.page);
        hostRuns.panelClosed.push(await timeRun(host.page));
        await sleep(READING_MS);
        hostRuns.panelOpen.push(await timeRun(host.page));
      }
      const said = (host: HostUnderTest) => `${runs.get(host)?.panelClosed[round].finishedMs} ms closed, ${runs.get(host)?.panelOpen[round].finishedMs} ms open`;
      progress(`time to result, round ${round + 1}/${rounds}: course page ${refreshMs[round]} ms; Descent, Node host ${said(node)}; Web Worker host ${said(web)}`);
    }
    await course.close();
    const nodeRuns = runs.get(node) as HostRuns;
    const webRuns = runs.get(web) as HostRuns;
    const finished = (timelines: StartTimeline[]) => round(median(timelines.map((t) => t.finishedMs)));
    const firstEpoch = (timelines: StartTimeline[]) => round(median(timelines.map((t) => t.firstEpochMs)));
    const medians = {
      courseRefreshMs: round(median(refreshMs)),
      panelClosedMs: finished(nodeRuns.panelClosed),
      panelOpenMs: finished(nodeRuns.panelOpen),
      firstEpochPanelClosedMs: firstEpoch(nodeRuns.panelClosed),
      firstEpochPanelOpenMs: firstEpoch(nodeRuns.panelOpen),
      webPanelClosedMs: finished(webRuns.panelClosed),
      webPanelOpenMs: finished(webRuns.panelOpen),
      webFirstEpochPanelClosedMs: firstEpoch(webRuns.panelClosed),
      webFirstEpochPanelOpenMs: firstEpoch(webRuns.panelOpen),
    };
    return {
      rounds,
      course: { firstLoadMs, refreshMs },
      descent: nodeRuns,
      web: webRuns,
      medians,
      ratios: {
        panelOpenOverCourse: round(medians.panelOpenMs / medians.courseRefreshMs),
        panelClosedOverCourse: round(medians.panelClosedMs / medians.courseRefreshMs),
        webPanelOpenOverCourse: round(medians.webPanelOpenMs / medians.courseRefreshMs),
        webPanelClosedOverCourse: round(medians.webPanelClosedMs / medians.courseRefreshMs),
        webOverNodePanelOpen: round(medians.webPanelOpenMs / medians.panelOpenMs),
        webOverNodePanelClosed: round(medians.webPanelClosedMs / medians.panelClosedMs),
      },
      activationMs: node.activationMs,
      webActivationMs: web.activationMs,
      serverStartMs: round(serverStartMs),
      workbenchLoadMs: round(workbenchLoadMs),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    for (const { server, workspace } of started) {
      await server.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  }
}

const NODE_HOST_SETTINGS = WITHOUT_TYPESCRIPT_CHECKS;
const WEB_HOST_SETTINGS = { ...WITHOUT_TYPESCRIPT_CHECKS, 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } };

/** A code-server with the packaged extension, the user settings given, and a workspace holding the lesson's scratch. */
async function startInWorkspace(vsix: string, settings: Record<string, unknown>): Promise<{ server: CodeServer; workspace: string }> {
  const workspace = mkdtempSync(join(tmpdir(), 'descent-bench-workspace-'));
  copyFileSync(LESSON_FILE, join(workspace, SCRATCH));
  return { server: await startCodeServer({ workspace, vsix, settings }), workspace };
}

/** Closes the Descent panel and brings the scratch to the front. */
async function closePanel(page: Page): Promise<void> {
  await closeTab(page, PANEL_TAB);
  await openFile(page, SCRATCH);
}

/** Runs the command with Enter and follows the run it starts to its end, by the panel's User Timing marks. */
async function timeRun(page: Page): Promise<StartTimeline> {
  const enterAt = await pressEnterOn(page, RUN_COMMAND);
  const frame = await webviewFrame(page);
  const marks = await waitFor('the run to finish in the Descent panel', RUN_WAIT_MS, async () => {
    const read = await frame.locator('#notebook').evaluate((_, since) => {
      const at = (name: string) => {
        const mark = performance.getEntriesByName(name, 'mark').at(-1);
        return mark ? performance.timeOrigin + mark.startTime : null;
      };
      // The request that reached the page after Enter.
      const request = performance
        .getEntriesByType('mark')
        .filter((mark) => mark.name.startsWith('descent request ') && performance.timeOrigin + mark.startTime >= since)
        .at(-1);
      if (!request) return null;
      const id = request.name.slice('descent request '.length);
      const stage = (name: string) => at(`descent ${name} ${id}`);
      const spare = performance.getEntriesByName(`descent spare ${id}`, 'mark').at(-1) as PerformanceMark | undefined;
      return {
        loadedAt: performance.timeOrigin,
        script: at('descent script'),
        request: stage('request'),
        worker: stage('worker'),
        backend: stage('backend'),
        firstEpoch: stage('first epoch'),
        finished: stage('finished'),
        spare: spare ? ((spare.detail as { ready: boolean }).ready ? ('ready' as const) : ('starting' as const)) : null,
      };
    }, enterAt);
    return read?.finished ? read : undefined;
  }, 50);
  const after = (at: number | null) => (at === null ? NaN : Math.round(at - enterAt));
  const loadedHere = marks.loadedAt > enterAt;
  return {
    panelMs: loadedHere ? after(marks.loadedAt) : null,
    scriptMs: loadedHere ? after(marks.script) : null,
    requestMs: after(marks.request),
    workerMs: after(marks.worker),
    backendMs: after(marks.backend),
    firstEpochMs: after(marks.firstEpoch),
    finishedMs: after(marks.finished),
    spare: marks.spare,
  };
}

/**
 * Types the command's title into the palette and presses Enter on it, like a user; returns when
 * (Date.now() in the workbench) the Enter key went down.
 */
async function pressEnterOn(page: Page, title: string): Promise<number> {
  await typeCommand(page, title);
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
