// A config's plans put on their backend before they train: every plan names the same one.
import type { RunPlan } from '../shared/protocol';
import { chooseBackend } from './autoBackend';
import { currentBackend, describeBackendProblem, startBackend, type BackendRuntime } from './backends';
import type { Problem } from './problem';

/**
 * Starts the plans' backend and returns the plans as they train. 'auto' times the first plan once
 * and all of them train on its choice; a named backend that cannot start here leaves the runs on
 * the current backend. Either way each plan says why, for the run's header.
 */
export async function plansOnBackend(problem: Problem, plans: RunPlan[], runtime: BackendRuntime, now: () => number): Promise<RunPlan[]> {
  const [first] = plans;
  const { backend, reason } = first.backend === 'auto' ? await chooseBackend(problem, first, now, runtime) : { backend: first.backend, reason: undefined };
  const problemThere = await startBackend(backend);
  if (problemThere !== null) return plans.map((plan) => ({ ...plan, backend: currentBackend(), backendReason: describeBackendProblem(backend, problemThere) }));
  return reason === undefined ? plans : plans.map((plan) => ({ ...plan, backend, backendReason: reason }));
}
