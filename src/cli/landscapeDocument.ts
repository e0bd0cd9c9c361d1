// What --landscape adds to the JSON document: each run's path, one array per path variable, and
// the landscape with its losses nested as loss[i][j] at (axes[0][i], axes[1][j]) for two variables.
import { finiteOrNull, type Landscape, type RunResult } from '../shared/protocol';
import { joinBatches, planState, type RunState } from '../shared/runState';
import type { FileOutcome } from './runScratchFile';

type Losses = (number | null)[];

export interface LandscapeFields {
  runs: (RunResult & { path: Record<string, Losses> })[];
  landscape: { variables: string[]; axes: number[][]; loss: Losses | Losses[] } | null;
}

/** The runs (in plan order, so run i is plan i) with their paths from the state, and the landscape if there is one. */
export function landscapeFields(outcome: FileOutcome, state: RunState): LandscapeFields {
  return {
    runs: outcome.runs.map((run, index) => ({ ...run, path: pathOf(state, index) })),
    landscape: outcome.landscape?.type === 'landscape' ? nested(outcome.landscape) : null,
  };
}

function pathOf(state: RunState, index: number): Record<string, Losses> {
  const path = planState(state, index)?.path ?? {};
  return Object.fromEntries(Object.entries(path).map(([name, batches]) => [name, Array.from(joinBatches(batches), finiteOrNull)]));
}

function nested({ variables, axes, loss }: Landscape): NonNullable<LandscapeFields['landscape']> {
  if (axes.length === 1) return { variables, axes, loss };
  const columns = axes[1].length;
  return { variables, axes, loss: axes[0].map((_, i) => loss.slice(i * columns, (i + 1) * columns)) };
}
