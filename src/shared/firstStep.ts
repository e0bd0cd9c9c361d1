// A run's first step taken apart, by followed variable, as the CLI's JSON document gives it: the
// gradient at the start, the optimizer's state after the step (by the names tfjs gives it), what its
// rule works out on the way, its step size, the step the rule gives, and the step taken.
import type { Slope } from './protocol';

type Component = number | null;

export interface FirstStep {
  gradient: Component;
  state: Record<string, Component>;
  terms: Record<string, Component>;
  stepSize: Component;
  explained: Component;
  step: Component;
}

/** By variable (`x`, `w[0]`); null when the start's slope holds no step. */
export function firstStep(start: Slope | null): Record<string, FirstStep> | null {
  const anatomy = start?.anatomy;
  if (!start || !anatomy) return null;
  const at = (values: Record<string, Component[]>, k: number) => Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list[k]]));
  return Object.fromEntries(
    start.variables.map((name, k) => [
      name,
      { gradient: start.gradient[k], state: at(anatomy.state, k), terms: at(anatomy.terms, k), stepSize: anatomy.rate[k], explained: anatomy.explained[k], step: anatomy.taken[k] },
    ]),
  );
}
