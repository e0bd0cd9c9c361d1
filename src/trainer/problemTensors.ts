// A problem's tensors for one run: its variables (trainable, float32) and its data, made from the
// config's values, freed together.
import * as tf from '@tensorflow/tfjs';
import type { InitialValue, Problem } from './problem';

export interface ProblemTensors {
  variables: Record<string, tf.Variable>;
  /** The variables and the data by name: what the loss gets. */
  inputs: Record<string, tf.Tensor>;
  varList: tf.Variable[];
  dispose(): void;
}

export function makeTensors(problem: Problem): ProblemTensors {
  const variables = mapValues(problem.variables, makeVariable);
  const data = mapValues(problem.data, toTensor);
  const varList = Object.values(variables);
  return {
    variables,
    inputs: { ...data, ...variables },
    varList,
    dispose: () => tf.dispose([...varList, ...Object.values(data)]),
  };
}

function makeVariable(value: InitialValue): tf.Variable {
  // tf.variable shares the initial tensor's data and keeps it alive; that tensor is ours to free.
  const initial = tf.tidy(() => toTensor(value).toFloat());
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

function toTensor(value: InitialValue): tf.Tensor {
  return value instanceof tf.Tensor ? value.clone() : tf.tensor(value as number | number[]);
}

export function mapValues<T, U>(record: Record<string, T>, fn: (v: T, name: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v, k)]));
}
