import * as tf from '@tensorflow/tfjs';

// Rosenbrock's valley, (1 − x)² + 100·(y − x²)²: every optimizer drops into its curved floor at once;
// then sgd and adagrad crawl along it, rmsprop gets round the bend, momentum and adam reach (1, 1).
export default {
  variables: { x: -1.5, y: 2 },
  loss: ({ x, y }: Record<string, tf.Tensor>) => tf.scalar(1).sub(x).square().add(y.sub(x.square()).square().mul(100)),
  optimizer: [
    { name: 'sgd', learningRate: 0.001 },
    { name: 'momentum', learningRate: 0.001, momentum: 0.9 },
    { name: 'momentum', learningRate: 0.001, momentum: 0.9, useNesterov: true },
    { name: 'adagrad', learningRate: 0.5 },
    { name: 'rmsprop', learningRate: 0.01 },
    { name: 'adam', learningRate: 0.1 },
  ],
  epochs: 1000,
};
