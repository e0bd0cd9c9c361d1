// One run of the trainer: a fresh Web Worker whose script is the compiled scratch followed by
// the worker bundle. Terminating it stops the run at once, even inside an endless loop.
import { validateFromWorker, type PanelEvent, type RunControl, type RunRequest, type ToWorker, type TrainingBackend } from '../../src/shared/protocol';
import { wrapScratch } from '../../src/trainer/scratchModule';
import type { WasmFiles } from './wasmFiles';

export interface TrainerListener {
  event(event: PanelEvent): void;
  /** The worker's script has run. */
  started(): void;
  /** The worker's first backend is ready. */
  backendReady(backend: TrainingBackend): void;
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
    this.bundle ??= fetch(this.uri).then(
      (response) => {
        if (!response.ok) throw new Error(`The panel could not load the trainer's script (${response.status} ${response.statusText}).`);
        return response.blob();
      },
      (thrown: unknown) => {
        throw new Error(`The panel could not load the trainer's script (${thrown instanceof Error ? thrown.message : String(thrown)}).`);
      },
    );
    this.bundle.catch(() => (this.bundle = null));
    return this.bundle;
  }
}

export class TrainerWorker {
  private readonly worker: Worker;
  private readonly url: string;

  constructor(bundle: Blob, request: RunRequest, wasmFiles: WasmFiles, listener: TrainerListener) {
    const blob = new Blob([wrapScratch(request.code), bundle], { type: 'text/javascript' });
    this.url = URL.createObjectURL(blob);
    this.worker = new Worker(this.url);
    this.worker.onmessage = (message) => {
      const checked = validateFromWorker(message.data);
      if (!checked.ok) return listener.invalid(checked.problem);
      const received = checked.message;
      if (received.type === 'workerStarted') listener.started();
      else if (received.type === 'backendReady') listener.backendReady(received.backend);
      else if (received.type === 'wasmFileWanted') void wasmFiles.answer(received.name).then((answer) => this.worker.postMessage(answer));
      else if (received.type !== 'landscape' && received.type !== 'landscapeUnavailable') listener.event(received);
    };
    this.worker.onerror = (error) => {
      error.preventDefault();
      listener.crashed(error.message || 'the trainer stopped unexpectedly');
    };
    const logEvery = request.settings?.logEvery ?? undefined;
    const start: ToWorker = { type: 'start', file: request.file, sourceMap: request.sourceMap, backend: request.backend, logEvery };
    this.worker.postMessage(start);
  }

  /** Pause, Step or Resume the run. */
  control(action: RunControl): void {
    this.worker.postMessage({ type: 'control', action } satisfies ToWorker);
  }

  stop(): void {
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}
