// The runs a scratch keeps across reloads: a finished cell as the few events that fold back into
// its state, and the rules that bound how many are kept. The host stores them (runStore.ts); the
// panel makes them and replays them.
import { STORED_RUNS_VERSION, type DescentError, type PanelEvent, type StoredCell, type StoredRuns } from './protocol';
import { joinBatches, type RunState } from './runState';

/** Bytes of stored runs a scratch keeps at most; the oldest cells go first. */
export const STORED_RUNS_MAX_BYTES = 64 * 1024 * 1024;

/** A learner's printed lines kept with a cell, the latest ones. */
export const STORED_PRINTS = 200;

export function noStoredRuns(scratch: string): StoredRuns {
  return { type: 'runs', version: STORED_RUNS_VERSION, scratch, nextNumber: 1, baseline: null, cells: [] };
}

export interface EndedCell {
  number: number;
  file: string;
  source: string;
  state: RunState;
  /** The learner's printed lines, as the trainer sent them. */
  prints: readonly PanelEvent[];
  compileError: DescentError | null;
}

/** A cell that has ended, as the host keeps it. */
export function storedCellOf(cell: EndedCell): StoredCell {
  const { number, file, source, state, prints, compileError } = cell;
  return { number, file, source, events: [...replayEvents(state), ...prints.slice(-STORED_PRINTS)], stopped: state.status === 'stopped', compileError };
}

/**
 * Events that fold into the same state as the ones a run sent: its plan, each run's start, one
 * progress event holding every epoch, its start's slope and its end, the leaks, then the finish
 * (a stopped run ends with a stop instead, which StoredCell.stopped says).
 */
export function replayEvents(state: RunState): PanelEvent[] {
  if (!state.summary) return [];
  const { summary, plans, results, leaks, error } = state;
  // The lesson form's runs become known only as they start: its plan names none ahead.
  const events: PanelEvent[] = [{ type: 'plan', summary, runs: state.plannedRuns ? plans.map(({ plan }) => plan) : [] }];
  for (const planState of plans) {
    const { plan, start, memory, result } = planState;
    if (planState.epoch === 0 && !result) continue;
    const run = plan.index;
    events.push({ type: 'runStart', plan });
    if (start) events.push({ type: 'slope', run, ...start });
    const losses = joinBatches(planState.losses);
    if (losses.length && memory) {
      const path = Object.fromEntries(Object.entries(planState.path).map(([name, batches]) => [name, float32Numbers(joinBatches(batches))]));
      events.push({ type: 'progress', run, firstEpoch: 1, losses: float32Numbers(losses), variables: planState.variables, memory, ...(Object.keys(path).length ? { path } : {}) });
    }
    if (result) events.push({ type: 'runEnd', run, result });
  }
  for (const leak of leaks) events.push({ type: 'leak', ...leak });
  if (state.status !== 'stopped') events.push({ type: 'finished', runs: [...results], error });
  return events;
}

/**
 * Float32 values as the shortest numbers that read back as the same float32: nine significant
 * digits always do, and JSON keeps them shorter than a double's seventeen. NaN becomes null.
 */
function float32Numbers(values: Float32Array): (number | null)[] {
  return Array.from(values, (x) => (Number.isFinite(x) ? Number(x.toPrecision(9)) : null));
}

/** The runs with `cell` kept, in number order, replacing a cell of the same number. */
export function withCell(runs: StoredRuns, cell: StoredCell): StoredRuns {
  const cells = [...runs.cells.filter((kept) => kept.number !== cell.number), cell].sort((a, b) => a.number - b.number);
  return { ...runs, cells, nextNumber: Math.max(runs.nextNumber, cell.number + 1) };
}

export function withoutCells(runs: StoredRuns, numbers: readonly number[]): StoredRuns {
  const cells = runs.cells.filter((cell) => !numbers.includes(cell.number));
  return { ...runs, cells, baseline: cells.some((cell) => cell.number === runs.baseline) ? runs.baseline : null };
}

export function withBaseline(runs: StoredRuns, baseline: number | null): StoredRuns {
  return { ...runs, baseline: baseline !== null && runs.cells.some((cell) => cell.number === baseline) ? baseline : null };
}

/**
 * The newest `keptRuns` cells, then fewer while they take more than `maxBytes` (each cell's size
 * is `bytesOf` it), the oldest dropped first; a baseline goes with its cell.
 */
export function boundedRuns(runs: StoredRuns, keptRuns: number, maxBytes: number, bytesOf: (cell: StoredCell) => number): StoredRuns {
  const kept: StoredCell[] = [];
  let bytes = 0;
  for (const cell of [...runs.cells].reverse()) {
    if (kept.length === keptRuns) break;
    bytes += bytesOf(cell);
    if (bytes > maxBytes) break;
    kept.unshift(cell);
  }
  return kept.length === runs.cells.length ? runs : withoutCells(runs, runs.cells.filter((cell) => !kept.includes(cell)).map((cell) => cell.number));
}
