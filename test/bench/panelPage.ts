// The notebook panel in Chromium, with the tests' stand-in for VS Code's webview API, which
// timestamps what the panel posts. Besides driving the panel, the page starts plain-tfjs workers
// and Descent's trainer worker on its own: everything the lesson comparison runs shares one page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DescentError, FromWorker, PanelEvent, RunRequest, RunSummary, ToWorker, WorkerStart } from '../../src/shared/protocol';
import { installHostStandIn, loadPanel, PANEL_VIEWPORT, type HostWindow } from '../support/panelHost';
import { PRODUCT_WORKER_SCRIPT, WASM_FOLDER_PATH } from '../support/panelServer';
import { PLAIN_WORKER_SCRIPT } from './paths';
import type { PlainReply, PlainRequest, PlainTask } from './worker/tasks';

/** The stand-in host's records, and the worker scripts the bench has fetched. */
type BenchWindow = HostWindow & { __scripts: Record<string, Promise<Blob>> };

export interface RunOutcome {
  runs: RunSummary[];
  error: DescentError | null;
  /** From handing over the run to its `finished` event: worker start-up included. */
  wallMs: number;
}

export interface PlainOutcome {
  reply: PlainReply;
  wallMs: number;
}

export class PanelPage {
  private lastRunId = 0;

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly origin: string,
  ) {}

  static async open(browser: Browser, origin: string): Promise<PanelPage> {
    const context = await browser.newContext({ viewport: PANEL_VIEWPORT });
    const page = await context.newPage();
    await installHostStandIn(page);
    await page.addInitScript(() => {
      (window as unknown as BenchWindow).__scripts = {};
    });
    await loadPanel(page, origin);
    return new PanelPage(page, context, origin);
  }

  /** Where the page finds the wasm backend's .wasm files, as the host's webview address does. */
  get wasmUri(): string {
    return `${this.origin}${WASM_FOLDER_PATH}`;
  }

  /** A run id the panel has not seen yet. */
  nextRunId(): number {
    return ++this.lastRunId;
  }

  close(): Promise<void> {
    return this.context.close();
  }

  /** Runs a request through the panel, as the host would, and waits for its `finished` event. */
  runInPanel(request: RunRequest): Promise<RunOutcome> {
    return this.page.evaluate(async (run) => {
      const bench = window as unknown as BenchWindow;
      const started = performance.now();
      const finished = new Promise<Extract<PanelEvent, { type: 'finished' }>>((resolve) => {
        bench.__waiters.push(({ message }) => {
          if (message.type !== 'trainer' || message.requestId !== run.requestId || message.event.type !== 'finished') return false;
          resolve(message.event);
          return true;
        });
      });
      window.postMessage(run, '*');
      const { runs, error } = await finished;
      return { runs, error, wallMs: performance.now() - started };
    }, request);
  }

  /** Runs a fresh trainer worker the way the panel starts one (the worker bundle from a blob, the wrapped scratch imported from another), without the panel. */
  runProductWorker(scratch: string, start: Omit<WorkerStart, 'scratchUrl'>): Promise<RunOutcome> {
    return this.page.evaluate(
      async ({ scratch, start, scriptUrl, wasmUri }) => {
        const bench = window as unknown as BenchWindow;
        bench.__scripts[scriptUrl] ??= fetch(scriptUrl).then((r) => r.blob());
        const url = URL.createObjectURL(await bench.__scripts[scriptUrl]);
        const scratchUrl = URL.createObjectURL(new Blob([scratch], { type: 'text/javascript' }));
        const started = performance.now();
        const worker = new Worker(url);
        const outcome = await new Promise<{ runs: RunSummary[]; error: DescentError | null }>((resolve) => {
          worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
            if (data.type === 'finished') resolve({ runs: data.runs, error: data.error });
            // The worker asks its page for the wasm backend's binary, as in the panel.
            if (data.type === 'wasmFileWanted') {
              const { name } = data;
              void fetch(wasmUri + name)
                .then((response) => response.blob())
                .then((file) => worker.postMessage({ type: 'wasmFile', name, file, problem: null } satisfies ToWorker));
            }
          };
          worker.onerror = (event) => {
            event.preventDefault();
            resolve({ runs: [], error: { kind: 'runtime', message: event.message, file: null, line: null, column: null } });
          };
          worker.postMessage({ ...start, scratchUrl } satisfies ToWorker);
        });
        const wallMs = performance.now() - started;
        worker.terminate();
        URL.revokeObjectURL(url);
        URL.revokeObjectURL(scratchUrl);
        return { ...outcome, wallMs };
      },
      { scratch, start, scriptUrl: this.origin + PRODUCT_WORKER_SCRIPT, wasmUri: this.wasmUri },
    );
  }

  /** Runs one plain-tfjs task in a fresh worker started from a blob, like the panel's workers. */
  runPlainWorker(task: PlainTask): Promise<PlainOutcome> {
    return this.page.evaluate(
      async ({ request, scriptUrl }) => {
        const bench = window as unknown as BenchWindow;
        bench.__scripts[scriptUrl] ??= fetch(scriptUrl).then((r) => r.blob());
        const url = URL.createObjectURL(new Blob([await bench.__scripts[scriptUrl]], { type: 'text/javascript' }));
        const started = performance.now();
        const worker = new Worker(url);
        const reply = await new Promise<PlainReply>((resolve) => {
          worker.onmessage = ({ data }: MessageEvent<PlainReply>) => resolve(data);
          worker.onerror = (event) => {
            event.preventDefault();
            resolve({ kind: 'failed', error: event.message });
          };
          worker.postMessage(request);
        });
        const wallMs = performance.now() - started;
        worker.terminate();
        URL.revokeObjectURL(url);
        return { reply, wallMs };
      },
      { request: { task, wasmUri: this.wasmUri } satisfies PlainRequest, scriptUrl: this.origin + PLAIN_WORKER_SCRIPT },
    );
  }

  /** When (page clock) the panel posted each trainer event of a run, by event type: the first of each. */
  eventTimes(requestId: number): Promise<Partial<Record<PanelEvent['type'], number>>> {
    return this.page.evaluate((id) => {
      const times: Partial<Record<PanelEvent['type'], number>> = {};
      for (const { at, message } of (window as unknown as BenchWindow).__posted) {
        if (message.type === 'trainer' && message.requestId === id) times[message.event.type] ??= at;
      }
      return times;
    }, requestId);
  }

  /** The WebGL renderer the page gets, e.g. SwiftShader when there is no GPU. */
  webglRenderer(): Promise<string> {
    return this.page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return 'no WebGL2';
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    });
  }
}
