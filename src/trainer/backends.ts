// Starting a tfjs backend, bounded in time, and falling back. A backend that does not start (its
// files cannot be loaded, its initialisation fails or never finishes) is left out with the reason,
// which the run's header shows. Each runtime says which backends it offers (BackendRuntime) and
// how one is prepared (where wasm finds its binary).
import * as tf from '@tensorflow/tfjs';
import { BACKEND_START_MS, TRAINING_BACKENDS, type Backend, type TrainingBackend } from '../shared/protocol';
import { within } from '../shared/within';

/** The backends a runtime offers. */
export interface BackendRuntime {
  /** What 'auto' times there, in this order. */
  readonly auto: readonly TrainingBackend[];
  /** Where a scratch's top level starts under 'auto' (which chooses once the problem is known); the CLI's default. */
  readonly first: TrainingBackend;
}

/** A page or a Web Worker. */
export const BROWSER_BACKENDS: BackendRuntime = { auto: ['webgl', 'wasm', 'cpu'], first: 'webgl' };
/** Node (the CLI): tfjs has no WebGL there. */
export const NODE_BACKENDS: BackendRuntime = { auto: ['wasm', 'cpu'], first: 'cpu' };

/** The backends of the runtime tfjs says it is in, for a caller that does not name its runtime. */
export function backendsHere(): BackendRuntime {
  return tf.env().getBool('IS_BROWSER') ? BROWSER_BACKENDS : NODE_BACKENDS;
}

/** The backend tfjs trains on now. */
export function currentBackend(): TrainingBackend {
  return tf.getBackend() as TrainingBackend;
}

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

/**
 * Starts the backend a scratch's top level runs on: the one wanted, or for 'auto' the runtime's
 * first ('auto' chooses once the problem is known). One that does not start gives way to the next
 * that does, and the note says why. Throws when none starts.
 */
export async function startFirstBackend(wanted: Backend, runtime: BackendRuntime): Promise<{ backend: TrainingBackend; note: string | null }> {
  const skipped: string[] = [];
  for (const backend of fallbackOrder(wanted === 'auto' ? runtime.first : wanted)) {
    const problem = await startBackend(backend);
    if (problem === null) return { backend, note: skipped.length ? `${skipped.join('; ')}. The scratch runs on ${backend}.` : null };
    skipped.push(describeBackendProblem(backend, problem));
  }
  throw new Error(`No tfjs backend could start here: ${skipped.join('; ')}.`);
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
