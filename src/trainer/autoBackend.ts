// backend: 'auto'. Before the real run, a few epochs of the same problem on each backend that
// starts here, each from the same initial values; the fastest per epoch wins, and the reason
// (every backend's time) goes into the run's header.
import * as tf from '@tensorflow/tfjs';
import type { RunPlan, TrainingBackend } from '../shared/protocol';
import type { Problem } from './problem';
import { backendsHere, currentBackend, describeBackendProblem, startBackend, type BackendRuntime } from './backends';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { makeTensors } from './problemTensors';

/** Timed epochs per backend, after one untimed epoch (starting the backend, compiling its programs). */
export const TIMED_EPOCHS = 5;
/** A tiny problem keeps going up to this long, so that a coarse clock still tells the backends apart. */
const MIN_TIMED_MS = 20;
const MAX_TIMED_EPOCHS = 1000;

export interface BackendChoice {
  backend: TrainingBackend;
  /** e.g. "auto: cpu 0.21 ms/epoch, wasm 0.35, webgl 2.9". */
  reason: string;
  timings: { backend: TrainingBackend; msPerEpoch: number }[];
}

/** The backends 'auto' tries in the runtime. */
export function autoCandidates(runtime = backendsHere()): TrainingBackend[] {
  return [...runtime.auto];
}

/**
 * Times the plan's first epochs on each candidate and picks the fastest. Leaves tfjs on the backend
 * it was on and frees everything it made; a backend that does not start (within its bound: a
 * candidate that hangs is not waited for), or fails the loss, is left out with the reason.
 */
export async function chooseBackend(problem: Problem, plan: RunPlan, now: () => number, runtime: BackendRuntime = backendsHere()): Promise<BackendChoice> {
  const previous = currentBackend();
  const timings: BackendChoice['timings'] = [];
  const unavailable: string[] = [];
  const failed: TrainingBackend[] = [];
  try {
    for (const backend of autoCandidates(runtime)) {
      const whyNot = await startBackend(backend);
      if (whyNot !== null) {
        unavailable.push(describeBackendProblem(backend, whyNot));
        continue;
      }
      const msPerEpoch = timeEpochs(problem, plan, now);
      if (msPerEpoch === null) failed.push(backend);
      else timings.push({ backend, msPerEpoch });
    }
  } finally {
    await startBackend(previous);
  }
  timings.sort((a, b) => a.msPerEpoch - b.msPerEpoch);
  const notes = [
    ...(timings.length && failed.length ? [`${failed.join(', ')} failed the loss`] : []),
    ...unavailable,
  ].map((note) => `; ${note}`);
  if (timings.length === 0) {
    // The run itself then reports what is wrong with the loss, as a run on a named backend does.
    return { backend: previous, reason: `auto: no backend could run the loss${notes.join('')}`, timings };
  }
  const times = timings.map((t, i) => `${t.backend} ${Number(t.msPerEpoch.toPrecision(2))}${i === 0 ? ' ms/epoch' : ''}`);
  return { backend: timings[0].backend, reason: `auto: ${times.join(', ')}${notes.join('')}`, timings };
}

/** Milliseconds per epoch on the current backend, or null when the loss fails there. */
function timeEpochs(problem: Problem, plan: RunPlan, now: () => number): number | null {
  const tensors = makeTensors(problem);
  const { inputs, varList } = tensors;
  const optimizer = createOptimizer(plan.optimizer);
  const epoch = () => tf.tidy(() => optimizer.minimize(() => problem.loss(inputs) as tf.Scalar, true, varList) as tf.Scalar);
  // Each epoch's cost is read only after the last: WebGL queues the work, and reading waits for all of it.
  const finish = (cost: tf.Scalar) => {
    cost.dataSync();
    cost.dispose();
  };
  let last: tf.Scalar | null = null;
  try {
    finish(epoch());
    const started = now();
    let epochs = 0;
    while (epochs < TIMED_EPOCHS || (now() - started < MIN_TIMED_MS && epochs < MAX_TIMED_EPOCHS)) {
      last?.dispose();
      last = epoch();
      epochs++;
    }
    finish(last as tf.Scalar);
    return (now() - started) / epochs;
  } catch {
    return null;
  } finally {
    disposeOptimizer(optimizer);
    tensors.dispose();
    last?.dispose();
  }
}
