import * as tf from '@tensorflow/tfjs';

// Beale's function, whose minimum lies at (3, 0.5) at the end of a long flat valley: sgd and adagrad
// are still creeping along it when the run ends, momentum nearly arrives, rmsprop and adam get there.
export default {
  variables: { x: 1, y: 1.5 },
  loss: ({ x, y }: Record<string, tf.Tensor>) => {
    const term = (c: number, power: number) => x.mul(y.pow(power)).sub(x).add(c).square();
    return term(1.5, 1).add(term(2.25, 2)).add(term(2.625, 3));
  },
  optimizer: [
    { name: 'sgd', learningRate: 0.001 },
    { name: 'momentum', learningRate: 0.001, momentum: 0.9 },
    { name: 'momentum', learningRate: 0.001, momentum: 0.9, useNesterov: true },
    { name: 'adagrad', learningRate: 0.1 },
    { name: 'rmsprop', learningRate: 0.01 },
    { name: 'adam', learningRate: 0.1 },
  ],
  epochs: 500,
};
