// A Web Worker whose script is the worker bundle, started before its scratch is known; the compiled
// scratch follows as a blob: URL that the worker imports. A webview may start a worker only from a
// blob: URL, and importing one needs no eval. The training worker and the landscape worker are both one.
import { validateFromWorker, type FromWorker, type ToWorker } from '../../../src/shared/protocol';
import { wrapScratch } from '../../../src/trainer/scratchModule';
import type { WasmFiles } from './wasmFiles';

export interface ScratchWorkerListener {
  message(message: FromWorker): void;
  invalid(problem: string): void;
  /** The worker died of an error that its script did not catch; its message, which may be empty. */
  crashed(message: string): void;
}

const NOBODY: ScratchWorkerListener = { message: () => undefined, invalid: () => undefined, crashed: () => undefined };

export class ScratchWorker {
  private readonly worker: Worker;
  private readonly urls: string[] = [];

  constructor(
    bundle: Blob,
    wasmFiles: WasmFiles,
    /** Until someone listens (a message arrives after the constructor returns, never during it). */
    private listener: ScratchWorkerListener = NOBODY,
  ) {
    this.worker = new Worker(this.urlOf(bundle));
    this.worker.onmessage = (message) => {
      const checked = validateFromWorker(message.data);
      if (!checked.ok) this.listener.invalid(checked.problem);
      else if (checked.message.type === 'wasmFileWanted') void wasmFiles.answer(checked.message.name).then((answer) => this.post(answer));
      else this.listener.message(checked.message);
    };
    this.worker.onerror = (error) => {
      error.preventDefault();
      this.listener.crashed(error.message);
    };
  }

  /** Who hears the worker from now on (a spare's new owner). */
  listen(listener: ScratchWorkerListener): void {
    this.listener = listener;
  }

  /** The address the worker imports `code` (a compiled scratch) from; freed when the worker stops. */
  scratchUrl(code: string): string {
    return this.urlOf(new Blob([wrapScratch(code)], { type: 'text/javascript' }));
  }

  post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Ends the worker at once, even inside an endless loop. */
  stop(): void {
    this.worker.terminate();
    this.urls.forEach((url) => URL.revokeObjectURL(url));
  }

  private urlOf(blob: Blob): string {
    const url = URL.createObjectURL(blob);
    this.urls.push(url);
    return url;
  }
}
