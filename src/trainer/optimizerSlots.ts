// An optimizer's own state for each variable, as tfjs keeps it: the slots that getWeights() lists
// as `<variable name>/<slot>` (adam's m and v, momentum's momentum, rmsprop's rms, momentum and mg,
// …). They are read from the fields getWeights() lists, which it does only after an await: the
// lesson form's loop may step again before that promise settles. tfjs 4.22's adamax keeps fields of
// the same kind but its getWeights() throws; its weighted infinity norm, which tfjs names `v` there,
// is `u` here, as the rule writes it.
import * as tf from '@tensorflow/tfjs';
import { optimizerName } from './optimizers';

/** tfjs's own record of one slot (its OptimizerVariable). */
export interface OptimizerSlot {
  originalName: string;
  variable: tf.Variable;
}

/** The lists of slots the optimizer keeps, one entry per variable it trains, each list a field of it. */
export function slotLists(optimizer: tf.Optimizer): OptimizerSlot[][] {
  return Object.values(optimizer).filter((field): field is OptimizerSlot[] => Array.isArray(field) && field.length > 0 && field.every(isSlot));
}

/** The variable's slots by their names (`m`, `v`, `momentum`, …). */
export function slotsOf(optimizer: tf.Optimizer, variableName: string): Map<string, tf.Variable> {
  const prefix = `${variableName}/`;
  const adamax = optimizerName(optimizer) === 'adamax';
  const slots = new Map<string, tf.Variable>();
  for (const slot of slotLists(optimizer).flat()) {
    if (!slot.originalName.startsWith(prefix)) continue;
    const name = slot.originalName.slice(prefix.length);
    slots.set(adamax && name === 'v' ? 'u' : name, slot.variable);
  }
  return slots;
}

function isSlot(item: unknown): item is OptimizerSlot {
  return typeof item === 'object' && item !== null && typeof (item as OptimizerSlot).originalName === 'string' && (item as OptimizerSlot).variable instanceof tf.Tensor;
}
