// A landscape in words: its range on each axis and the lowest loss found on it, for the CLI's
// line and for the caption that states a figure's numbers; and the points of an epoch the learner
// scrubs to.
import { lowestPoint } from './landscapeRange';
import type { Landscape } from './protocol';
import { formatNumber, formatValue } from './wording';

export function landscapeText(landscape: Landscape): string {
  return `landscape · ${rangesText(landscape)} · ${lowestText(landscape)}`;
}

/** A point of a figure: a value per drawn variable, and the loss there. */
export interface CaptionPoint {
  at: readonly number[];
  loss: number;
}

export interface CaptionRun {
  label: string;
  /** Epochs trained so far. */
  steps: number;
  /** The latest point whose loss was measured. */
  now: CaptionPoint | null;
}

/**
 * "Loss over x from -5.15 to 5.15 (101 points), lowest loss 0 at x = 0 · start x = 4.12, loss
 * 2953.55 · sgd lr=0.0001: 200 steps, now x = 0.0035789, loss 0.0022287"
 */
export function figureCaption(landscape: Landscape, start: CaptionPoint | null, runs: readonly CaptionRun[], held: Readonly<Record<string, number>> = {}): string {
  const { variables } = landscape;
  const holding = Object.entries(held).map(([name, value]) => `${name} = ${formatValue(value)}`);
  const parts = [`Loss over ${rangesText(landscape)}${holding.length ? ` with ${holding.join(', ')} held` : ''}, ${lowestText(landscape)}`];
  if (start) parts.push(`start ${pointText(variables, start)}`);
  for (const { label, steps, now } of runs) parts.push(`${label}: ${steps} ${steps === 1 ? 'step' : 'steps'}${now ? `, now ${pointText(variables, now)}` : ''}`);
  return parts.join(' · ');
}

/** "epoch 20 · loss 768.779 at x = 2.0584", a part per run that has come that far, led by its label when there are several. */
export function epochPointsText(epoch: number, variables: readonly string[], runs: readonly { label: string; point: CaptionPoint | null }[]): string {
  const reached = runs.filter((run): run is { label: string; point: CaptionPoint } => run.point !== null);
  const parts = reached.map(({ label, point }) => runPointText(runs.length > 1 ? label : null, variables, point));
  return [`epoch ${epoch}`, ...parts].join(' · ');
}

/** "loss 768.779 at x = 2.0584", led by "label: " when given. */
export function runPointText(label: string | null, variables: readonly string[], point: CaptionPoint): string {
  const at = variables.length ? ` at ${valuesText(variables, point.at)}` : '';
  return `${label === null ? '' : `${label}: `}loss ${formatNumber(point.loss)}${at}`;
}

function pointText(variables: readonly string[], { at, loss }: CaptionPoint): string {
  return `${valuesText(variables, at)}, loss ${formatNumber(loss)}`;
}

/** "m = 2.01, b = 1.02" */
export function valuesText(variables: readonly string[], values: readonly number[]): string {
  return variables.map((name, k) => `${name} = ${formatNumber(values[k])}`).join(', ');
}

function rangesText({ variables, axes }: Landscape): string {
  const ranges = variables.map((name, k) => `${name} from ${formatNumber(axes[k][0])} to ${formatNumber(axes[k][axes[k].length - 1])}`);
  return `${ranges.join(', ')} (${axes.map((a) => a.length).join(' × ')} points)`;
}

function lowestText(landscape: Landscape): string {
  const { variables, axes, loss } = landscape;
  const lowest = lowestPoint(landscape);
  if (!lowest) return 'no finite loss on it';
  const at = lowest.length === 1 ? lowest[0] : lowest[0] * axes[1].length + lowest[1];
  return `lowest loss ${formatNumber(loss[at])} at ${valuesText(variables, lowest.map((index, k) => axes[k][index]))}`;
}
