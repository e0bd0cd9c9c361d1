import * as tf from '@tensorflow/tfjs';

// A saddle point at (0, 0) between two minima at (0, ±1), started a hair off its ridge: sgd slides
// into the saddle and lingers there; momentum and the adaptive optimizers roll off it to (0, 1).
export default {
  variables: { x: 1.5, y: 0.001 },
  loss: ({ x, y }: Record<string, tf.Tensor>) => x.square().add(y.square().sub(1).square().div(4)),
  optimizer: [
    { name: 'sgd', learningRate: 0.02 },
    { name: 'momentum', learningRate: 0.02, momentum: 0.9 },
    { name: 'momentum', learningRate: 0.02, momentum: 0.9, useNesterov: true },
    { name: 'adagrad', learningRate: 0.1 },
    { name: 'rmsprop', learningRate: 0.01 },
    { name: 'adam', learningRate: 0.05 },
  ],
  epochs: 150,
};
