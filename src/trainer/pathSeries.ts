// What a run records of its trainable variables after every epoch, and the series it reports from
// them: a scalar variable's value; for a small tensor, its first few components and its norm. The
// figures draw the components (and the slope is taken by them); the variable charts draw every series.
import type * as tf from '@tensorflow/tfjs';
import { PATH_VARIABLES } from '../shared/protocol';
import { componentName } from '../shared/variableComponents';
import type { ShownVariable } from './batchRead';
import type { ProbeComponent } from './lossProbe';

/** The components of a tensor variable that its path records, at most: the first ones, row-major. */
export const TENSOR_COMPONENTS = 3;

/** The series of a tensor variable's norm: `‖w‖`. */
export function normName(variable: string): string {
  return `‖${variable}‖`;
}

/** The variables a run records the path of: the trainable ones it shows, in order, while their series number at most PATH_VARIABLES. */
export function pathVariables(shown: ShownVariable[]): ShownVariable[] {
  const path: ShownVariable[] = [];
  let series = 0;
  for (const entry of shown.filter(([, v]) => v.trainable)) {
    series += entry[1].size === 1 ? 1 : recordedComponents(entry[1]) + 1;
    if (series > PATH_VARIABLES) break;
    path.push(entry);
  }
  return path;
}

/** The scalar components of the path variables, in the order of the path: what the figures draw. */
export function pathComponents(path: ShownVariable[]): ProbeComponent[] {
  return path.flatMap(([name, variable]) =>
    variable.size === 1
      ? [{ name, variable, index: 0 }]
      : Array.from({ length: recordedComponents(variable) }, (_, index) => ({ name: componentName(name, variable.shape, index), variable, index })),
  );
}

/**
 * A batch's series, by name: `values[k]` holds path variable k after each of the `epochs` epochs,
 * one epoch after another (epochs × its size numbers).
 */
export function pathSeries(path: ShownVariable[], values: readonly Float32Array[], epochs: number): Record<string, Float32Array> {
  const series: Record<string, Float32Array> = {};
  path.forEach(([name, variable], k) => {
    const flat = values[k];
    const size = variable.size;
    if (size === 1) {
      series[name] = flat.subarray(0, epochs);
      return;
    }
    for (const { name: component, index } of pathComponents([[name, variable]])) {
      series[component] = Float32Array.from({ length: epochs }, (_, e) => flat[e * size + index]);
    }
    series[normName(name)] = Float32Array.from({ length: epochs }, (_, e) => norm(flat.subarray(e * size, (e + 1) * size)));
  });
  return series;
}

function recordedComponents(variable: tf.Variable): number {
  return Math.min(variable.size, TENSOR_COMPONENTS);
}

function norm(values: Float32Array): number {
  let sum = 0;
  for (const value of values) sum += value * value;
  return Math.sqrt(sum);
}
