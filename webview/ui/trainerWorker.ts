// One run of the trainer: a fresh scratch worker, started with the run request. Stopping it
// stops the run at once, even inside an endless loop.
import type { PanelEvent, RunControl, RunRequest, TrainingBackend } from '../../src/shared/protocol';
import { ScratchWorker } from './scratchWorker';
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
  private readonly worker: ScratchWorker;

  constructor(bundle: Blob, request: RunRequest, wasmFiles: WasmFiles, listener: TrainerListener) {
    this.worker = new ScratchWorker(bundle, request.code, {
      message: (received) => {
        if (received.type === 'workerStarted') listener.started();
        else if (received.type === 'backendReady') listener.backendReady(received.backend);
        else if (received.type === 'wasmFileWanted') void wasmFiles.answer(received.name).then((answer) => this.worker.post(answer));
        else if (received.type !== 'landscape' && received.type !== 'landscapeUnavailable') listener.event(received);
      },
      invalid: (problem) => listener.invalid(problem),
      crashed: (message) => listener.crashed(message || 'the trainer stopped unexpectedly'),
    });
    const logEvery = request.settings?.logEvery ?? undefined;
    this.worker.post({ type: 'start', file: request.file, sourceMap: request.sourceMap, backend: request.backend, logEvery });
  }

  /** Pause, Step or Resume the run. */
  control(action: RunControl): void {
    this.worker.post({ type: 'control', action });
  }

  stop(): void {
    this.worker.stop();
  }
}
