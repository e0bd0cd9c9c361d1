// One run of the trainer: a fresh Web Worker whose script is the compiled scratch followed by
// the worker bundle. Terminating it stops the run at once, even inside an endless loop.
import { validatePanelEvent, type PanelEvent, type RunRequest, type ToWorker } from '../../src/protocol';
import { wrapScratch } from '../trainer/scratchModule';

export interface TrainerListener {
  event(event: PanelEvent): void;
  invalid(problem: string): void;
  /** The worker died of an error that the trainer did not catch. */
  crashed(message: string): void;
}

/**
 * The worker bundle. A webview may not start a worker from its resource origin, only from a blob.
 * Kept as a Blob, not as text: a run's blob then refers to it, where text (megabytes of it) would
 * be encoded again for every run.
 */
export class WorkerScript {
  private bundle: Promise<Blob> | null = null;

  constructor(private readonly uri: string) {}

  load(): Promise<Blob> {
    this.bundle ??= fetch(this.uri).then((response) => {
      if (!response.ok) throw new Error(`could not load the trainer (${response.status} ${response.statusText})`);
      return response.blob();
    });
    this.bundle.catch(() => (this.bundle = null));
    return this.bundle;
  }
}

export class TrainerWorker {
  private readonly worker: Worker;
  private readonly url: string;

  constructor(bundle: Blob, request: RunRequest, listener: TrainerListener) {
    const blob = new Blob([wrapScratch(request.code), bundle], { type: 'text/javascript' });
    this.url = URL.createObjectURL(blob);
    this.worker = new Worker(this.url);
    this.worker.onmessage = (message) => {
      const checked = validatePanelEvent(message.data);
      if (checked.ok) listener.event(checked.message);
      else listener.invalid(checked.problem);
    };
    this.worker.onerror = (error) => {
      error.preventDefault();
      listener.crashed(error.message || 'the trainer stopped unexpectedly');
    };
    const logEvery = request.settings?.logEvery ?? undefined;
    const start: ToWorker = { type: 'start', file: request.file, sourceMap: request.sourceMap, backend: request.backend, logEvery, wasmUri: request.wasmUri };
    this.worker.postMessage(start);
  }

  stop(): void {
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}
