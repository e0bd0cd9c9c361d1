// The learner's loss, asked about points other than where training is: at the grid points of a
// landscape, a small step either side of the current point, and its gradient there. Each question
// moves the variables, evaluates the loss, and puts the variables back as they were, so training
// goes on from exactly where it was.
import * as tf from '@tensorflow/tfjs';
import type { Slope } from '../shared/protocol';

/** One scalar that the probe moves: a scalar variable, or one element of a tensor variable (flat index). */
export interface ProbeComponent {
  name: string;
  variable: tf.Variable;
  index: number;
}

export type SlopeAt = Omit<Slope, 'epoch' | 'next'>;

export class LossProbe {
  constructor(
    private readonly loss: () => tf.Scalar,
    readonly components: readonly ProbeComponent[],
  ) {}

  /** The components' values now. */
  current(): number[] {
    return this.components.map(({ variable, index }) => variable.dataSync()[index]);
  }

  /** The loss at each point (a value per component), in one read; NaN where it was not finite. */
  lossAt(points: readonly (readonly number[])[]): Float32Array {
    if (points.length === 0) return new Float32Array(0);
    const variables = [...new Set(this.components.map((c) => c.variable))];
    const saved = variables.map((v) => tf.keep(v.clone()));
    const flat = new Map(variables.map((v) => [v, v.dataSync().slice()] as const));
    try {
      const costs = points.map((point) => {
        this.components.forEach(({ variable, index }, k) => (flat.get(variable)![index] = point[k]));
        for (const variable of variables) {
          const moved = tf.tensor(flat.get(variable)!, variable.shape, variable.dtype);
          variable.assign(moved);
          moved.dispose();
        }
        return tf.tidy(() => this.loss().reshape([1]));
      });
      const joined = tf.concat(costs);
      tf.dispose(costs);
      const values = joined.dataSync() as Float32Array;
      joined.dispose();
      return values;
    } finally {
      variables.forEach((v, k) => v.assign(saved[k]));
      tf.dispose(saved);
    }
  }

  /**
   * Which way is down at the current point: the loss, tfjs's gradient of it for each component, and
   * the loss a small step either side (the lesson's 4.11 and 4.13 around 4.12).
   */
  slope(): SlopeAt {
    const at = this.current();
    const variables = [...new Set(this.components.map((c) => c.variable))];
    const { value, grads } = tf.variableGrads(this.loss, variables);
    const loss = value.dataSync()[0];
    const gradient = this.components.map(({ variable, index }) => grads[variable.name].dataSync()[index]);
    tf.dispose([value, ...Object.values(grads)]);
    const steps = at.map(probeStep);
    const sides = this.lossAt(at.flatMap((_, k) => [-1, 1].map((side) => at.map((x, j) => (j === k ? x + side * steps[k] : x)))));
    return {
      variables: this.components.map((c) => c.name),
      at: at.map(finite),
      loss: finite(loss),
      gradient: gradient.map(finite),
      probes: steps.map((step, k) => ({ step, below: finite(sides[2 * k]), above: finite(sides[2 * k + 1]) })),
    };
  }
}

/** A hundredth of the value's order of magnitude: 0.01 around 4.12, 0.001 around 0.5; 0.01 at 0. */
export function probeStep(x: number): number {
  const magnitude = Math.abs(x);
  return magnitude > 0 && Number.isFinite(magnitude) ? 10 ** (Math.floor(Math.log10(magnitude)) - 2) : 0.01;
}

function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
