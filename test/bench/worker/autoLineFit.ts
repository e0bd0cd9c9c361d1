// The line fit of regressionLoop.ts as a Descent problem, handed to the product's own 'auto'
// choice: which backend Descent would train a million samples on, and the times it went by.
import * as tf from '@tensorflow/tfjs';
import type { RunPlan } from '../../../src/shared/protocol';
import { chooseBackend } from '../../../src/trainer/autoBackend';
import { makeData } from './regressionLoop';
import type { AutoReply, AutoTask } from './tasks';

const PLAN: RunPlan = {
  index: 0,
  label: 'sgd lr=0.1',
  optimizer: { name: 'sgd', learningRate: 0.1, options: {} },
  epochs: 100,
  logEvery: 10,
  stopWhenLoss: null,
  backend: 'auto',
  memory: 'tidy',
};

export async function chooseForLineFit(task: AutoTask): Promise<AutoReply> {
  const data = makeData(task.samples);
  const xs = tf.tensor1d(data.xs);
  const ys = tf.tensor1d(data.ys);
  try {
    const problem = { variables: { a: 0, b: 0 }, data: { xs, ys }, loss: (t: Record<string, tf.Tensor>) => t.xs.mul(t.a).add(t.b).sub(t.ys).square().mean() };
    const { backend, reason, timings } = await chooseBackend(problem, PLAN, () => performance.now());
    return { kind: 'auto', backend, reason, timings };
  } finally {
    tf.dispose([xs, ys]);
  }
}
