// A line fit y = a·x + b on many samples, the size at which the GPU should beat the CPU: the
// figure behind choosing a backend automatically.
import * as tf from '@tensorflow/tfjs';
import type { RegressionReply, RegressionTask } from './tasks';

const WARMUP_EPOCHS = 2;

/** Points of y = 3x − 1 with a little deterministic noise, x in [−1, 1). */
export function makeData(samples: number): { xs: Float32Array; ys: Float32Array } {
  const xs = new Float32Array(samples);
  const ys = new Float32Array(samples);
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < samples; i++) {
    xs[i] = random() * 2 - 1;
    ys[i] = 3 * xs[i] - 1 + (random() - 0.5) * 0.2;
  }
  return { xs, ys };
}

export function runRegression(task: RegressionTask): RegressionReply {
  const data = makeData(task.samples);
  const a = tf.variable(tf.scalar(0));
  const b = tf.variable(tf.scalar(0));
  const optimizer = tf.train.sgd(0.1);
  const xs = tf.tensor1d(data.xs);
  const ys = tf.tensor1d(data.ys);
  const loss = (): tf.Scalar => xs.mul(a).add(b).sub(ys).square().mean();
  const epochs = (n: number) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) optimizer.minimize(loss, false, [a, b]);
    a.dataSync();
    return performance.now() - started;
  };
  try {
    const warmupMs = epochs(WARMUP_EPOCHS);
    const blockMs = Array.from({ length: task.blocks }, () => epochs(task.epochs));
    return { kind: 'regression', backend: tf.getBackend(), epochs: task.epochs, blockMs, warmupMs };
  } finally {
    optimizer.dispose();
    tf.dispose([a, b, xs, ys]);
  }
}
