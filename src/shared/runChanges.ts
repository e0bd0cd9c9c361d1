// What changed between two runs of a scratch, from what the trainer read of each (its summary and
// its plans), not from the text: `learningRate 0.0001 → 0.001`, `optimizer sgd → adam`, `loss edited`.
import type { RunPlan, ScratchSummary } from './protocol';
import type { RunState } from './runState';

/** What a run was asked to do: enough to say what the next one does differently. */
export interface RunConfig {
  summary: ScratchSummary | null;
  plans: readonly RunPlan[];
}

export function runConfigOf(state: RunState): RunConfig {
  return { summary: state.summary, plans: state.plans.map(({ plan }) => plan) };
}

/**
 * A field of the plans, worded: its distinct values in plan order (a sweep's rates, an array's
 * optimizers). logEvery is left out: it changes what is printed, not the descent, and follows epochs by default.
 */
const PLAN_FIELDS: readonly [string, (plan: RunPlan) => string][] = [
  ['optimizer', (plan) => plan.optimizer.name],
  ['learningRate', (plan) => String(plan.optimizer.learningRate)],
  ['epochs', (plan) => (plan.epochs > 0 ? String(plan.epochs) : '')],
  ['stopWhen loss', (plan) => (plan.stopWhenLoss === null ? 'none' : String(plan.stopWhenLoss))],
  ['memory', (plan) => plan.memory ?? ''],
  ['backend', (plan) => plan.backend],
];

/** The changes from `before` to `after`, each worded on its own; empty when nothing the trainer reads differs. */
export function runChanges(before: RunConfig, after: RunConfig): string[] {
  const changes: string[] = [];
  const [was, is] = [before.summary, after.summary];
  if (was && is) {
    if (was.form !== is.form) changes.push(`form ${formName(was.form)} → ${formName(is.form)}`);
    changes.push(...recordChanges('', was.variables, is.variables));
    changes.push(...recordChanges('data ', was.data, is.data));
    if (was.loss !== is.loss) changes.push('loss edited');
  }
  for (const [name, field] of PLAN_FIELDS) {
    const [from, to] = [distinct(before.plans.map(field)), distinct(after.plans.map(field))];
    if (from && to && from !== to) changes.push(`${name} ${from} → ${to}`);
  }
  const options = (plans: readonly RunPlan[]) => new Set(plans.flatMap((plan) => Object.keys(plan.optimizer.options)));
  for (const option of new Set([...options(before.plans), ...options(after.plans)])) {
    const value = (plan: RunPlan) => String(plan.optimizer.options[option] ?? 'default');
    const [from, to] = [distinct(before.plans.map(value)), distinct(after.plans.map(value))];
    if (from !== to) changes.push(`${option} ${from} → ${to}`);
  }
  return changes;
}

/** A variable or a data field added, removed, or given another value (as the summary words it: `4.12`, `[5]`). */
function recordChanges(prefix: string, before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.flatMap((name) => {
    const [from, to] = [before[name], after[name]];
    if (from === to) return [];
    if (from === undefined) return [`${prefix}${name} added`];
    if (to === undefined) return [`${prefix}${name} removed`];
    return [`${prefix}${name} ${from} → ${to}`];
  });
}

function distinct(values: string[]): string {
  return [...new Set(values.filter((value) => value !== ''))].join(', ');
}

function formName(form: ScratchSummary['form']): string {
  return form === 'config' ? 'config' : "the lesson's code";
}

/** The cell's line: "vs Run 1: learningRate 0.0001 → 0.001 · loss edited", or that nothing changed. */
export function changesText(earlier: number, changes: readonly string[]): string {
  return changes.length ? `vs Run ${earlier}: ${changes.join(' · ')}` : `as Run ${earlier}`;
}
