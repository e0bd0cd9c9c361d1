// How far a Run Optimization has come, read from its run state: what the status bar and the
// progress notification show.
import { currentPlan, epochsDone, plannedEpochs, type RunState } from './runState';
import { epochText, formatNumber, runOfText } from './wording';

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

export function runProgress(state: RunState): RunProgress {
  const totalEpochs = plannedEpochs(state);
  const current = currentPlan(state);
  return {
    text: progressText(state),
    label: current?.plan.label ?? null,
    totalEpochs,
    fraction: totalEpochs > 0 ? Math.min(1, epochsDone(state) / totalEpochs) : null,
  };
}

function progressText(state: RunState): string {
  const current = currentPlan(state);
  if (!current) return 'starting';
  const { plan, epoch, loss } = current;
  const run = state.plannedRuns > 1 ? `${runOfText(plan.index, state.plannedRuns)} · ` : '';
  const paused = state.paused ? ' · paused' : '';
  return `${run}${epochText(epoch, plan.epochs)}${loss === undefined ? '' : ` · loss ${formatNumber(loss, 3)}`}${paused}`;
}
