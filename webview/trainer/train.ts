// The trainer core: runs the plans of a scratch config on whatever tfjs backend is active and
// reports through events. Shared by the webview's worker and the CLI, so both give the same
// numbers. No DOM, no VS Code.
import * as tf from '@tensorflow/tfjs';
import { formatNumber } from '../../src/report';
import { finiteOrNull, type RunPlan, type RunResult, type RunStatus, type TrainerEvent, type Value } from '../../src/protocol';
import type { Problem } from './config';
import { LeakWatch, memorySnapshot } from './memory';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { makeTensors } from './problemTensors';

export interface TrainerHooks {
  emit(event: TrainerEvent): void;
  now(): number;
}

/** Progress is read back from the backend in batches: one read per this many milliseconds. */
export const BATCH_MS = 30;
/**
 * A batch's costs are read back padded to this many: every read has one shape. tfjs compiles GPU
 * programs per shape, and each run's fresh worker would otherwise compile a dozen more in its
 * first second.
 */
const MAX_BATCH = 256;
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
  // Batches grow and shrink to last about BATCH_MS, and end at each logEvery epoch, whose log line
  // then shows the variables read with the batch.
  let batchSize = 1;
  try {
    let epoch = 0;
    while (epoch < plan.epochs && status === 'completed') {
      const batchStart = hooks.now();
      const costs: tf.Scalar[] = [];
      // With stopWhen the run may end inside a batch, so keep the variables after every epoch.
      const snapshots: tf.Tensor[][] = [];
      let reached = epoch;
      do {
        costs.push(step());
        reached++;
        if (plan.stopWhenLoss !== null) snapshots.push(varList.map((v) => v.clone()));
      } while (reached < plan.epochs && costs.length < batchSize && reached % plan.logEvery !== 0);
      const took = hooks.now() - batchStart;
      if (took < BATCH_MS && batchSize < MAX_BATCH) batchSize *= 2;
      else if (took > 2 * BATCH_MS && batchSize > 1) batchSize /= 2;

      const read = readBatch(costs, shown.map(([, v]) => v));
      if (plan.memory !== 'none') tf.dispose(costs);
      const values = Array.from(read.losses);
      let live = Object.fromEntries(shown.map(([name, v], k) => [name, unflatten(read.values[k], v.shape)]));

      let used = values.length;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (!Number.isFinite(value)) {
          [status, used] = ['diverged', i + 1];
          reason = `the loss became ${value} at epoch ${epoch + i + 1}: the learning rate is probably too large`;
          break;
        }
        if (plan.stopWhenLoss !== null && value <= plan.stopWhenLoss) {
          [status, used] = ['converged', i + 1];
          reason = `the loss reached ${formatNumber(value)} ≤ ${formatNumber(plan.stopWhenLoss)} at epoch ${epoch + i + 1}`;
          varList.forEach((v, k) => v.assign(snapshots[i][k]));
          live = await readVariables(variables, LIVE_VALUE_LIMIT);
          break;
        }
      }
      snapshots.forEach((s) => tf.dispose(s));
      const firstEpoch = epoch + 1;
      losses.push(...values.slice(0, used).map(finiteOrNull));
      epoch += used;
      reportBatch(hooks, plan, losses, firstEpoch, live, leaks, status !== 'completed');
      await nextTask();
    }
    const finalCost = tf.tidy(loss);
    const [finalLoss] = readTogether([finalCost]);
    finalCost.dispose();
    const finalValues = await readVariables(variables, Infinity);
    return {
      label: plan.label,
      optimizer: { name: plan.optimizer.name, learningRate: plan.optimizer.learningRate, ...plan.optimizer.options },
      status,
      epochs: losses.length,
      loss: losses,
      finalLoss: finiteOrNull(finalLoss[0]),
      variables: finalValues,
      backend: tf.getBackend() as RunResult['backend'],
      tensorsLeaked: 0,
      ms: hooks.now() - started,
      reason,
    };
  } finally {
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

/**
 * Sends a batch's progress (epochs firstEpoch… of losses), the log lines that fall in it, and a
 * leak report when the tensor count keeps growing. `ended`: the run stops after this batch.
 */
export function reportBatch(
  hooks: TrainerHooks,
  plan: RunPlan,
  losses: (number | null)[],
  firstEpoch: number,
  live: Record<string, Value>,
  leaks: LeakWatch,
  ended: boolean,
): void {
  const epoch = losses.length;
  const memory = memorySnapshot();
  hooks.emit({ type: 'progress', run: plan.index, firstEpoch, losses: losses.slice(firstEpoch - 1), variables: live, memory });
  for (let e = firstEpoch; e <= epoch; e++) {
    if (e % plan.logEvery === 0 || e === plan.epochs || (e === epoch && ended)) {
      hooks.emit({ type: 'log', run: plan.index, epoch: e, loss: losses[e - 1], variables: live });
    }
  }
  const leak = leaks.observe(epoch, memory);
  if (leak) hooks.emit({ type: 'leak', ...leak });
}

/** Reads a batch's costs, padded to MAX_BATCH, and the values in one round trip. */
function readBatch(costs: tf.Scalar[], values: tf.Tensor[]): { losses: Float32Array; values: Float32Array[] } {
  const padded = tf.tidy(() => {
    const zero = tf.zeros([1]);
    return tf.concat([...costs.map((c) => c.reshape([1])), ...new Array<tf.Tensor>(MAX_BATCH - costs.length).fill(zero)]);
  });
  const [block, ...read] = readTogether([padded, ...values]);
  padded.dispose();
  return { losses: block.subarray(0, costs.length), values: read };
}

/**
 * Reads tensors back in one round trip (flattened, joined, read once, split): one stall, not one
 * per tensor. It blocks: the trainer owns its thread (a worker), and an asynchronous read would
 * poll the GPU fence through clamped timers, several milliseconds per batch.
 */
function readTogether(tensors: tf.Tensor[]): Float32Array[] {
  if (tensors.length === 0) return [];
  const joined = tf.tidy(() => tf.concat(tensors.map((t) => t.reshape([-1]))));
  const flat = joined.dataSync() as Float32Array;
  joined.dispose();
  let offset = 0;
  return tensors.map((t) => flat.subarray(offset, (offset += t.size)));
}

/**
 * Lets the thread's other work run between batches (the scratch's own timers and promises),
 * without the 4 ms clamp that nested timers get.
 */
function nextTask(): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  // Browsers and Node both take an onmessage handler; Node's types only describe its events.
  const receiver = port1 as unknown as { onmessage: (() => void) | null; close(): void };
  return new Promise((resolve) => {
    receiver.onmessage = () => {
      receiver.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

function unflatten(flat: Float32Array, shape: number[]): Value {
  if (shape.length === 0) return finiteOrNull(flat[0]);
  const [size, ...inner] = shape;
  const step = flat.length / size;
  return Array.from({ length: size }, (_, i) => unflatten(flat.subarray(i * step, (i + 1) * step), inner));
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
