// The panel page in Chromium with a stand-in for VS Code's webview API (`acquireVsCodeApi`). The
// stand-in records what the panel posts with the page's clock, structured-cloned as a webview's
// postMessage clones it; keeps the panel's state in sessionStorage, so it survives a reload as
// VS Code keeps it for a restored panel; and records Content-Security-Policy violations and, per
// Web Worker the panel starts, the types of the messages it posts to it and hears from it.
import type { Page } from 'playwright-core';
import type { FromWebview } from '../../src/shared/protocol';
import { PANEL_PATH } from './panelServer';

interface Posted {
  at: number;
  message: FromWebview;
}

/** What the stand-in keeps in the page. */
export interface HostWindow {
  __posted: Posted[];
  /** Called with each posted message; a waiter that returns true is removed. */
  __waiters: ((posted: Posted) => boolean)[];
  __cspViolations: string[];
  __workers: WorkerLog[];
}

/** One worker the panel started, in the order started. */
export interface WorkerLog {
  /** The types of the messages the panel posted to it; a `warm` with its backend: `warm webgl`. */
  posted: string[];
  /** The types of the messages it posted to the panel. */
  heard: string[];
  terminated: boolean;
}

/** VS Code's panel beside an editor on a large screen. */
export const PANEL_VIEWPORT = { width: 960, height: 900 };

const STATE_KEY = 'descent-panel-state';

/** Puts the stand-in in place for every load of the page, reloads included. */
export async function installHostStandIn(page: Page): Promise<void> {
  await page.addInitScript((stateKey) => {
    const host = window as unknown as HostWindow & { acquireVsCodeApi(): unknown };
    host.__posted = [];
    host.__waiters = [];
    host.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => host.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));
    host.__workers = [];
    const PageWorker = window.Worker;
    window.Worker = class extends PageWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        const log: WorkerLog = { posted: [], heard: [], terminated: false };
        host.__workers.push(log);
        this.addEventListener('message', (event: MessageEvent<{ type?: string }>) => log.heard.push(String(event.data?.type)));
        const post = this.postMessage.bind(this) as (message: unknown, options?: StructuredSerializeOptions) => void;
        this.postMessage = (message: { type?: string; backend?: string } | null, options?: StructuredSerializeOptions | Transferable[]) => {
          log.posted.push(message?.type === 'warm' ? `warm ${String(message.backend)}` : String(message?.type));
          post(message, Array.isArray(options) ? { transfer: options } : options);
        };
        const terminate = this.terminate.bind(this);
        this.terminate = () => {
          log.terminated = true;
          terminate();
        };
      }
    };
    host.acquireVsCodeApi = () => ({
      postMessage: (message: FromWebview) => {
        const posted = { at: performance.now(), message: structuredClone(message) };
        host.__posted.push(posted);
        host.__waiters = host.__waiters.filter((waiter) => !waiter(posted));
      },
      getState: () => JSON.parse(sessionStorage.getItem(stateKey) ?? 'null') as unknown,
      setState: (state: unknown) => sessionStorage.setItem(stateKey, JSON.stringify(state)),
    });
  }, STATE_KEY);
}

/** Waits until the panel has said it is ready, as it does on each load. */
export async function panelReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as HostWindow).__posted.some((p) => p.message.type === 'ready'));
}

/** Loads the panel page from a panel server and waits until it is ready; `?figures=off`: as with descent.figures off. */
export async function loadPanel(page: Page, origin: string, query = ''): Promise<void> {
  await page.goto(origin + PANEL_PATH + query);
  await panelReady(page);
}

/** Everything the panel has posted so far, in order. */
export function postedMessages(page: Page): Promise<FromWebview[]> {
  return page.evaluate(() => (window as unknown as HostWindow).__posted.map((p) => p.message));
}

/** The workers the panel has started so far, with what crossed to and from each. */
export function workerLogs(page: Page): Promise<WorkerLog[]> {
  return page.evaluate(() => (window as unknown as HostWindow).__workers);
}
