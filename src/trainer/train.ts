// The trainer core: runs the plans of a scratch config on whatever tfjs backend is active, holding
// where the learner pauses, and reports through events. Shared by the webview's worker and the
// CLI, so both give the same numbers. No DOM, no VS Code.
import * as tf from '@tensorflow/tfjs';
import { finiteOrNull, type MemoryInfo, type RunPlan, type RunResult } from '../shared/protocol';
import { batchRecorder, MAX_BATCH, type BatchRead } from './batchRead';
import { explainLossError, LossError } from './lossError';
import { forgetDisposedTensors, memorySnapshot } from './memory';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { keepOwn } from './ownTensors';
import type { Problem } from './problem';
import { makeTensors } from './problemTensors';
import { PathSlope } from './pathSlope';
import { pathComponents, pathSeries, pathVariables } from './pathSeries';
import { RunRecorder, shownVariables, variableValues, type RunEnd, type TrainerHooks } from './runRecorder';


/** With stopWhen, a batch keeps the variables after each of its epochs: at most this many bytes of them. */
const SNAPSHOT_BYTES = 16 * 1024 * 1024;

/**
 * Trains one plan from the problem's initial values and counts the tensors it left behind.
 * Throws LossError when the loss cannot be trained.
 */
export async function train(problem: Problem, plan: RunPlan, hooks: TrainerHooks): Promise<RunResult> {
  const recorder = new RunRecorder(plan, hooks);
  const before = tf.memory();
  const ending = await trainFromStart(problem, recorder, hooks);
  const after = tf.memory();
  const tensorsLeaked = Math.max(0, after.numTensors - before.numTensors);
  recorder.leftBehind(tensorsLeaked, after.numBytes - before.numBytes);
  return recorder.end({ ...ending, tensorsLeaked });
}

/** A batch of epochs queued on the backend, its costs and shown variables on their way back. */
interface PendingBatch {
  epochs: number;
  read: Promise<BatchRead>;
  /** With stopWhen: the variables after each of its epochs, to go back to the one that converged. */
  snapshots: tf.Tensor[][];
  /** What the learner's code held when the batch ended. */
  memory: MemoryInfo;
  /** It ended at an epoch whose loss was not finite: no batch may follow it. */
  diverged: boolean;
}

async function trainFromStart(problem: Problem, recorder: RunRecorder, { now, gate }: TrainerHooks): Promise<Omit<RunEnd, 'tensorsLeaked'>> {
  const { plan } = recorder;
  const tensors = makeTensors(problem);
  const { variables, inputs, varList } = tensors;
  const optimizer = createOptimizer(plan.optimizer);
  const loss = () => checkedLoss(problem, inputs);

  // 'tidy' and 'dispose' free each epoch's cost (two ways, same result); 'none' forgets it, as a leaking loop would.
  const named = Object.entries(variables);
  const names = named.map(([name]) => name);
  const step = () => (plan.memory === 'tidy' ? tf.tidy(() => minimize(optimizer, loss, varList, names)) : minimize(optimizer, loss, varList, names));
  const shown = shownVariables(named);
  const path = pathVariables(shown);
  const slope = new PathSlope(loss, pathComponents(path));
  const optimizerStep = { optimizer, variables: varList, take: () => void optimizer.minimize(loss, false, varList) };
  const snapshotBytes = 4 * varList.reduce((sum, v) => sum + v.size, 0);
  const maxEpochs = plan.stopWhenLoss === null ? MAX_BATCH : Math.max(1, Math.min(MAX_BATCH, Math.floor(SNAPSHOT_BYTES / snapshotBytes)));

  /**
   * Queues epochs for about the batch recorder's batchMs, at most MAX_BATCH (and, with stopWhen, as
   * many as SNAPSHOT_BYTES of snapshots hold), recording their costs, the path and the shown
   * variables, at the batch's end and at each logEvery epoch in it (for its log line). The first
   * batch is the first epoch alone (where the run starts is shown as soon as it can be read), and
   * so is a step.
   */
  const queueBatch = (firstEpoch: number, oneEpoch: boolean): PendingBatch => {
    const batchStart = now();
    const batch = batchRecorder(tf.getBackend(), shown, path, plan.memory !== 'none');
    const snapshots: tf.Tensor[][] = [];
    let reached = firstEpoch - 1;
    do {
      batch.cost(step());
      reached++;
      if (plan.stopWhenLoss !== null) snapshots.push(varList.map((v) => keepOwn(v.clone())));
      if (reached % plan.logEvery === 0 && shown.length) batch.log(reached);
    } while (!oneEpoch && reached < plan.epochs && batch.epochs < maxEpochs && !batch.diverged && now() - batchStart < batch.batchMs);
    const read = batch.end();
    forgetDisposedTensors();
    return { epochs: batch.epochs, read, snapshots, memory: memorySnapshot(), diverged: batch.diverged };
  };

  const inFlight: PendingBatch[] = [];
  const yielder = new TaskYield();
  try {
    recorder.startsAt(slope.here(optimizerStep));
    let queued = 0;
    const moreToQueue = () => queued < plan.epochs && !inFlight.some((batch) => batch.diverged);
    const queue = (oneEpoch: boolean) => {
      const batch = queueBatch(queued + 1, oneEpoch);
      inFlight.push(batch);
      queued += batch.epochs;
    };
    const reportOldest = async () => {
      const batch = inFlight.shift()!;
      const read = await batch.read;
      const taken = recorder.take(read.losses);
      let live = read.live;
      if (recorder.status === 'converged') {
        varList.forEach((v, k) => v.assign(batch.snapshots[taken - 1][k]));
        live = variableValues(shown);
      }
      batch.snapshots.forEach((s) => tf.dispose(s));
      recorder.report({ path: pathSeries(path, read.path, read.losses.length), live, logged: read.logged, memory: batch.memory });
      await yielder.next();
    };
    // One batch is read back while the next one runs, so neither the backend nor the trainer
    // waits for the other (on WebGL a read that waits stalls the GPU's queue). The first batch, the
    // first epoch, is reported before the next is queued: the learner is waiting for it.
    while (!recorder.ended && (moreToQueue() || inFlight.length)) {
      // A pause holds once what is in flight is reported, and no earlier than after epoch 1: the
      // start's slope goes out with it.
      const holding = gate !== undefined && gate.paused && queued > 0 && moreToQueue();
      if (holding && !inFlight.length) {
        recorder.pause(slope.here(optimizerStep));
        if ((await gate.next()) === 'resume') recorder.resume();
        else queue(true);
        continue;
      }
      if (!holding && moreToQueue()) {
        queue(queued === 0);
        if (inFlight.length < 2 && moreToQueue() && queued > 1) {
          await yielder.next();
          continue;
        }
      }
      await reportOldest();
    }
    const finalCost = tf.tidy(loss);
    const [finalLoss] = await finalCost.data();
    finalCost.dispose();
    return { finalLoss: finiteOrNull(finalLoss), variables: variableValues(named) };
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

/** `names`: the variables as the learner names them, for an error about them. */
function minimize(optimizer: tf.Optimizer, loss: () => tf.Scalar, varList: tf.Variable[], names: string[]): tf.Scalar {
  try {
    const cost = optimizer.minimize(loss, true, varList);
    if (!cost) throw new Error('minimize returned no cost');
    return cost;
  } catch (error) {
    throw explainLossError(error, names);
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
