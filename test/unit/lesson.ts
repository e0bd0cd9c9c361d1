// The lesson's problem as the tests write it: the config object, its run plan, and scratch texts.
import type * as tf from '@tensorflow/tfjs';
import type { RunPlan } from '../../src/shared/protocol';

/** The lesson's config, with fields replaced (or, given undefined, removed). */
export function lessonObject(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const config: Record<string, unknown> = {
    variables: { x: 4.12 },
    data: { ys: [2, -5, 16, -24, 3] },
    loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),
    optimizer: 'sgd',
    learningRate: 0.0001,
    epochs: 200,
    ...changes,
  };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete config[key];
  return config;
}

/** The plan the lesson's config makes on WebGL. */
export const LESSON_PLAN: RunPlan = {
  index: 0,
  label: 'sgd lr=0.0001',
  optimizer: { name: 'sgd', learningRate: 0.0001, options: {} },
  epochs: 200,
  logEvery: 20,
  stopWhenLoss: null,
  backend: 'webgl',
  memory: 'tidy',
};
