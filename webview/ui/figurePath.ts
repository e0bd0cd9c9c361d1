// A run's path as the figures draw it: the points where its losses were measured (the start, then
// where each epoch left the variables), read from the run state's batches without joining them,
// and sampled so that a million epochs cost a figure no more than a few hundred points.
import type { PlanState } from '../../src/shared/runState';

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
  const count = plan.losses.reduce((sum, batch) => sum + batch.length, 0);
  const indices = sampledIndices(count, limit);
  const losses = sampleBatches(plan.losses, indices);
  // indices[0] is 0, the start; the others are after epochs i.
  const positions = variables.map((name) => sampleBatches(plan.path[name] ?? [], indices.slice(1).map((i) => i - 1)));
  const points: PathPoint[] = [];
  indices.forEach((_, k) => {
    const at = k === 0 ? start : positions.map((values) => values[k - 1]);
    if (at && at.every(Number.isFinite) && Number.isFinite(losses[k])) points.push({ at: [...at], loss: losses[k] });
  });
  return points;
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
