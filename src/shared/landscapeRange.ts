// Where a landscape's grid lies: for each variable, a range symmetric about 0 that holds the points
// it must (the start, the path), with the start's value exactly on the grid, so the lesson's curve
// runs from −5.15 to 5.15 through −4.12, 0 and 4.12. A range grows when the lowest loss sits on
// its edge (the minimum lies beyond) and is drawn again when the path leaves it.
import type { Landscape } from './protocol';

/** Grid points either side of 0: 101 points for one variable, 41 × 41 for two. */
export const HALF_POINTS: Record<1 | 2, number> = { 1: 50, 2: 20 };
/** The range reaches this far past the farthest point it holds. */
const MARGIN = 1.25;
/** How many times a range may double to bring the minimum inside. */
export const MAX_GROWTH = 4;

/** For each axis, the farthest from 0 of the points' values on it; 1 when they are all 0. */
export function farthestValues(holding: readonly (readonly number[])[], dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, axis) => {
    const farthest = Math.max(0, ...holding.map((point) => Math.abs(point[axis])).filter(Number.isFinite));
    return farthest > 0 ? farthest : 1;
  });
}

/**
 * An axis of 2n + 1 points from −MARGIN·farthest to MARGIN·farthest. Points n ± n/MARGIN are
 * ±farthest exactly (n is a multiple of 4), so the start is a grid point and its loss can be read.
 */
export function axis(farthest: number, n: number): number[] {
  return Array.from({ length: 2 * n + 1 }, (_, i) => (farthest * ((i - n) * MARGIN)) / n);
}

/** Whether the grid holds the point (a value per variable). */
export function holdsPoint(landscape: Pick<Landscape, 'axes'>, point: readonly number[]): boolean {
  return landscape.axes.every((values, k) => Number.isFinite(point[k]) && point[k] >= values[0] && point[k] <= values[values.length - 1]);
}

/** The grid index of the lowest finite loss, a position per axis; null when no loss is finite. */
export function lowestPoint(landscape: Pick<Landscape, 'axes' | 'loss'>): number[] | null {
  let best = -1;
  landscape.loss.forEach((loss, i) => {
    if (loss !== null && Number.isFinite(loss) && (best < 0 || loss < (landscape.loss[best] as number))) best = i;
  });
  if (best < 0) return null;
  if (landscape.axes.length === 1) return [best];
  const columns = landscape.axes[1].length;
  return [Math.floor(best / columns), best % columns];
}

/** The axes whose lowest loss sits on an edge of the grid: the minimum may lie beyond them. */
export function axesToGrow(landscape: Pick<Landscape, 'axes' | 'loss'>): number[] {
  const lowest = lowestPoint(landscape);
  if (!lowest) return [];
  return lowest.flatMap((index, k) => (index === 0 || index === landscape.axes[k].length - 1 ? [k] : []));
}
