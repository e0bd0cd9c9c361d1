// A three-variable problem: a parabola a·x² + b·x + c fitted to five points, as a config scratch:
// more scalar variables than one figure draws; and the same fit with its coefficients as one vector.
export const PARABOLA_XS = [-2, -1, 0, 1, 2];
export const PARABOLA_YS = [9.1, 2.9, 1.1, 3.2, 8.8];

const parabolaConfig = (variables: string, loss: string) =>
  [
    "import * as tf from '@tensorflow/tfjs';",
    'export default {',
    `  variables: ${variables},`,
    `  data: { xs: [${PARABOLA_XS.join(', ')}], ys: [${PARABOLA_YS.join(', ')}] },`,
    `  loss: ${loss},`,
    "  optimizer: 'adam', learningRate: 0.1, epochs: 150,",
    '};',
  ].join('\n');

export const PARABOLA_TEXT = parabolaConfig(
  '{ a: 0.5, b: 0, c: 0 }',
  '({ a, b, c, xs, ys }: Record<string, tf.Tensor>) => xs.square().mul(a).add(xs.mul(b)).add(c).sub(ys).square().mean()',
);

/** The fit with p = [a, b, c]: a tensor variable, drawn by its components. */
export const PARABOLA_VECTOR_TEXT = parabolaConfig(
  '{ p: [0.5, 0, 0] }',
  '({ p, xs, ys }: Record<string, tf.Tensor>) => xs.square().mul(p.slice(0, 1)).add(xs.mul(p.slice(1, 1))).add(p.slice(2, 1)).sub(ys).square().mean()',
);

/** The fit's loss at (a, b, c), in float64. */
export function parabolaLoss(a: number, b: number, c: number): number {
  return PARABOLA_XS.reduce((sum, x, i) => sum + (a * x * x + b * x + c - PARABOLA_YS[i]) ** 2, 0) / PARABOLA_XS.length;
}
