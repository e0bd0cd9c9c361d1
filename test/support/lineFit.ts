// A two-variable problem: a line y = m·x + b fitted to five points by least squares, as a config
// scratch, with the (m, b) that minimises its loss worked out in closed form.

// Centred on 0, so that the loss's valley runs along the axes: the lowest point of a grid over
// (m, b) is then the grid point nearest the minimum on each axis.
export const LINE_XS = [-2, -1, 0, 1, 2];
export const LINE_YS = [-3.1, -0.9, 1.2, 2.8, 5.1];

const fitConfig = (variables: string, loss: string, optimizer: string) =>
  [
    "import * as tf from '@tensorflow/tfjs';",
    'export default {',
    `  variables: ${variables},`,
    `  data: { xs: [${LINE_XS.join(', ')}], ys: [${LINE_YS.join(', ')}] },`,
    `  loss: ${loss},`,
    `  optimizer: ${optimizer}, learningRate: 0.05, epochs: 100,`,
    '};',
  ].join('\n');

/** The line fit's config as a scratch file, starting from (m, b), trained by the optimizer (its config text). */
export const lineFitConfig = (m: number, b: number, optimizer = "'sgd'") =>
  fitConfig(`{ m: ${m}, b: ${b} }`, '({ m, b, xs, ys }: Record<string, tf.Tensor>) => xs.mul(m).add(b).sub(ys).square().mean()', optimizer);

/** The same fit with m and b as the two elements of one vector variable, w = [m, b]. */
export const lineFitVectorConfig = (m: number, b: number, optimizer = "'sgd'") =>
  fitConfig(`{ w: [${m}, ${b}] }`, '({ w, xs, ys }: Record<string, tf.Tensor>) => xs.mul(w.slice(0, 1)).add(w.slice(1, 1)).sub(ys).square().mean()', optimizer);

/** The least-squares line through the points: slope cov(x, y) / var(x), through their mean. */
export function leastSquaresLine(): { m: number; b: number } {
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const [meanX, meanY] = [mean(LINE_XS), mean(LINE_YS)];
  const covariance = LINE_XS.reduce((sum, x, i) => sum + (x - meanX) * (LINE_YS[i] - meanY), 0);
  const variance = LINE_XS.reduce((sum, x) => sum + (x - meanX) ** 2, 0);
  const m = covariance / variance;
  return { m, b: meanY - m * meanX };
}
