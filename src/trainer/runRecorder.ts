// What a run records, whichever driver trains it (the config loop of train.ts, or the lesson
// form's minimize hook of lessonForm.ts): its losses, where it ends and why, its progress (with its
// path), log and leak events batch by batch, which way is down at its start and where it pauses,
// and its result. The drivers feed it each batch's costs, path and shown variables, and how the run
// ended.
import { convergedReason, divergedReason } from '../shared/wording';
import {
  finiteOrNull,
  type MemoryInfo,
  type RunPlan,
  type RunResult,
  type RunStatus,
  type TrainerEvent,
  type Value,
} from '../shared/protocol';
import { currentBackend } from './backends';
import { BATCH_MS, readShown, type ShownVariable } from './batchRead';
import type { SlopeAt } from './lossProbe';
import { LeakWatch, memorySnapshot } from './memory';
import { predictedNext } from './pathSlope';
import type { RunGate } from './runGate';

export interface TrainerHooks {
  emit(event: TrainerEvent): void;
  now(): number;
  /** The learner's Pause, Step and Resume, where the runtime offers them. */
  gate?: RunGate;
}

/** Variables with more elements than this are not read back while training, only at the end. */
const LIVE_VALUE_LIMIT = 64;

/** The variables a run shows while it trains: the small ones. */
export function shownVariables(variables: ShownVariable[]): ShownVariable[] {
  return variables.filter(([, v]) => v.size <= LIVE_VALUE_LIMIT);
}

/** The variables' values now, by name; a variable the learner disposed is left out. */
export function variableValues(variables: ShownVariable[]): Record<string, Value> {
  return readShown(variables.filter(([, v]) => !v.isDisposed));
}

export interface BatchShown {
  /** Each path series (pathSeries.ts) after each epoch of the batch (at least those it takes), by name. */
  path: Record<string, ArrayLike<number>>;
  /** The shown variables when the batch ended. */
  live: Record<string, Value>;
  /** The shown variables at logEvery epochs before the batch's end. */
  logged?: Map<number, Record<string, Value>>;
  /** What the learner's code held when the batch ended (memorySnapshot), if not now. */
  memory?: MemoryInfo;
}

/** What the driver knows at the run's end. */
export interface RunEnd {
  finalLoss: number | null;
  /** Why there is no final loss, when the loss could not be computed at the final values. */
  finalLossUnavailable?: string;
  variables: Record<string, Value>;
  tensorsLeaked: number;
}

export class RunRecorder {
  private readonly losses: (number | null)[] = [];
  /** Epochs already sent in progress events. */
  private reported = 0;
  private readonly started: number;
  private lastReport: number;
  private readonly leaks: LeakWatch;
  private ending: { status: RunStatus; reason: string } | null = null;
  /** Which way is down before the first epoch, until the progress of epoch 1 goes with it. */
  private startSlope: SlopeAt | null = null;

  constructor(
    readonly plan: RunPlan,
    private readonly hooks: TrainerHooks,
  ) {
    this.started = this.lastReport = hooks.now();
    this.leaks = new LeakWatch(plan.index);
    hooks.emit({ type: 'runStart', plan });
  }

  get epochs(): number {
    return this.losses.length;
  }

  /** A loss ended the run (it diverged or converged): it records no further epoch. */
  get ended(): boolean {
    return this.ending !== null;
  }

  get status(): RunStatus {
    return this.ending?.status ?? 'completed';
  }

  /** The last loss recorded. */
  get lastLoss(): number | null {
    return this.losses[this.losses.length - 1] ?? null;
  }

  /**
   * Takes a batch's losses, the epochs after those already taken, up to the one that ends the
   * run: not finite (diverged), or at most the plan's stopWhen (converged). Returns how many it took.
   */
  take(losses: ArrayLike<number>): number {
    let taken = 0;
    while (taken < losses.length && !this.ending) {
      const loss = losses[taken++];
      this.losses.push(finiteOrNull(loss));
      this.ending = endingAt(loss, this.losses.length, this.plan.stopWhenLoss);
    }
    return taken;
  }

  /** The lesson form's cadence: a batch ends at a logEvery epoch, or after about BATCH_MS. */
  reportDue(pending: number): boolean {
    return (this.losses.length + pending) % this.plan.logEvery === 0 || this.hooks.now() - this.lastReport >= BATCH_MS;
  }

  /** Which way is down at the start, sent after epoch 1's progress with where epoch 1 took the path. */
  startsAt(slope: SlopeAt | null): void {
    this.startSlope = slope;
  }

  /**
   * Sends the progress of the epochs taken since the last report (with the start's slope after
   * epoch 1's), the log lines that fall in them, and a leak report when the tensor count keeps growing.
   */
  report({ path, live, logged, memory = memorySnapshot() }: BatchShown): void {
    const { index: run, logEvery, epochs: planned } = this.plan;
    const firstEpoch = this.reported + 1;
    const epoch = this.losses.length;
    const taken = epoch - this.reported;
    const trail = Object.entries(path).map(([name, values]) => [name, Array.from({ length: taken }, (_, k) => finiteOrNull(values[k]))] as const);
    const progress = { type: 'progress', run, firstEpoch, losses: this.losses.slice(firstEpoch - 1), variables: live, memory } as const;
    this.hooks.emit(trail.length ? { ...progress, path: Object.fromEntries(trail) } : progress);
    if (this.startSlope && firstEpoch === 1 && epoch > 0) {
      const next = this.startSlope.variables.map((name) => finiteOrNull(path[name][0]));
      this.hooks.emit({ type: 'slope', run, epoch: 0, ...this.startSlope, next });
      this.startSlope = null;
    }
    for (let e = firstEpoch; e <= epoch; e++) {
      if (e % logEvery === 0 || e === planned || (e === epoch && this.ended)) {
        const variables = e === epoch ? live : (logged?.get(e) ?? live);
        this.hooks.emit({ type: 'log', run, epoch: e, loss: this.losses[e - 1], variables });
      }
    }
    this.reported = epoch;
    const leak = this.leaks.observe(epoch, memory);
    if (leak) this.hooks.emit({ type: 'leak', ...leak });
    this.lastReport = this.hooks.now();
  }

  /** The run holds after the epochs reported: says so, and which way is down from there. */
  pause(slope: SlopeAt | null): void {
    const { index: run, optimizer } = this.plan;
    const epoch = this.losses.length;
    this.hooks.emit({ type: 'paused', run, epoch });
    if (slope) this.hooks.emit({ type: 'slope', run, epoch, ...slope, next: predictedNext(slope, optimizer) });
  }

  resume(): void {
    this.hooks.emit({ type: 'resumed', run: this.plan.index });
  }

  /** For a run that frees all it made: reports a per-epoch leak too short-lived for the batches to show. */
  leftBehind(tensors: number, bytes: number): void {
    const leak = this.leaks.afterRun(this.losses.length, tensors, bytes);
    if (leak) this.hooks.emit({ type: 'leak', ...leak });
  }

  /** Sends and returns the run's result. */
  end({ finalLoss, finalLossUnavailable, variables, tensorsLeaked }: RunEnd): RunResult {
    const { label, optimizer } = this.plan;
    const result: RunResult = {
      label,
      optimizer: { name: optimizer.name, learningRate: optimizer.learningRate, ...optimizer.options },
      status: this.status,
      epochs: this.losses.length,
      loss: this.losses,
      finalLoss,
      ...(finalLossUnavailable === undefined ? {} : { finalLossUnavailable }),
      variables,
      backend: currentBackend(),
      tensorsLeaked,
      ms: this.hooks.now() - this.started,
      reason: this.ending?.reason ?? null,
    };
    this.hooks.emit({ type: 'runEnd', run: this.plan.index, result });
    return result;
  }
}

function endingAt(loss: number, epoch: number, stopWhenLoss: number | null): { status: RunStatus; reason: string } | null {
  if (!Number.isFinite(loss)) return { status: 'diverged', reason: divergedReason(loss, epoch) };
  if (stopWhenLoss !== null && loss <= stopWhenLoss) {
    return { status: 'converged', reason: convergedReason(loss, stopWhenLoss, epoch) };
  }
  return null;
}
