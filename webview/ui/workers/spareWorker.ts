// While the panel is open, a scratch worker stands ready for each of a run's roles (the trainer, the
// landscape): tfjs parsed, a backend started and the common kernels compiled by the warm-up. A run
// takes it, so a worker is still one run's own (Stop terminates it, no run sees another's globals),
// and the next spare starts once that run ends. A spare that dies, cannot get ready, or is not
// ready within SPARE_READY_MS is replaced and reported; a run never waits for one: without a spare
// it starts a fresh worker.
import { START_STAGE_MS, type Backend } from '../../../src/shared/protocol';
import { ScratchWorker } from './scratchWorker';
import type { WorkerScript } from './trainerWorker';
import type { WasmFiles } from './wasmFiles';

/** As long as a fresh worker may take to start and get its backend ready. */
export const SPARE_READY_MS = START_STAGE_MS.worker + START_STAGE_MS.backend;
/** Spares that may fail in a row before the panel stops starting them, until it is asked again. */
const SPARE_ATTEMPTS = 3;

interface Spare {
  backend: Backend;
  worker: ScratchWorker | null;
  /** Its script has run (it said workerStarted). */
  started: boolean;
  /** Its backend is started and its warm-up done. */
  ready: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A spare handed to a run: from now on the run's worker. */
export interface TakenSpare {
  worker: ScratchWorker;
  started: boolean;
  ready: boolean;
}

export class SpareWorker {
  private spare: Spare | null = null;
  private failures = 0;

  /**
   * @param role what the spare is for, in the words of a report: "trainer", "landscape worker".
   * @param readied told each time a spare is ready.
   */
  constructor(
    private readonly role: string,
    private readonly script: WorkerScript,
    private readonly wasmFiles: WasmFiles,
    private readonly report: (text: string) => void,
    private readonly readied: () => void = () => undefined,
  ) {}

  /** Starts a spare for `backend` unless one stands by (when the panel opens, and after each run). */
  prepare(backend: Backend): void {
    this.failures = 0;
    this.start(backend);
  }

  private start(backend: Backend): void {
    if (this.spare || this.failures >= SPARE_ATTEMPTS) return;
    const spare: Spare = { backend, worker: null, started: false, ready: false, timer: undefined };
    this.spare = spare;
    // From now: a worker script that never arrives counts as much as a warm-up that never ends.
    spare.timer = setTimeout(() => this.fail(spare, `it was not ready within ${SPARE_READY_MS / 1000} s`), SPARE_READY_MS);
    this.script.load().then(
      (bundle) => {
        if (this.spare !== spare) return;
        try {
          spare.worker = new ScratchWorker(bundle, this.wasmFiles, {
            message: (message) => {
              if (message.type === 'workerStarted') spare.started = true;
              else if (message.type === 'warmed') {
                spare.ready = true;
                clearTimeout(spare.timer);
                performance.mark(`descent spare ${this.role} ready`);
                this.readied();
              }
              else if (message.type === 'warmFailed') this.fail(spare, message.reason);
            },
            invalid: (problem) => this.fail(spare, `it sent a malformed message: ${problem}`),
            crashed: (message) => this.fail(spare, `it stopped: ${message || 'unexpectedly'}`),
          });
        } catch (thrown) {
          this.fail(spare, thrown instanceof Error ? thrown.message : String(thrown));
          return;
        }
        spare.worker.post({ type: 'warm', backend });
      },
      (thrown: unknown) => this.fail(spare, thrown instanceof Error ? thrown.message : String(thrown)),
    );
  }

  /** The spare, for a run that starts now, if its worker exists; null: start a fresh one. */
  take(): TakenSpare | null {
    const spare = this.spare;
    this.spare = null;
    if (!spare) return null;
    clearTimeout(spare.timer);
    if (spare.worker) return { worker: spare.worker, started: spare.started, ready: spare.ready };
    return null;
  }

  private fail(spare: Spare, reason: string): void {
    // A spare already taken is its run's worker: the run hears of its end.
    if (this.spare !== spare) return;
    this.spare = null;
    clearTimeout(spare.timer);
    spare.worker?.stop();
    this.failures++;
    const next = this.failures < SPARE_ATTEMPTS ? 'another is starting' : `after ${SPARE_ATTEMPTS} in a row the panel starts none until the next run`;
    this.report(`Descent's spare ${this.role} was set aside (${reason}); runs start a fresh one meanwhile, and ${next}.`);
    this.start(spare.backend);
  }
}
