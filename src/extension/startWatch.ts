// Bounds each stage of a run's start (compiled, panel ready, worker started, backend ready, first
// epoch): the stage that does not finish in its time is reported once, by name.
import type * as vscode from 'vscode';
import { START_STAGES, START_STAGE_MS, type StartStage } from '../shared/protocol';

export class StartWatch implements vscode.Disposable {
  private stage: StartStage | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param firstEpochMs the first epoch's bound (the longer of its own and descent.runTimeoutSeconds).
   * @param onLate called once with the stage that took too long.
   */
  constructor(
    private readonly firstEpochMs: number,
    private readonly onLate: (stage: StartStage, ms: number) => void,
  ) {}

  /** The stage now under way, if the start is not over. */
  get current(): StartStage | null {
    return this.stage;
  }

  /** Starts counting `stage`'s time. */
  begin(stage: StartStage): void {
    clearTimeout(this.timer);
    this.stage = stage;
    const ms = this.boundOf(stage);
    this.timer = setTimeout(() => {
      this.stage = null;
      this.onLate(stage, ms);
    }, ms);
  }

  /** `stage` finished: the next one's time starts, or after the first epoch the watch ends. Out-of-order news of a stage already passed changes nothing. */
  reached(stage: StartStage): void {
    if (this.stage === null || START_STAGES.indexOf(stage) < START_STAGES.indexOf(this.stage)) return;
    const next = START_STAGES[START_STAGES.indexOf(stage) + 1];
    if (next) this.begin(next);
    else this.dispose();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stage = null;
  }

  private boundOf(stage: StartStage): number {
    return stage === 'firstEpoch' ? Math.max(START_STAGE_MS.firstEpoch, this.firstEpochMs) : START_STAGE_MS[stage];
  }
}
