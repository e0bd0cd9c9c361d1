// The state of one Run Optimization, folded from the trainer's events: its plans, how far each has
// come, its results and its overall status. The host's reporters and the panel's cells both keep
// one and read everything they show from it.
import type { DescentError, LeakReport, MemoryInfo, PanelEvent, RunPlan, RunStatus, RunSummary, ScratchSummary, Slope, Value } from './protocol';

/** A run request's status as a whole: waiting for its first run, training, or ended. */
export type RequestStatus = 'starting' | 'live' | RunStatus;

export interface PlanState {
  plan: RunPlan;
  /** The last epoch reported; 0 before the first. */
  epoch: number;
  /**
   * Every epoch's loss so far, in the batches they arrived in (epoch 1 first), as float32 (what
   * tfjs computed them in; 4 bytes an epoch for a run of millions). NaN where a loss was not finite.
   */
  losses: readonly Float32Array[];
  /** The latest epoch's loss; undefined before the first. */
  loss: number | null | undefined;
  variables: Record<string, Value>;
  /**
   * Each path variable's value after every epoch so far, batched and stored as the losses are
   * (4 bytes an epoch a variable; NaN where not finite). Empty for a run with no scalar variable.
   */
  path: Readonly<Record<string, readonly Float32Array[]>>;
  /** Which way is down, at the latest point the trainer worked it out (the start, or a pause). */
  slope: Slope | null;
  /** The same at the start, before epoch 1: where the run began, and its loss there. */
  start: Slope | null;
  memory: MemoryInfo | null;
  result: RunSummary | null;
}

export interface RunState {
  summary: ScratchSummary | null;
  /** In the order they became known: config runs all at once, the lesson form's as each starts. */
  plans: readonly PlanState[];
  /** How many runs the scratch planned ahead (the config form); the lesson form's are not known ahead: 0. */
  plannedRuns: number;
  /** The plan index (RunPlan.index) of the run that started last; null before the first. */
  current: number | null;
  results: readonly RunSummary[];
  leaks: readonly LeakReport[];
  error: DescentError | null;
  status: RequestStatus;
  /** The epoch the current run had reached when the request was stopped; null unless it was. */
  stoppedAt: number | null;
  /** Where the current run is paused; null while it trains (or before, or after). */
  paused: { run: number; epoch: number } | null;
}

/** The learner stopped the request (or the host did): not a trainer event, but it ends the state. */
export interface StopEvent {
  type: 'stopped';
}

export type RunStateEvent = PanelEvent | StopEvent;

export const INITIAL_RUN_STATE: RunState = {
  summary: null,
  plans: [],
  plannedRuns: 0,
  current: null,
  results: [],
  leaks: [],
  error: null,
  status: 'starting',
  stoppedAt: null,
  paused: null,
};

/** The state after `event`; the same object when the event changes nothing. Events after the end change nothing. */
export function nextRunState(state: RunState, event: RunStateEvent): RunState {
  if (hasEnded(state)) return state;
  switch (event.type) {
    case 'plan':
      return { ...withPlans(state, event.runs), summary: event.summary, plannedRuns: event.runs.length };
    case 'runStart': {
      // The start's plan is the one that trains: 'auto' has chosen its backend by then.
      const started = updatePlan(withPlans(state, [event.plan]), event.plan.index, (plan) => ({ ...plan, plan: event.plan }));
      return { ...started, current: event.plan.index, status: 'live' };
    }
    case 'progress': {
      const lastEpoch = event.firstEpoch + event.losses.length - 1;
      return updatePlan(state, event.run, (plan) => ({
        ...plan,
        epoch: Math.max(plan.epoch, lastEpoch),
        losses: event.losses.length ? [...plan.losses, float32(event.losses)] : plan.losses,
        path: event.path ? withPath(plan.path, event.path) : plan.path,
        loss: event.losses.length ? event.losses[event.losses.length - 1] : plan.loss,
        variables: event.variables,
        memory: event.memory,
      }));
    }
    case 'log':
      return updatePlan(state, event.run, (plan) =>
        event.epoch < plan.epoch ? plan : { ...plan, epoch: event.epoch, loss: event.loss, variables: event.variables },
      );
    case 'runEnd': {
      const { result } = event;
      const ended = updatePlan(state, event.run, (plan) => ({ ...plan, result, epoch: result.epochs, loss: result.finalLoss, variables: result.variables }));
      return { ...ended, results: [...state.results, result] };
    }
    case 'leak': {
      const { type: _leak, ...report } = event;
      return { ...state, leaks: [...state.leaks, report] };
    }
    case 'finished':
      return { ...state, results: event.runs, error: event.error, status: overallStatus(event.runs, event.error), paused: null };
    case 'stopped':
      return { ...state, status: 'stopped', stoppedAt: currentPlan(state)?.epoch ?? 0, paused: null };
    case 'slope': {
      const { type: _slope, run, ...slope } = event;
      return updatePlan(state, run, (plan) => ({ ...plan, slope, start: slope.epoch === 0 ? slope : plan.start }));
    }
    case 'paused':
      return { ...state, paused: { run: event.run, epoch: event.epoch } };
    case 'resumed':
      return state.paused ? { ...state, paused: null } : state;
    case 'print':
      return state;
  }
}

function float32(values: readonly (number | null)[]): Float32Array {
  return Float32Array.from(values, (n) => n ?? NaN);
}

function withPath(path: PlanState['path'], batch: Record<string, (number | null)[]>): PlanState['path'] {
  const next: Record<string, readonly Float32Array[]> = { ...path };
  for (const [name, values] of Object.entries(batch)) if (values.length) next[name] = [...(path[name] ?? []), float32(values)];
  return next;
}

/** A batched series (losses or a path variable) as one array, epoch 1 first. */
export function joinBatches(batches: readonly Float32Array[]): Float32Array {
  if (batches.length === 1) return batches[0];
  const joined = new Float32Array(batches.reduce((sum, b) => sum + b.length, 0));
  let offset = 0;
  for (const batch of batches) {
    joined.set(batch, offset);
    offset += batch.length;
  }
  return joined;
}

/** Folds a whole stream of events: what a reporter that joins late, or a test, starts from. */
export function runStateOf(events: Iterable<RunStateEvent>): RunState {
  let state = INITIAL_RUN_STATE;
  for (const event of events) state = nextRunState(state, event);
  return state;
}

/** Whether the request is over: finished, failed or stopped. */
export function hasEnded(state: RunState): boolean {
  return state.status !== 'starting' && state.status !== 'live';
}

export function planState(state: RunState, index: number | null): PlanState | undefined {
  return index === null ? undefined : state.plans.find((known) => known.plan.index === index);
}

export function currentPlan(state: RunState): PlanState | undefined {
  return planState(state, state.current);
}

/** The plan's label, for the texts that name a run; null when the plan is not known. */
export function planLabel(state: RunState, index: number | null): string | null {
  return planState(state, index)?.plan.label ?? null;
}

/** Planned epochs of every run; 0 when the scratch's own loop decides (the lesson form). */
export function plannedEpochs(state: RunState): number {
  return state.plans.reduce((sum, { plan }) => sum + plan.epochs, 0);
}

/** Epochs done: all planned ones of the runs that ended (early or not), then the current run's. */
export function epochsDone(state: RunState): number {
  return state.plans.reduce((sum, { plan, epoch, result }) => sum + (result ? plan.epochs : plan.index === state.current ? epoch : 0), 0);
}

/** The worst status of the runs wins; a request whose runs all converged converged. */
export function overallStatus(results: readonly RunSummary[], error: DescentError | null): RunStatus {
  if (error) return 'error';
  const statuses = results.map((r) => r.status);
  for (const worst of ['error', 'diverged', 'stopped'] as const) if (statuses.includes(worst)) return worst;
  return statuses.length > 0 && statuses.every((s) => s === 'converged') ? 'converged' : 'completed';
}

/** Whether a status counts as a failure: what the ✗ and ✓ marks tell apart. */
export function isFailure(status: RunStatus): boolean {
  return status === 'error' || status === 'diverged';
}

function withPlans(state: RunState, plans: readonly RunPlan[]): RunState {
  const known = new Set(state.plans.map(({ plan }) => plan.index));
  const added = plans.filter((plan) => !known.has(plan.index)).map(freshPlan);
  return added.length ? { ...state, plans: [...state.plans, ...added] } : state;
}

function freshPlan(plan: RunPlan): PlanState {
  return { plan, epoch: 0, losses: [], loss: undefined, variables: {}, path: {}, slope: null, start: null, memory: null, result: null };
}

function updatePlan(state: RunState, index: number, update: (plan: PlanState) => PlanState): RunState {
  const position = state.plans.findIndex(({ plan }) => plan.index === index);
  if (position < 0) return state;
  const updated = update(state.plans[position]);
  if (updated === state.plans[position]) return state;
  const plans = [...state.plans];
  plans[position] = updated;
  return { ...state, plans };
}
