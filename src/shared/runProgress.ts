// How far a Run Optimization has come, from the trainer events the panel forwards to the host:
// the plan, each run's start and end, and a log line every logEvery epochs. What the status bar
// and the progress notification show.
import type { PanelEvent, RunPlan } from './protocol';
import { formatNumber } from './report';

export interface RunProgress {
  /** e.g. "epoch 137/200 · loss 0.294", led by "run 2/4 · " when the scratch plans several runs. */
  text: string;
  /** The current run's label, e.g. "sgd lr=0.0001"; null before the first run starts. */
  label: string | null;
  /** Every planned epoch of every run; 0 when the scratch's own loop decides (the lesson form). */
  totalEpochs: number;
  /** The share of totalEpochs done, 0 to 1; null when totalEpochs is not known. */
  fraction: number | null;
}

export class ProgressTracker {
  private plans: RunPlan[] = [];
  private current: RunPlan | null = null;
  private finishedRuns = 0;
  private epoch = 0;
  private loss: number | null | undefined;

  /** Takes one event in; true when the progress changed. */
  follow(event: PanelEvent): boolean {
    switch (event.type) {
      case 'plan':
        this.plans = event.runs;
        return true;
      case 'runStart':
        this.current = event.run;
        this.epoch = 0;
        this.loss = undefined;
        return true;
      case 'log':
        this.epoch = event.epoch;
        this.loss = event.loss;
        return true;
      case 'runEnd':
        this.finishedRuns++;
        this.epoch = event.result.epochs;
        this.loss = event.result.finalLoss;
        return true;
      default:
        return false;
    }
  }

  get progress(): RunProgress {
    const totalEpochs = this.plans.reduce((sum, plan) => sum + plan.epochs, 0);
    return { text: this.text(), label: this.current?.label ?? null, totalEpochs, fraction: totalEpochs > 0 ? Math.min(1, this.done() / totalEpochs) : null };
  }

  private text(): string {
    const current = this.current;
    if (!current) return 'starting';
    const run = this.plans.length > 1 ? `run ${current.index + 1}/${this.plans.length} · ` : '';
    const epochs = current.epochs > 0 ? `epoch ${this.epoch}/${current.epochs}` : `epoch ${this.epoch}`;
    const loss = this.loss === undefined ? '' : ` · loss ${formatNumber(this.loss, 3)}`;
    return `${run}${epochs}${loss}`;
  }

  /** Epochs done: the planned ones of the runs that ended (early or not), then the current run's. */
  private done(): number {
    const ended = this.plans.slice(0, this.finishedRuns).reduce((sum, plan) => sum + plan.epochs, 0);
    const running = this.current && this.current.index >= this.finishedRuns ? this.epoch : 0;
    return ended + running;
  }
}
