// Every optimizer's step taken apart: the step its rule gives from the gradient and tfjs's own state
// equals how far each variable actually moved, for a scalar and a two-element tensor, at the first
// step and at a later one, and looking at a step leaves training exactly as it was.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { StepAnatomy } from '../../src/shared/protocol';
import type { OptimizerName } from '../../src/shared/vocabulary';
import type { ProbeComponent } from '../../src/trainer/lossProbe';
import { createOptimizer, disposeOptimizer } from '../../src/trainer/optimizers';
import { stepAnatomy } from '../../src/trainer/stepAnatomy';
import { useCpu } from './tfjsCpu';

before(useCpu);

interface Case {
  name: OptimizerName;
  learningRate: number;
  options?: Record<string, number | boolean>;
  /** The optimizer's state for each variable, by name. */
  slots: string[];
}

const CASES: Case[] = [
  { name: 'sgd', learningRate: 0.05, slots: [] },
  { name: 'momentum', learningRate: 0.05, options: { momentum: 0.9 }, slots: ['momentum'] },
  { name: 'momentum', learningRate: 0.05, options: { momentum: 0.8, useNesterov: true }, slots: ['momentum'] },
  { name: 'adagrad', learningRate: 0.3, slots: ['accumulator'] },
  { name: 'adagrad', learningRate: 0.3, options: { initialAccumulatorValue: 0.5 }, slots: ['accumulator'] },
  { name: 'adadelta', learningRate: 0.05, slots: ['accum_grad', 'accum_var'] },
  { name: 'adadelta', learningRate: 0.1, options: { rho: 0.5, epsilon: 1e-3 }, slots: ['accum_grad', 'accum_var'] },
  { name: 'adam', learningRate: 0.2, slots: ['m', 'v'] },
  { name: 'adam', learningRate: 0.2, options: { beta1: 0.5, beta2: 0.7, epsilon: 1e-3 }, slots: ['m', 'v'] },
  { name: 'adamax', learningRate: 0.2, slots: ['m', 'u'] },
  { name: 'adamax', learningRate: 0.2, options: { beta1: 0.6, beta2: 0.8, epsilon: 1e-3, decay: 0.1 }, slots: ['m', 'u'] },
  { name: 'rmsprop', learningRate: 0.05, slots: ['rms', 'momentum'] },
  { name: 'rmsprop', learningRate: 0.05, options: { momentum: 0.7 }, slots: ['rms', 'momentum'] },
  { name: 'rmsprop', learningRate: 0.02, options: { centered: true, decay: 0.8 }, slots: ['rms', 'momentum', 'mg'] },
  { name: 'rmsprop', learningRate: 0.02, options: { centered: true, momentum: 0.5, epsilon: 1e-4 }, slots: ['rms', 'momentum', 'mg'] },
];

/** A scalar x and a tensor w = [w0, w1], each pulled toward its own point with its own steepness. */
function problem() {
  const x = tf.variable(tf.scalar(1.5));
  const w = tf.variable(tf.tensor1d([2, -1]));
  const target = tf.tensor1d([-1, 3]);
  const steepness = tf.tensor1d([0.5, 3]);
  const loss = () => tf.tidy(() => x.sub(-2).square().mul(1.3).add(w.sub(target).square().mul(steepness).sum()) as tf.Scalar);
  const components: ProbeComponent[] = [
    { name: 'x', variable: x, index: 0 },
    { name: 'w[0]', variable: w, index: 0 },
    { name: 'w[1]', variable: w, index: 1 },
  ];
  return { x, w, loss, components, dispose: () => tf.dispose([x, w, target, steepness]) };
}

const values = (components: ProbeComponent[]) => components.map(({ variable, index }) => variable.dataSync()[index]);

function gradientAt(loss: () => tf.Scalar, variables: tf.Variable[], components: ProbeComponent[]): number[] {
  const { value, grads } = tf.variableGrads(loss, variables);
  const gradient = components.map(({ variable, index }) => grads[variable.name].dataSync()[index]);
  tf.dispose([value, ...Object.values(grads)]);
  return gradient;
}

function assertExplained(anatomy: StepAnatomy, what: string) {
  anatomy.taken.forEach((taken, k) => {
    const explained = anatomy.explained[k];
    assert.ok(taken !== null && explained !== null && taken !== 0, `${what}, component ${k}: a step was taken (${taken}) and explained (${explained})`);
    assert.ok(Math.abs(explained - taken) <= 1e-5 * Math.abs(taken), `${what}, component ${k}: explained ${explained}, taken ${taken}`);
  });
}

const label = ({ name, options }: Case) => `${name}${options ? ` ${JSON.stringify(options)}` : ''}`;

describe("each optimizer's step, explained from tfjs's state", () => {
  for (const c of CASES) {
    it(`${label(c)}: the rule's step is the change, at the first step and the fifth`, async () => {
      const { x, w, loss, components, dispose } = problem();
      const optimizer = createOptimizer({ name: c.name, learningRate: c.learningRate, options: c.options ?? {} });
      const variables = [x, w];
      const take = () => void optimizer.minimize(loss, false, variables);
      try {
        for (const step of [1, 5]) {
          while ((optimizer as unknown as { iterations_: number }).iterations_ < step - 1) take();
          const at = values(components);
          const tensorsBefore = tf.memory().numTensors;
          const anatomy = stepAnatomy({ optimizer, variables, take }, components, gradientAt(loss, variables, components));
          assertExplained(anatomy, `${label(c)} step ${step}`);
          assert.deepEqual(Object.keys(anatomy.state).sort(), [...c.slots].sort(), 'the state, by the names tfjs gives it');
          assert.deepEqual(values(components), at, 'looking at the step leaves the variables where they were');
          assert.equal(tf.memory().numTensors, tensorsBefore, 'and keeps no tensor');

          take();
          const moved = values(components).map((value, k) => value - at[k]);
          assert.deepEqual(moved, anatomy.taken, 'the step training then takes is the one looked at');
          if (c.name !== 'adamax') {
            // getWeights() names each slot `<variable>/<slot>`; the state looked at is what it holds after the real step.
            const weights = await optimizer.getWeights();
            for (const [slot, perComponent] of Object.entries(anatomy.state)) {
              components.forEach(({ variable, index }, k) => {
                const weight = weights.find((named) => named.name === `${variable.name}/${slot}`);
                assert.ok(weight, `getWeights() holds ${variable.name}/${slot}`);
                assert.equal(weight.tensor.dataSync()[index], perComponent[k], `${slot} of component ${k}`);
              });
            }
            weights[0].tensor.dispose();
          }
        }
      } finally {
        disposeOptimizer(optimizer);
        dispose();
      }
    });
  }

  it("adam's m̂ and v̂ are m and v over tfjs's own 1 − βᵗ", () => {
    const { x, w, loss, components, dispose } = problem();
    const optimizer = createOptimizer({ name: 'adam', learningRate: 0.2, options: {} });
    try {
      const gradient = gradientAt(loss, [x, w], components);
      const anatomy = stepAnatomy({ optimizer, variables: [x, w], take: () => void optimizer.minimize(loss, false, [x, w]) }, components, gradient);
      // At the first step m̂ is the gradient and v̂ its square (up to float32 and 1 − 0.9 as float32 holds 0.9).
      anatomy.terms.mHat.forEach((mHat, k) => assert.ok(Math.abs(mHat! - gradient[k]) <= 1e-6 * Math.abs(gradient[k]), `m̂ ${mHat}, g ${gradient[k]}`));
      anatomy.terms.vHat.forEach((vHat, k) => assert.ok(Math.abs(vHat! - gradient[k] ** 2) <= 1e-4 * gradient[k] ** 2, `v̂ ${vHat}, g² ${gradient[k] ** 2}`));
      // Its first step is about the learning rate, whichever way is down.
      anatomy.taken.forEach((taken, k) => assert.ok(Math.abs(Math.abs(taken!) - 0.2) < 1e-5 && Math.sign(taken!) === -Math.sign(gradient[k])));
    } finally {
      disposeOptimizer(optimizer);
      dispose();
    }
  });
});
