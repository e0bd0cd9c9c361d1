// `descent run --landscape`: after the runs, the loss over the one or two scalar components they
// followed (variables, or a small tensor's elements), on a grid that holds where the runs started
// and every point of their paths.
import { joinBatches, type RunState } from '../shared/runState';
import { requestedLandscape } from '../trainer/landscape';
import type { LandscapeAnswer } from '../trainer/landscapeRole';
import { LandscapeUnavailable, probeScratch, type ScratchProbe } from '../trainer/probeScratch';
import type { LoadedScratch } from '../trainer/runScratch';

/** The runs' landscape (the variables off it held at their start), or why there is none. */
export async function runsLandscape(loaded: LoadedScratch, state: RunState): Promise<LandscapeAnswer> {
  let scratch: ScratchProbe | null = null;
  try {
    scratch = await probeScratch(loaded);
    const variables = drawnVariables(scratch, state);
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

/** What the runs followed (their path's scalar components, as the panel's figures draw them), when that is one or two. */
function drawnVariables(scratch: ScratchProbe, state: RunState): string[] {
  const followed = state.plans.find((plan) => plan.start)?.start?.variables ?? [];
  if (followed.length === 1 || followed.length === 2) return followed;
  const wanted = '--landscape draws the loss over one or two scalar variables or components';
  if (followed.length > 2) throw new LandscapeUnavailable(`${wanted}, and the runs follow ${followed.length}: ${followed.join(', ')}.`);
  const shapes = Object.entries(scratch.shapes).map(([name, shape]) => `${name} [${shape.join(', ')}]`);
  throw new LandscapeUnavailable(`${wanted}, and the runs follow none: its variables are tensors too large to follow (${shapes.join(', ')}).`);
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
