// The learner's loss over a grid of one or two scalar components: a range that holds the points it
// must (landscapeRange.ts), the whole grid asked of the loss in one read, and the range grown
// until the lowest loss lies inside it.
import { finiteOrNull, type Landscape, type Value } from '../shared/protocol';
import { axesToGrow, axis, farthestValues, HALF_POINTS, MAX_GROWTH } from '../shared/landscapeRange';
import type { LossProbe } from './lossProbe';
import { LandscapeUnavailable, type ScratchProbe } from './probeScratch';

export type TimedLandscape = Landscape & { ms: number };

/**
 * The loss over the probe's components (one or two), on a grid holding every point of `holding`
 * (a value per component). The components are back where they were afterwards.
 */
export function computeLandscape(probe: LossProbe, holding: readonly (readonly number[])[]): TimedLandscape {
  const started = performance.now();
  const dimensions = probe.components.length;
  if (dimensions !== 1 && dimensions !== 2) throw new RangeError(`A landscape is drawn over one or two variables, not ${dimensions}.`);
  const farthest = farthestValues(holding, dimensions).map(shortestFloat32);
  const variables = probe.components.map((c) => c.name);
  let landscape = grid(probe, variables, farthest, HALF_POINTS[dimensions]);
  for (let growth = 0; growth < MAX_GROWTH; growth++) {
    const grow = axesToGrow(landscape);
    if (grow.length === 0) break;
    for (const k of grow) farthest[k] *= 2;
    landscape = grid(probe, variables, farthest, HALF_POINTS[dimensions]);
  }
  return { ...landscape, ms: performance.now() - started };
}

/**
 * The shortest decimal with the same float32 value: the 4.12 the learner wrote for the
 * 4.119999885559082 that a variable holds, so the axis runs through 4.12 and its loss is the start's.
 */
function shortestFloat32(value: number): number {
  for (let digits = 1; digits < 17; digits++) {
    const decimal = Number(value.toPrecision(digits));
    if (Math.fround(decimal) === Math.fround(value)) return decimal;
  }
  return value;
}

function grid(probe: LossProbe, variables: string[], farthest: readonly number[], halfPoints: number): Landscape {
  const axes = farthest.map((f) => axis(f, halfPoints));
  const points = axes.length === 1 ? axes[0].map((a) => [a]) : axes[0].flatMap((a) => axes[1].map((b) => [a, b]));
  return { variables, axes, loss: Array.from(probe.lossAt(points), finiteOrNull) };
}

/**
 * The landscape over the named components (`x`, `w[3]`) holding those points, the variables that
 * `values` names set there first. Throws LandscapeUnavailable saying why it cannot be drawn.
 */
export function requestedLandscape(
  scratch: ScratchProbe,
  components: readonly string[],
  holding: readonly (readonly number[])[],
  values: Record<string, Value> = {},
): TimedLandscape {
  const probe = scratch.probeFor(components, values);
  try {
    return computeLandscape(probe, holding);
  } catch (thrown) {
    throw new LandscapeUnavailable(`The loss could not be computed over the grid: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
}
