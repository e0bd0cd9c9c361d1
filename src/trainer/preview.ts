// Where a run would go from another start, or with other numbers, while the learner drags or
// slides: the landscape worker's loss, each optimizer made afresh and stepped for the run's epochs.
import { finiteOrNull, type PreviewPoint, type PreviewRequest } from '../shared/protocol';
import { createOptimizer, disposeOptimizer } from './optimizers';
import type { ScratchProbe } from './probeScratch';

/** Points a previewed path is sent with, at most: the first epochs all, then evenly spaced ones, and the end. */
const PREVIEW_POINTS = 400;

export function previewPaths(scratch: ScratchProbe, { variables, values, start, optimizers, epochs }: PreviewRequest): PreviewPoint[][] {
  const probe = scratch.probeFor(variables, values);
  return optimizers.map((spec) => {
    const optimizer = createOptimizer(spec);
    try {
      return sampled(probe.descend(start, optimizer, epochs)).map(({ at, loss }) => ({ at: at.map(finiteOrNull), loss: finiteOrNull(loss) }));
    } finally {
      disposeOptimizer(optimizer);
    }
  });
}

function sampled<T>(points: T[]): T[] {
  if (points.length <= PREVIEW_POINTS) return points;
  const stride = Math.ceil(points.length / PREVIEW_POINTS);
  return points.filter((_, i) => i % stride === 0 || i === points.length - 1);
}
