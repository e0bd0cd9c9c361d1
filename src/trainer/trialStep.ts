// One step of the optimizer taken to look at, then undone: the variables it moved and the
// optimizer's own state (its slots, the powers of beta that adam and adamax keep, its count of
// iterations) go back to what they were, so training goes on exactly as if it had not been taken.
import * as tf from '@tensorflow/tfjs';
import { slotLists } from './optimizerSlots';

/** Runs `look`, which takes a step of the optimizer on the variables, then puts back all the step changed. */
export function trialStep<T>(optimizer: tf.Optimizer, variables: readonly tf.Variable[], look: () => T): T {
  const scalars = Object.values(optimizer).filter((field): field is tf.Variable => field instanceof tf.Variable);
  const held = [...variables, ...scalars, ...slotLists(optimizer).flat().map((slot) => slot.variable)];
  const values = held.map((variable) => [variable, tf.keep(variable.clone())] as const);
  // A slot list is still empty before the first step: each list field's length tells what the step added.
  const lists = Object.values(optimizer).filter((field): field is unknown[] => Array.isArray(field)).map((list) => [list, list.length] as const);
  const fields = optimizer as unknown as { iterations_: number };
  const iterations = fields.iterations_;
  try {
    return look();
  } finally {
    for (const [variable, value] of values) variable.assign(value);
    tf.dispose(values.map(([, value]) => value));
    for (const [list, length] of lists) tf.dispose(list.splice(length).flatMap(slotVariable));
    fields.iterations_ = iterations;
  }
}

function slotVariable(slot: unknown): tf.Tensor[] {
  const variable = (slot as { variable?: unknown } | null)?.variable;
  return variable instanceof tf.Tensor ? [variable] : [];
}
