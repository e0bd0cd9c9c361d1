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
    return this.keepingValues((moveTo) => {
      const costs = points.map((point) => {
        moveTo(point);
        return tf.tidy(() => this.loss().reshape([1]));
      });
      return readJoined(costs);
    });
  }

  /**
   * Where `optimizer` takes the components in `epochs` steps from `start` (their variables trained,
   * the others held): each point where an epoch measured its loss, the start first, then the end
   * with the loss there; read in one go. NaN where a value was not finite.
   */
  descend(start: readonly number[], optimizer: tf.Optimizer, epochs: number): { at: number[]; loss: number }[] {
    const variables = this.variablesMoved();
    return this.keepingValues((moveTo) => {
      moveTo(start);
      const kept: tf.Tensor[] = [];
      for (let epoch = 0; epoch < epochs; epoch++) {
        kept.push(optimizer.minimize(this.loss, true, variables) as tf.Scalar, ...variables.map((v) => v.clone()));
      }
      kept.push(tf.tidy(() => this.loss().reshape([1])));
      const values = readJoined(kept);
      // Per epoch: its cost, then every moved variable's values after it.
      const offsets = variables.reduce((starts, v) => [...starts, starts[starts.length - 1] + v.size], [1]);
      const width = offsets[offsets.length - 1];
      const at = (base: number) => this.components.map(({ variable, index }) => values[base + offsets[variables.indexOf(variable)] + index]);
      const points = Array.from({ length: epochs }, (_, epoch) => ({ at: epoch === 0 ? [...start] : at((epoch - 1) * width), loss: values[epoch * width] }));
      points.push({ at: epochs === 0 ? [...start] : at((epochs - 1) * width), loss: values[epochs * width] });
      return points;
    });
  }

  private variablesMoved(): tf.Variable[] {
    return [...new Set(this.components.map((c) => c.variable))];
  }

  /** What `work` finds moving the components (by `moveTo`); the variables are put back as they were after. */
  private keepingValues<T>(work: (moveTo: (point: readonly number[]) => void) => T): T {
    const variables = this.variablesMoved();
    const saved = variables.map((v) => tf.keep(v.clone()));
    const flat = new Map(variables.map((v) => [v, v.dataSync().slice()] as const));
    const moveTo = (point: readonly number[]) => {
      this.components.forEach(({ variable, index }, k) => (flat.get(variable)![index] = point[k]));
      for (const variable of variables) {
        const moved = tf.tensor(flat.get(variable)!, variable.shape, variable.dtype);
        variable.assign(moved);
        moved.dispose();
      }
    };
    try {
      return work(moveTo);
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
    const variables = this.variablesMoved();
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

/** The tensors' values joined in one read, and the tensors freed. */
function readJoined(tensors: tf.Tensor[]): Float32Array {
  const joined = tf.tidy(() => tf.concat(tensors.map((t) => t.reshape([-1]))));
  tf.dispose(tensors);
  const values = joined.dataSync() as Float32Array;
  joined.dispose();
  return values;
}
