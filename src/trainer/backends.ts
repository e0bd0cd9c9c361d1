// Starting a tfjs backend, bounded in time. A backend that does not start (its files cannot be
// loaded, its initialisation fails or never finishes) is left out with the reason, which the
// run's header shows; each runtime says how a backend is prepared (where wasm finds its binary).
import * as tf from '@tensorflow/tfjs';
import { BACKEND_START_MS, TRAINING_BACKENDS, type TrainingBackend } from '../shared/protocol';
import { within } from '../shared/within';

type Preparation = () => Promise<void>;

const preparations = new Map<TrainingBackend, Preparation>();
/** Why each backend that failed here did not start: it is not tried again in this runtime. */
const failures = new Map<TrainingBackend, string>();

/** Runs `prepare` before the backend's first start, e.g. handing the wasm backend its binary. */
export function prepareBackendWith(backend: TrainingBackend, prepare: Preparation): void {
  preparations.set(backend, prepare);
}

/** Thrown by a preparation: its message is the reason the run reports, e.g. "its file could not be loaded (…)". */
export class BackendUnavailable extends Error {}

/**
 * Switches tfjs to `backend`. Returns null when tfjs runs on it, else why not (for
 * describeBackendProblem). On failure tfjs stays on the backend it was on.
 */
export async function startBackend(backend: TrainingBackend, boundMs = BACKEND_START_MS): Promise<string | null> {
  if (tf.getBackend() === backend) return null;
  const known = failures.get(backend);
  if (known) return known;
  const previous = tf.getBackend() as TrainingBackend | undefined;
  const problem = await within(attempt(backend), boundMs, () => `no answer within ${boundMs / 1000} s`);
  if (problem === null) return null;
  failures.set(backend, problem);
  // A start that never finishes leaves tfjs waiting on it (every later tf.ready() would too);
  // removing the backend is tfjs's own way to abandon it.
  removeQuietly(backend);
  if (previous && previous !== backend) await tf.setBackend(previous).catch(() => false);
  return problem;
}

/** What startBackend says of a backend that tfjs cannot initialise in this runtime (WebGL in Node). */
const NOT_AVAILABLE = 'not available here';

/** One backend's problem as the run's header and the output channel word it. */
export function describeBackendProblem(backend: TrainingBackend, problem: string): string {
  return problem === NOT_AVAILABLE ? `${backend} is ${NOT_AVAILABLE}` : `${backend} did not start: ${problem}`;
}

/** Every training backend, the named one first: the order a runtime falls back in. */
export function fallbackOrder(first: TrainingBackend): TrainingBackend[] {
  return [first, ...TRAINING_BACKENDS.filter((b) => b !== first)];
}

async function attempt(backend: TrainingBackend): Promise<string | null> {
  if (!tf.engine().registryFactory[backend]) return NOT_AVAILABLE;
  try {
    await preparations.get(backend)?.();
    return (await tf.setBackend(backend)) ? null : NOT_AVAILABLE;
  } catch (thrown) {
    if (thrown instanceof BackendUnavailable) return thrown.message;
    return thrown instanceof Error ? thrown.message : String(thrown);
  }
}

function removeQuietly(backend: TrainingBackend): void {
  try {
    tf.removeBackend(backend);
  } catch {
    // Not registered: nothing is waiting on it.
  }
}
