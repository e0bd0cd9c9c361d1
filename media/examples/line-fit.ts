import { defineOptimization } from 'descent';

// Two variables: fit y = a·x + b to noisy points of y = 3x − 1. defineOptimization changes
// nothing at run time; in the editor it checks the fields and types the loss's arguments.
const xs = Array.from({ length: 50 }, (_, i) => i / 10);
const ys = xs.map((x, i) => 3 * x - 1 + Math.sin(i * 7.3) * 0.5);

export default defineOptimization({
  variables: { a: 0, b: 0 },
  data: { xs, ys },
  loss: ({ a, b, xs, ys }) => xs.mul(a).add(b).sub(ys).square().mean(),
  optimizer: 'adam',
  learningRate: 0.1,
  epochs: 500,
  logEvery: 50,
});
