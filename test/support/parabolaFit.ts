// A three-variable problem: a parabola a·x² + b·x + c fitted to five points, as a config scratch:
// more scalar variables than one figure draws.
export const PARABOLA_TEXT = [
  "import * as tf from '@tensorflow/tfjs';",
  'export default {',
  '  variables: { a: 0.5, b: 0, c: 0 },',
  '  data: { xs: [-2, -1, 0, 1, 2], ys: [9.1, 2.9, 1.1, 3.2, 8.8] },',
  '  loss: ({ a, b, c, xs, ys }: Record<string, tf.Tensor>) => xs.square().mul(a).add(xs.mul(b)).add(c).sub(ys).square().mean(),',
  "  optimizer: 'adam', learningRate: 0.1, epochs: 150,",
  '};',
].join('\n');
