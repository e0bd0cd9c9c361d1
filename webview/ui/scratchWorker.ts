// A Web Worker whose script is a compiled scratch followed by the worker bundle: a webview may
// start a worker only from a blob: URL. The training worker and the landscape worker are both one.
import { validateFromWorker, type FromWorker, type ToWorker } from '../../src/shared/protocol';
import { wrapScratch } from '../../src/trainer/scratchModule';

export interface ScratchWorkerListener {
  message(message: FromWorker): void;
  invalid(problem: string): void;
  /** The worker died of an error that its script did not catch; its message, which may be empty. */
  crashed(message: string): void;
}

export class ScratchWorker {
  private readonly worker: Worker;
  private readonly url: string;

  constructor(bundle: Blob, code: string, listener: ScratchWorkerListener) {
    this.url = URL.createObjectURL(new Blob([wrapScratch(code), bundle], { type: 'text/javascript' }));
    this.worker = new Worker(this.url);
    this.worker.onmessage = (message) => {
      const checked = validateFromWorker(message.data);
      if (checked.ok) listener.message(checked.message);
      else listener.invalid(checked.problem);
    };
    this.worker.onerror = (error) => {
      error.preventDefault();
      listener.crashed(error.message);
    };
  }

  post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Ends the worker at once, even inside an endless loop. */
  stop(): void {
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}
