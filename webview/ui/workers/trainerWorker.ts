// One run of the trainer: a scratch worker of its own (the warm spare, or a fresh one), started
// with the run request. Stopping it stops the run at once, even inside an endless loop.
import { WORKER_SIGNALS, type FromWorker, type PanelEvent, type RunControl, type RunRequest, type TrainingBackend, type WorkerSignal } from '../../../src/shared/protocol';
import type { ScratchWorker } from './scratchWorker';

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
  private script: Blob | null = null;

  constructor(private readonly uri: string) {}

  /** The bundle once it has loaded, without waiting for a promise. */
  get loaded(): Blob | null {
    return this.script;
  }

  load(): Promise<Blob> {
    this.bundle ??= fetch(this.uri).then(
      async (response) => {
        if (!response.ok) throw new Error(`The panel could not load the trainer's script (${response.status} ${response.statusText}).`);
        this.script = await response.blob();
        return this.script;
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
  /**
   * @param worker a spare taken for this run, or a fresh one; `started`: its script has already run.
   */
  constructor(
    private readonly worker: ScratchWorker,
    started: boolean,
    request: RunRequest,
    listener: TrainerListener,
  ) {
    worker.listen({
      message: (received) => {
        if (received.type === 'workerStarted') listener.started();
        else if (received.type === 'backendReady') listener.backendReady(received.backend);
        else if (isTrainerEvent(received)) listener.event(received);
      },
      invalid: (problem) => listener.invalid(problem),
      crashed: (message) => listener.crashed(message || 'the trainer stopped unexpectedly'),
    });
    if (started) listener.started();
    const logEvery = request.settings?.logEvery ?? undefined;
    worker.post({ type: 'start', scratchUrl: worker.scratchUrl(request.code), file: request.file, sourceMap: request.sourceMap, backend: request.backend, logEvery, play: request.play?.change });
  }

  /** Pause, Step or Resume the run. */
  control(action: RunControl): void {
    this.worker.post({ type: 'control', action });
  }

  stop(): void {
    this.worker.stop();
  }
}

/** What a trainer worker says that is the run's own, not a signal of the worker's. */
function isTrainerEvent(message: FromWorker): message is PanelEvent {
  return !WORKER_SIGNALS.includes(message.type as WorkerSignal['type']);
}
