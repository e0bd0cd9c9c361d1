// One Run Optimization in the host, from its compile to its end: compiling → running → ended, with
// one way to end. It folds the trainer's events into the run state, bounds each stage of the start
// and the whole run (descent.runTimeoutSeconds), and tells its observers (output channel, status
// bar, notification, Problems) what changed and how the run ended.
import type * as vscode from 'vscode';
import type { DescentError, PanelEvent, RunSummary, StartStage } from '../shared/protocol';
import { runProgress } from '../shared/runProgress';
import { INITIAL_RUN_STATE, nextRunState, type RunState } from '../shared/runState';
import { describeLateStart } from '../shared/wording';
import { StartWatch } from './startWatch';

export type EndReason =
  /** The trainer finished, with or without an error. */
  | { kind: 'finished' }
  /** The learner stopped it; the panel says at which epoch. */
  | { kind: 'stopped'; epoch: number }
  /** descent.runTimeoutSeconds ran out and the panel stopped it. */
  | { kind: 'timedOut'; seconds: number; epoch: number }
  /** A new Run Optimization of the same scratch took its place. */
  | { kind: 'replaced' }
  | { kind: 'panelClosed' }
  /** It could not go on: the scratch did not compile, a stage of its start took too long, or its panel stopped answering. */
  | { kind: 'failed'; cause: 'compile' | 'lateStart' | 'panelStuck'; error: DescentError };

export interface RunEnding {
  reason: EndReason;
  state: RunState;
  runs: RunSummary[];
  error: DescentError | null;
  stoppedAtEpoch: number | null;
}

/** What reports a run: each hook is called in the order the observers were given. */
export interface RunObserver extends Partial<vscode.Disposable> {
  /** The run started training in its panel. */
  started?(state: RunState): void;
  /** A trainer event moved the run's state. */
  changed?(state: RunState, event: PanelEvent): void;
  /** The run ended; called once. */
  ended?(ending: RunEnding): void;
}

/** What the run asks of its panel. */
export interface RunPanel {
  stop(): void;
  /** The host gave up on the run: the panel ends it with this error. */
  fail(error: DescentError): void;
}

type Phase = 'compiling' | 'running' | 'ended';

/**
 * How often progress events reach the observers: each may redraw the status bar and the
 * notification, a message to the window. Every event still moves the state.
 */
const PROGRESS_NEWS_MS = 250;

export class HostRun {
  private phase: Phase = 'compiling';
  private current = INITIAL_RUN_STATE;
  private startWatch: StartWatch | null = null;
  private timeout: ReturnType<typeof setTimeout> | undefined;
  /** descent.runTimeoutSeconds: when it runs out (Date.now()), or the time left while the run is paused. */
  private timeLimit: { seconds: number; endsAt: number; leftWhilePaused: number | null } | null = null;
  /** Set when descent.runTimeoutSeconds ran out, to the seconds it allowed. */
  private timedOutAfter: number | null = null;
  /** The backend the trainer started on, once the panel says. */
  private startedBackend: string | null = null;
  private progressToldAt = -Infinity;

  constructor(
    readonly requestId: number,
    /** The scratch as the run's errors name it. */
    readonly file: string,
    private readonly panel: RunPanel,
    private readonly observers: readonly RunObserver[],
    private readonly onEnded: (ending: RunEnding) => void,
  ) {}

  get state(): RunState {
    return this.current;
  }

  get isRunning(): boolean {
    return this.phase === 'running';
  }

  get hasEnded(): boolean {
    return this.phase === 'ended';
  }

  /** The compile succeeded and the run was sent to its panel; `panelReady`: the panel has loaded. */
  start(timeoutSeconds: number | null, panelReady: boolean): void {
    if (this.phase !== 'compiling') return;
    this.phase = 'running';
    if (timeoutSeconds !== null) this.limitTime(timeoutSeconds, timeoutSeconds * 1000);
    this.startWatch = new StartWatch((timeoutSeconds ?? 0) * 1000, (stage, ms) => this.lateStart(stage, ms));
    this.startWatch.begin('panel');
    if (panelReady) this.startWatch.reached('panel');
    this.observers.forEach((observer) => observer.started?.(this.current));
  }

  /** The panel reached a stage of the run's start. */
  reached(stage: StartStage, backend: string | null = null): void {
    this.startedBackend = backend ?? this.startedBackend;
    this.startWatch?.reached(stage);
  }

  receive(event: PanelEvent): void {
    if (this.phase !== 'running') return;
    if (event.type === 'progress') this.reached('firstEpoch');
    if (event.type === 'paused') this.holdTimeLimit();
    if (event.type === 'resumed') this.releaseTimeLimit();
    this.current = nextRunState(this.current, event);
    if (event.type === 'progress') {
      if (performance.now() - this.progressToldAt < PROGRESS_NEWS_MS) return;
      this.progressToldAt = performance.now();
    }
    this.observers.forEach((observer) => observer.changed?.(this.current, event));
    if (event.type === 'finished') this.end({ kind: 'finished' });
  }

  private limitTime(seconds: number, ms: number): void {
    this.timeLimit = { seconds, endsAt: Date.now() + ms, leftWhilePaused: null };
    this.timeout = setTimeout(() => {
      this.timedOutAfter = seconds;
      this.panel.stop();
    }, ms);
  }

  /** A paused run is waiting for the learner: the time limit does not count it. */
  private holdTimeLimit(): void {
    if (!this.timeLimit || this.timeLimit.leftWhilePaused !== null) return;
    clearTimeout(this.timeout);
    this.timeLimit.leftWhilePaused = Math.max(0, this.timeLimit.endsAt - Date.now());
  }

  private releaseTimeLimit(): void {
    const left = this.timeLimit?.leftWhilePaused;
    if (!this.timeLimit || left === null || left === undefined) return;
    this.limitTime(this.timeLimit.seconds, left);
  }

  /** The panel stopped the run at `epoch`: because the learner asked, or because the time limit ran out. */
  stopped(epoch: number): void {
    const seconds = this.timedOutAfter;
    this.end(seconds === null ? { kind: 'stopped', epoch } : { kind: 'timedOut', seconds, epoch });
  }

  /** "epoch 137/200 · loss 0.294": how far it came, for the texts that say where it ended. */
  get progressText(): string | null {
    return this.phase === 'compiling' ? null : runProgress(this.current).text;
  }

  end(reason: EndReason): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.startWatch?.dispose();
    this.startWatch = null;
    clearTimeout(this.timeout);
    const ending: RunEnding = {
      reason,
      state: this.current,
      runs: reason.kind === 'finished' ? [...this.current.results] : [],
      error: errorOf(reason, this.current, this.file),
      stoppedAtEpoch: reason.kind === 'stopped' || reason.kind === 'timedOut' ? reason.epoch : null,
    };
    this.observers.forEach((observer) => observer.ended?.(ending));
    this.observers.forEach((observer) => observer.dispose?.());
    this.onEnded(ending);
  }

  /** A stage of the start took longer than its bound: the run ends with an error that names it. */
  private lateStart(stage: StartStage, ms: number): void {
    const error = runError('timeout', describeLateStart(stage, ms / 1000, this.startedBackend), this.file);
    this.panel.fail(error);
    this.end({ kind: 'failed', cause: 'lateStart', error });
  }
}

/** An error of the whole run, not of a line in the scratch. */
export function runError(kind: DescentError['kind'], message: string, file: string): DescentError {
  return { kind, message, file, line: null, column: null };
}

function errorOf(reason: EndReason, state: RunState, file: string): DescentError | null {
  switch (reason.kind) {
    case 'finished':
      return state.error;
    case 'failed':
      return reason.error;
    case 'timedOut':
      return runError('timeout', `The run did not finish within ${reason.seconds} s (descent.runTimeoutSeconds) and was stopped at epoch ${reason.epoch}.`, file);
    default:
      return null;
  }
}
