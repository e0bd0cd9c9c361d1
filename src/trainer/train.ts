// The trainer core: runs the plans of a scratch config on whatever tfjs backend is active and
// reports through events. Shared by the webview's worker and the CLI, so both give the same
// numbers. No DOM, no VS Code.
import * as tf from '@tensorflow/tfjs';
import { formatNumber } from '../shared/wording';
import { finiteOrNull, type MemoryInfo, type RunPlan, type RunResult, type RunStatus, type TrainerEvent, type Value } from '../shared/protocol';
import { batchRecorder, MAX_BATCH, type BatchRead } from './batchRead';
import type { Problem } from './problem';
import { forgetDisposedTensors, LeakWatch, memorySnapshot } from './memory';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { makeTensors } from './problemTensors';

export interface TrainerHooks {
  emit(event: TrainerEvent): void;
  now(): number;
}

/** With stopWhen, a batch keeps the variables after each of its epochs: at most this many bytes of them. */
const SNAPSHOT_BYTES = 16 * 1024 * 1024;
/** Variables with more elements than this are not read back while training, only at the end. */
export const LIVE_VALUE_LIMIT = 64;

export class LossError extends Error {
  constructor(
    message: string,
    readonly cause: unknown,
  ) {
    super(message);
    this.name = 'LossError';
  }
}

/**
 * Trains one plan from the problem's initial values and counts the tensors it left behind.
 * Throws LossError when the loss cannot be trained.
 */
export async function train(problem: Problem, plan: RunPlan, hooks: TrainerHooks): Promise<RunResult> {
  const before = tf.memory();
  const leaks = new LeakWatch(plan.index);
  const result = await trainFromStart(problem, plan, hooks, leaks);
  const after = tf.memory();
  const tensorsLeaked = Math.max(0, after.numTensors - before.numTensors);
  const leak = leaks.afterRun(result.epochs, tensorsLeaked, after.numBytes - before.numBytes);
  if (leak) hooks.emit({ type: 'leak', ...leak });
  return { ...result, tensorsLeaked };
}

/** A batch of epochs queued on the backend, its costs and shown variables on their way back. */
interface PendingBatch {
  /** The epoch (counted from 1) it starts with. */
  firstEpoch: number;
  epochs: number;
  read: Promise<BatchRead>;
  /** With stopWhen: the variables after each of its epochs, to go back to the one that converged. */
  snapshots: tf.Tensor[][];
  /** What tfjs held when the batch ended. */
  memory: MemoryInfo;
  /** It ended at an epoch whose loss was not finite: no batch may follow it. */
  diverged: boolean;
}

async function trainFromStart(problem: Problem, plan: RunPlan, hooks: TrainerHooks, leaks: LeakWatch): Promise<RunResult> {
  const started = hooks.now();
  const tensors = makeTensors(problem);
  const { variables, inputs, varList } = tensors;
  const optimizer = createOptimizer(plan.optimizer);
  const loss = () => checkedLoss(problem, inputs);

  const losses: (number | null)[] = [];
  // 'tidy' and 'dispose' free each epoch's cost (two ways, same result); 'none' forgets it, as a leaking loop would.
  const step = () => (plan.memory === 'tidy' ? tf.tidy(() => minimize(optimizer, loss, varList)) : minimize(optimizer, loss, varList));
  let status: RunStatus = 'completed';
  let reason: string | null = null;
  const shown = Object.entries(variables).filter(([, v]) => v.size <= LIVE_VALUE_LIMIT);
  const snapshotBytes = 4 * varList.reduce((sum, v) => sum + v.size, 0);
  const maxEpochs = plan.stopWhenLoss === null ? MAX_BATCH : Math.max(1, Math.min(MAX_BATCH, Math.floor(SNAPSHOT_BYTES / snapshotBytes)));

  /**
   * Queues epochs for about the recorder's batchMs, at most MAX_BATCH (and, with stopWhen, as many
   * as SNAPSHOT_BYTES of snapshots hold), recording their costs and the shown variables, at the
   * batch's end and at each logEvery epoch in it (for its log line). The first batch is the first
   * epoch alone: where the run starts is shown as soon as it can be read.
   */
  const queueBatch = (firstEpoch: number): PendingBatch => {
    const batchStart = hooks.now();
    const recorder = batchRecorder(tf.getBackend(), shown, plan.memory !== 'none');
    const snapshots: tf.Tensor[][] = [];
    let reached = firstEpoch - 1;
    do {
      recorder.cost(step());
      reached++;
      if (plan.stopWhenLoss !== null) snapshots.push(varList.map((v) => v.clone()));
      if (reached % plan.logEvery === 0 && shown.length) recorder.log(reached);
    } while (firstEpoch > 1 && reached < plan.epochs && recorder.epochs < maxEpochs && !recorder.diverged && hooks.now() - batchStart < recorder.batchMs);
    const read = recorder.end();
    forgetDisposedTensors();
    return { firstEpoch, epochs: recorder.epochs, read, snapshots, memory: memorySnapshot(), diverged: recorder.diverged };
  };

  const inFlight: PendingBatch[] = [];
  const yielder = new TaskYield();
  try {
    let queued = 0;
    const moreToQueue = () => queued < plan.epochs && !inFlight.some((batch) => batch.diverged);
    // One batch is read back while the next one runs, so neither the backend nor the trainer
    // waits for the other (on WebGL a read that waits stalls the GPU's queue). The first batch, the
    // first epoch, is reported before the next is queued: the learner is waiting for it.
    while (status === 'completed' && (moreToQueue() || inFlight.length)) {
      if (moreToQueue()) {
        const batch = queueBatch(queued + 1);
        inFlight.push(batch);
        queued += batch.epochs;
      }
      if (inFlight.length < 2 && moreToQueue() && queued > 1) {
        await yielder.next();
        continue;
      }
      const batch = inFlight.shift()!;
      const read = await batch.read;
      const values = Array.from(read.losses);
      let live = read.live;

      let used = values.length;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        const epoch = batch.firstEpoch + i;
        if (!Number.isFinite(value)) {
          [status, used] = ['diverged', i + 1];
          reason = `the loss became ${value} at epoch ${epoch}: the learning rate is probably too large`;
          break;
        }
        if (plan.stopWhenLoss !== null && value <= plan.stopWhenLoss) {
          [status, used] = ['converged', i + 1];
          reason = `the loss reached ${formatNumber(value)} ≤ ${formatNumber(plan.stopWhenLoss)} at epoch ${epoch}`;
          varList.forEach((v, k) => v.assign(batch.snapshots[i][k]));
          live = await readVariables(variables, LIVE_VALUE_LIMIT);
          break;
        }
      }
      batch.snapshots.forEach((s) => tf.dispose(s));
      losses.push(...values.slice(0, used).map(finiteOrNull));
      reportBatch(hooks, plan, losses, leaks, { firstEpoch: batch.firstEpoch, live, logged: read.logged, ended: status !== 'completed', memory: batch.memory });
      await yielder.next();
    }
    const finalCost = tf.tidy(loss);
    const [finalLoss] = await finalCost.data();
    finalCost.dispose();
    const finalValues = await readVariables(variables, Infinity);
    return {
      label: plan.label,
      optimizer: { name: plan.optimizer.name, learningRate: plan.optimizer.learningRate, ...plan.optimizer.options },
      status,
      epochs: losses.length,
      loss: losses,
      finalLoss: finiteOrNull(finalLoss),
      variables: finalValues,
      backend: tf.getBackend() as RunResult['backend'],
      tensorsLeaked: 0,
      ms: hooks.now() - started,
      reason,
    };
  } finally {
    // A run that ended early leaves its last batch in flight: wait for it, to free what it holds.
    for (const batch of inFlight) {
      await batch.read.catch(() => undefined);
      batch.snapshots.forEach((s) => tf.dispose(s));
    }
    yielder.close();
    disposeOptimizer(optimizer);
    tensors.dispose();
  }
}

function minimize(optimizer: tf.Optimizer, loss: () => tf.Scalar, varList: tf.Variable[]): tf.Scalar {
  try {
    const cost = optimizer.minimize(loss, true, varList);
    if (!cost) throw new Error('minimize returned no cost');
    return cost;
  } catch (error) {
    throw explainLossError(error);
  }
}

function checkedLoss(problem: Problem, inputs: Record<string, tf.Tensor>): tf.Scalar {
  const result = problem.loss(inputs);
  if (!(result instanceof tf.Tensor)) {
    throw new LossError(
      `The loss should return a scalar tensor (e.g. ys.mul(x).square().mean()), but it returned ${typeof result === 'number' ? 'a plain number' : String(result)}. Build it from the tensors it is given.`,
      null,
    );
  }
  return result as tf.Scalar;
}

/** Puts tfjs's errors about the loss into plain words, keeping tfjs's own message after them. */
export function explainLossError(error: unknown): unknown {
  if (error instanceof LossError || !(error instanceof Error)) return error;
  const tfjs = `tfjs says: ${error.message}`;
  if (error.message.includes('Cannot find a connection between any variable')) {
    return new LossError(`The loss does not use any of the variables, so there is nothing to train: make it depend on them. ${tfjs}`, error);
  }
  if (error.message.includes('must return a scalar')) {
    return new LossError(`The loss must return a single number (a scalar tensor), not a tensor with several values: end it with .mean() or .sum(). ${tfjs}`, error);
  }
  if (error.message.includes('expects at least one of the input variables to be trainable')) {
    return new LossError(`None of the variables is trainable, so there is nothing to train. ${tfjs}`, error);
  }
  return error;
}

export interface BatchReport {
  firstEpoch: number;
  /** The shown variables when the batch ended. */
  live: Record<string, Value>;
  /** The shown variables at logEvery epochs before the batch's end. */
  logged?: Map<number, Record<string, Value>>;
  /** The run stops after this batch. */
  ended: boolean;
  /** What tfjs held when the batch ended, if not now. */
  memory?: MemoryInfo;
}

/**
 * Sends a batch's progress (epochs firstEpoch… of losses), the log lines that fall in it, and a
 * leak report when the tensor count keeps growing.
 */
export function reportBatch(hooks: TrainerHooks, plan: RunPlan, losses: (number | null)[], leaks: LeakWatch, batch: BatchReport): void {
  const { firstEpoch, live, logged, ended, memory = memorySnapshot() } = batch;
  const epoch = losses.length;
  hooks.emit({ type: 'progress', run: plan.index, firstEpoch, losses: losses.slice(firstEpoch - 1), variables: live, memory });
  for (let e = firstEpoch; e <= epoch; e++) {
    if (e % plan.logEvery === 0 || e === plan.epochs || (e === epoch && ended)) {
      const variables = e === epoch ? live : (logged?.get(e) ?? live);
      hooks.emit({ type: 'log', run: plan.index, epoch: e, loss: losses[e - 1], variables });
    }
  }
  const leak = leaks.observe(epoch, memory);
  if (leak) hooks.emit({ type: 'leak', ...leak });
}

/**
 * Lets the thread's other work run between batches (the scratch's own timers and promises),
 * without the 4 ms clamp that nested timers get. One channel serves a whole run: a new one per
 * batch costs more than the rest of the batch's bookkeeping.
 */
class TaskYield {
  private readonly channel = new MessageChannel();
  private resume: (() => void) | null = null;

  constructor() {
    // Browsers and Node both take an onmessage handler; Node's types only describe its events.
    (this.channel.port1 as unknown as { onmessage: () => void }).onmessage = () => this.resume?.();
  }

  next(): Promise<void> {
    return new Promise((resolve) => {
      this.resume = resolve;
      this.channel.port2.postMessage(null);
    });
  }

  /** A port left open would keep Node's event loop alive. */
  close(): void {
    this.channel.port1.close();
  }
}

async function readVariables(variables: Record<string, tf.Variable>, limit: number): Promise<Record<string, Value>> {
  const entries = await Promise.all(
    Object.entries(variables)
      .filter(([, v]) => v.size <= limit)
      .map(async ([name, v]) => [name, toValue(await v.array())] as const),
  );
  return Object.fromEntries(entries);
}

function toValue(raw: unknown): Value {
  return Array.isArray(raw) ? raw.map(toValue) : finiteOrNull(raw as number);
}
