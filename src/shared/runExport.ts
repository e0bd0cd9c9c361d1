// A run request's history to take away. As CSV: a row per epoch of every run, its loss, and each
// series its path records (a scalar variable after that epoch, a tensor's first components and
// norm). As JSON: each run's result with every epoch's loss and path. Numbers are written as
// JavaScript writes them, so they read back to the same values.
import { finiteOrNull, type RunSummary } from './protocol';
import { joinBatches, type RunState } from './runState';

export function runsCsv(state: RunState): string {
  const columns = [...new Set(state.plans.flatMap((plan) => Object.keys(plan.path)))];
  const lines = [['run', 'epoch', 'loss', ...columns].map(csvField).join(',')];
  for (const plan of state.plans) {
    const label = csvField(plan.plan.label);
    const losses = joinBatches(plan.losses);
    const series = columns.map((name) => (plan.path[name] ? joinBatches(plan.path[name]) : null));
    for (let k = 0; k < losses.length; k++) {
      lines.push([label, String(k + 1), numberField(losses[k]), ...series.map((values) => numberField(values?.[k]))].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A number as JavaScript writes it; empty where there is none, or it was not finite. */
function numberField(value: number | undefined): string {
  return value !== undefined && Number.isFinite(value) ? String(value) : '';
}

/** Quoted when it holds a comma, a quote or a line break. */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface RunHistory {
  label: string;
  result: RunSummary | null;
  /** loss[i]: the cost of epoch i + 1; null where it was not finite. */
  loss: (number | null)[];
  /** Each path series after every epoch. */
  path: Record<string, (number | null)[]>;
}

export function runsJson(file: string, state: RunState): string {
  const runs: RunHistory[] = state.plans.map((plan) => ({
    label: plan.plan.label,
    result: plan.result,
    loss: Array.from(joinBatches(plan.losses), finiteOrNull),
    path: Object.fromEntries(Object.entries(plan.path).map(([name, batches]) => [name, Array.from(joinBatches(batches), finiteOrNull)])),
  }));
  return `${JSON.stringify({ file, runs }, null, 2)}\n`;
}
