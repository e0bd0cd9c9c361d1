import * as tf from '@tensorflow/tfjs';

// The lesson's problem under four optimizers at once, each at a rate that suits it: one run
// each, from the same start, overlaid in one chart.
export default {
  variables: { x: 4.12 },
  data: { ys: [2, -5, 16, -24, 3] },
  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),
  optimizer: [
    { name: 'sgd', learningRate: 0.001 },
    { name: 'momentum', learningRate: 0.001, momentum: 0.9 },
    { name: 'adam', learningRate: 0.2 },
    { name: 'rmsprop', learningRate: 0.05 },
  ],
  epochs: 300,
  stopWhen: { loss: 1e-8 },
};
