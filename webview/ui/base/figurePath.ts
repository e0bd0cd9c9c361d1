// A run's path as the figures draw it: the points where its losses were measured (the start, then
// where each epoch left the variables), read from the run state's batches without joining them,
// and sampled so that a million epochs cost a figure no more than a few hundred points.
import type { Slope } from '../../../src/shared/protocol';
import type { PlanState, RunState } from '../../../src/shared/runState';

export interface PathPoint {
  /** A value per drawn variable. */
  at: number[];
  loss: number;
}

/** Every one of the first epochs is drawn (a zig-zag shows there), then evenly spaced ones, and the last. */
const EVERY_EPOCH_UP_TO = 200;

/** Indices 0 … count − 1 to draw, at most about `limit` of them, ascending. */
export function sampledIndices(count: number, limit: number): number[] {
  const first = Math.min(count, EVERY_EPOCH_UP_TO, limit);
  const indices = Array.from({ length: first }, (_, i) => i);
  const rest = count - first;
  if (rest <= 0) return indices;
  const stride = Math.max(1, Math.ceil(rest / Math.max(1, limit - first)));
  for (let i = first + stride - 1; i < count - 1; i += stride) indices.push(i);
  indices.push(count - 1);
  return indices;
}

/** The values at ascending flat indices of a batched series, in one pass over its batches. */
export function sampleBatches(batches: readonly Float32Array[], indices: readonly number[]): number[] {
  const values: number[] = [];
  let offset = 0;
  let k = 0;
  for (const batch of batches) {
    while (k < indices.length && indices[k] < offset + batch.length) values.push(batch[indices[k++] - offset]);
    offset += batch.length;
  }
  return values;
}

/**
 * Point i is where epoch i + 1's loss was measured: the start for i = 0, else where epoch i left
 * the variables. Points whose loss or position is not finite are left out.
 */
export function pathPoints(plan: PlanState, variables: readonly string[], start: readonly number[] | null, limit: number): PathPoint[] {
  return pointsAt(plan, variables, start, sampledIndices(lossCount(plan), limit)).filter((point): point is PathPoint => point !== null);
}

/** Where epoch `epoch`'s loss was measured (the point the loss chart shows at that epoch); null when it is not known or not finite. */
export function pointOfEpoch(plan: PlanState, variables: readonly string[], start: readonly number[] | null, epoch: number): PathPoint | null {
  return epoch >= 1 && epoch <= lossCount(plan) ? pointsAt(plan, variables, start, [epoch - 1])[0] : null;
}

export function lossCount(plan: PlanState): number {
  return plan.losses.reduce((sum, batch) => sum + batch.length, 0);
}

/** The points at ascending indices (see pathPoints), null where not finite. */
function pointsAt(plan: PlanState, variables: readonly string[], start: readonly number[] | null, indices: readonly number[]): (PathPoint | null)[] {
  const losses = sampleBatches(plan.losses, indices);
  const after = indices.filter((i) => i > 0);
  const positions = variables.map((name) => sampleBatches(plan.path[name] ?? [], after.map((i) => i - 1)));
  let k = 0;
  return indices.map((index, n) => {
    const at = index === 0 ? start : positions.map((values) => values[k]);
    if (index > 0) k++;
    return at && at.every(Number.isFinite) && Number.isFinite(losses[n]) ? { at: [...at], loss: losses[n] } : null;
  });
}

/** Where a slope was worked out, on the named variables, and the loss there; null unless all of it is finite. */
export function slopePoint(slope: Slope, variables: readonly string[]): PathPoint | null {
  const at = variables.map((name) => slope.at[slope.variables.indexOf(name)] ?? null);
  const { loss } = slope;
  return loss !== null && Number.isFinite(loss) && at.every((v): v is number => v !== null && Number.isFinite(v)) ? { at, loss } : null;
}

/**
 * Where the step from a slope's point lands: the trainer's `next` (sgd's rule ahead, or where epoch 1
 * went), or else the point moved by the step its optimizer took apart (any optimizer, paused).
 */
export function stepLanding(slope: Slope): (number | null)[] | null {
  const taken = slope.anatomy?.taken;
  if (slope.next || !taken) return slope.next;
  return slope.at.map((x, k) => {
    const step = taken[k];
    return x === null || step === null ? null : x + step;
  });
}

/** What a run's points are read at: the components its start names (not a tensor's norm), or else every path series. */
export function pointVariables(state: RunState): string[] {
  const recorded = state.plans.find((plan) => plan.start || Object.keys(plan.path).length);
  return recorded?.start?.variables ?? Object.keys(recorded?.path ?? {});
}

/** A run's loss at an epoch and where it was measured (the values of `variables`). */
export interface EpochPoint {
  label: string;
  variables: string[];
  point: PathPoint;
}

export function epochPoint(state: RunState, planIndex: number, epoch: number): EpochPoint | null {
  const plan = state.plans.find((p) => p.plan.index === planIndex);
  if (!plan) return null;
  const variables = pointVariables(state);
  const point = pointOfEpoch(plan, variables, startAt(plan, variables), epoch);
  return point && { label: plan.plan.label, variables, point };
}

export function startAt(plan: PlanState, variables: readonly string[]): number[] | null {
  return plan.start ? (slopePoint(plan.start, variables)?.at ?? null) : null;
}

/** The lowest and highest finite value of each path variable so far, read batch by batch as they arrive. */
export class PathExtent {
  readonly low: number[];
  readonly high: number[];
  private readonly scanned: number[];

  constructor(private readonly variables: readonly string[]) {
    this.low = variables.map(() => Infinity);
    this.high = variables.map(() => -Infinity);
    this.scanned = variables.map(() => 0);
  }

  update(plan: PlanState): void {
    this.variables.forEach((name, k) => {
      const batches = plan.path[name] ?? [];
      for (; this.scanned[k] < batches.length; this.scanned[k]++) {
        for (const value of batches[this.scanned[k]]) {
          if (!Number.isFinite(value)) continue;
          if (value < this.low[k]) this.low[k] = value;
          if (value > this.high[k]) this.high[k] = value;
        }
      }
    });
  }

  /** The corners that the range must hold, once a value is known. */
  corners(): number[][] {
    return this.low.every(Number.isFinite) ? [this.low, this.high] : [];
  }
}
