// The scratch file's config (contract v1) as types, for `import { defineOptimization } from 'descent'`.
// Descent's TypeScript server plugin makes this module and tfjs's own types visible to scratch
// files, and Run Optimization resolves the import at run time: nothing needs installing.
import type { Tensor } from '@tensorflow/tfjs';

/** An initial value: a number, nested arrays of numbers, or a tensor. */
export type Value = number | readonly Value[] | Tensor;

interface Options {
  sgd: {};
  momentum: { momentum: number; useNesterov?: boolean };
  adagrad: { initialAccumulatorValue?: number };
  adadelta: { rho?: number; epsilon?: number };
  adam: { beta1?: number; beta2?: number; epsilon?: number };
  adamax: { beta1?: number; beta2?: number; epsilon?: number; decay?: number };
  rmsprop: { decay?: number; momentum?: number; epsilon?: number; centered?: boolean };
}

/** A `tf.train` optimizer by name, or with its options and its own learning rate. */
export type Optimizer =
  | Exclude<keyof Options, 'momentum'>
  | { [Name in keyof Options]: { name: Name; learningRate?: number } & Options[Name] }[keyof Options];

export interface Optimization<Variables extends Record<string, Value>, Data extends Record<string, Value>> {
  /** Name → initial value of each trainable variable. */
  variables: Variables;
  /** Name → fixed values; they become tensors that are not trained. */
  data?: Data;
  /** Gets the variables and the data by name as tensors; returns the scalar cost. */
  loss: (tensors: { [Name in keyof Variables | keyof Data]: Tensor }) => Tensor;
  /** One run per optimizer, overlaid on one chart. Default 'sgd'. */
  optimizer?: Optimizer | readonly Optimizer[];
  /** The default rate; an array sweeps, one run per rate. */
  learningRate?: number | readonly number[];
  epochs: number;
  /** Stop early when the loss is at or below this: status "converged". */
  stopWhen?: { loss: number };
  /** A progress line in the output channel every N epochs (the chart gets every epoch). */
  logEvery?: number;
  /** The tfjs backend; 'auto' times the first epochs on each and trains on the fastest. */
  backend?: 'webgl' | 'cpu' | 'wasm' | 'auto';
  /** How each epoch cleans up: tf.tidy (default), dispose() by hand, or not at all (it leaks). */
  memory?: 'tidy' | 'dispose' | 'none';
}

/** Returns the config unchanged; it is here so the editor can check and complete its fields. */
export function defineOptimization<
  Variables extends Record<string, Value>,
  Data extends Record<string, Value> = {},
>(config: Optimization<Variables, Data>): Optimization<Variables, Data>;
