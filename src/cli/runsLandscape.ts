// `descent run --landscape`: after the runs, the loss over the scratch's one or two scalar
// variables, on a grid that holds where the runs started and every point of their paths.
import { joinBatches, type RunState } from '../shared/runState';
import { requestedLandscape } from '../trainer/landscape';
import type { LandscapeAnswer } from '../trainer/landscapeRole';
import { LandscapeUnavailable, probeScratch, type ScratchProbe } from '../trainer/probeScratch';
import type { ScratchExports } from '../trainer/scratchModule';
import type { ScratchSource } from '../trainer/scratchSource';

/** The runs' landscape (the variables other than the scalar ones held at their start), or why there is none. */
export function runsLandscape(load: () => ScratchExports | undefined, source: ScratchSource, state: RunState): LandscapeAnswer {
  let scratch: ScratchProbe | null = null;
  try {
    scratch = probeScratch(load, source);
    const variables = drawnVariables(scratch);
    const start = scratch.probeFor(variables).current();
    const { axes, loss, ms } = requestedLandscape(scratch, variables, [start, ...pathExtremes(state, variables)]);
    return { type: 'landscape', id: 0, variables, axes, loss, ms };
  } catch (thrown) {
    if (!(thrown instanceof LandscapeUnavailable)) throw thrown;
    return { type: 'landscapeUnavailable', id: null, reason: thrown.message };
  } finally {
    scratch?.dispose();
  }
}

function drawnVariables(scratch: ScratchProbe): string[] {
  const scalars = scratch.scalarVariables;
  if (scalars.length === 1 || scalars.length === 2) return [...scalars];
  const wanted = '--landscape draws the loss over one or two scalar variables';
  if (scalars.length > 2) throw new LandscapeUnavailable(`${wanted}, and this scratch has ${scalars.length}: ${scalars.join(', ')}.`);
  const shapes = Object.entries(scratch.shapes).map(([name, shape]) => `${name} [${shape.join(', ')}]`);
  throw new LandscapeUnavailable(`${wanted}, and this scratch has none: its variables are tensors (${shapes.join(', ')}).`);
}

/** For each run and each variable, the point of its path where that variable is farthest from 0: a range that holds these holds the whole path. */
function pathExtremes(state: RunState, variables: readonly string[]): number[][] {
  return state.plans.flatMap(({ path }) => {
    const series = variables.map((name) => joinBatches(path[name] ?? []));
    const epochs = Math.min(...series.map((values) => values.length));
    return series.flatMap((values) => {
      let farthest = -1;
      for (let k = 0; k < epochs; k++) {
        if (Number.isFinite(values[k]) && (farthest < 0 || Math.abs(values[k]) > Math.abs(values[farthest]))) farthest = k;
      }
      return farthest < 0 ? [] : [series.map((other) => other[farthest])];
    });
  });
}
