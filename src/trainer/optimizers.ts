import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '../shared/protocol';
import { OPTIMIZER_NAMES, type OptimizerName } from '../shared/vocabulary';

interface OptionInfo {
  type: 'number' | 'boolean';
  /** tfjs requires it: there is no default to fall back on. */
  required?: boolean;
}

interface OptimizerInfo {
  /** tfjs's own default learning rate, where it has one. */
  defaultLearningRate: number | null;
  /** Options in the order tf.train's factory takes them after the learning rate. */
  options: Record<string, OptionInfo>;
  create(learningRate: number, options: Record<string, number | boolean | undefined>): tf.Optimizer;
}

const num = (v: number | boolean | undefined) => v as number | undefined;
const NUMBER: OptionInfo = { type: 'number' };
const BOOLEAN: OptionInfo = { type: 'boolean' };
const flag = (v: number | boolean | undefined) => v as boolean | undefined;

export const OPTIMIZERS: Record<OptimizerName, OptimizerInfo> = {
  sgd: { defaultLearningRate: null, options: {}, create: (lr) => tf.train.sgd(lr) },
  momentum: {
    defaultLearningRate: null,
    options: { momentum: { ...NUMBER, required: true }, useNesterov: BOOLEAN },
    create: (lr, o) => tf.train.momentum(lr, num(o.momentum) as number, flag(o.useNesterov)),
  },
  adagrad: {
    defaultLearningRate: null,
    options: { initialAccumulatorValue: NUMBER },
    create: (lr, o) => tf.train.adagrad(lr, num(o.initialAccumulatorValue)),
  },
  adadelta: {
    defaultLearningRate: 0.001,
    options: { rho: NUMBER, epsilon: NUMBER },
    create: (lr, o) => tf.train.adadelta(lr, num(o.rho), num(o.epsilon)),
  },
  adam: {
    defaultLearningRate: 0.001,
    options: { beta1: NUMBER, beta2: NUMBER, epsilon: NUMBER },
    create: (lr, o) => tf.train.adam(lr, num(o.beta1), num(o.beta2), num(o.epsilon)),
  },
  adamax: {
    defaultLearningRate: 0.002,
    options: { beta1: NUMBER, beta2: NUMBER, epsilon: NUMBER, decay: NUMBER },
    create: (lr, o) => tf.train.adamax(lr, num(o.beta1), num(o.beta2), num(o.epsilon), num(o.decay)),
  },
  rmsprop: {
    defaultLearningRate: null,
    options: { decay: NUMBER, momentum: NUMBER, epsilon: NUMBER, centered: BOOLEAN },
    create: (lr, o) => tf.train.rmsprop(lr, num(o.decay), num(o.momentum), num(o.epsilon), flag(o.centered)),
  },
};

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  return OPTIMIZERS[spec.name].create(spec.learningRate, spec.options);
}

/**
 * Frees everything the optimizer owns. tfjs's momentum optimizer forgets the learning-rate
 * scalar its sgd base class keeps (field `c`), so that one is freed here as well.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const rate = (optimizer as unknown as { c?: unknown }).c;
  if (rate instanceof tf.Tensor && !rate.isDisposed) rate.dispose();
}

/** Which of tfjs's optimizers this is, by its class (momentum's extends sgd's). */
export function optimizerName(optimizer: tf.Optimizer): OptimizerName {
  const className = String((optimizer.constructor as { className?: string }).className ?? '').toLowerCase();
  return OPTIMIZER_NAMES.find((n) => n === className) ?? 'sgd';
}
