import * as tf from '@tensorflow/tfjs';

// Too small is slow, too large oversteps: the same sgd run at four learning rates. The largest
// one diverges, and the run says so.
export default {
  variables: { x: 4.12 },
  data: { ys: [2, -5, 16, -24, 3] },
  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),
  optimizer: 'sgd',
  learningRate: [0.0001, 0.001, 0.005, 0.01],
  epochs: 200,
};
