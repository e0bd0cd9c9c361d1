import * as tf from '@tensorflow/tfjs';

// Multiply every element of ys by one number x so that the result is as close to zero as
// possible. The answer is x = 0; watch tfjs find it, starting from x = 4.12.
export default {
  variables: { x: 4.12 },
  data: { ys: [2, -5, 16, -24, 3] },
  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),
  optimizer: 'sgd',
  learningRate: 0.0001,
  epochs: 200,
  logEvery: 20,
};
