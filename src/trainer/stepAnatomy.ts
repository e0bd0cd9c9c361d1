// The optimizer's step from where a run is, taken apart for each path component: tfjs's own state
// for it after the step (optimizerSlots.ts), what the optimizer's rule works out from the gradient
// and that state (with tfjs's own epsilon and bias correction), and how far the component moved.
// The step is a trial one (trialStep.ts): training then takes it for real, or goes on from a pause.
import * as tf from '@tensorflow/tfjs';
import type { StepAnatomy } from '../shared/protocol';
import type { OptimizerName } from '../shared/vocabulary';
import type { ProbeComponent } from './lossProbe';
import { optimizerName } from './optimizers';
import { slotsOf } from './optimizerSlots';
import { trialStep } from './trialStep';

/**
 * The optimizer's step as its driver takes it: the same call on the same variables in the same
 * order, since tfjs keeps each variable's slots by its position in the list.
 */
export interface OptimizerStep {
  optimizer: tf.Optimizer;
  variables: readonly tf.Variable[];
  take(): void;
}

/** The step from here, its state and rule by component; `gradient[k]` is the loss's gradient by component k here. */
export function stepAnatomy({ optimizer, variables, take }: OptimizerStep, components: readonly ProbeComponent[], gradient: readonly (number | null)[]): StepAnatomy {
  return trialStep(optimizer, variables, () => {
    const before = components.map((c) => slotValues(optimizer, c));
    const fields = optimizerFields(optimizer);
    const at = components.map(valueOf);
    take();
    const after = components.map((c) => slotValues(optimizer, c));
    const rule = RULES[optimizerName(optimizer)];
    const worked = components.map((_, k) => {
      const g = gradient[k];
      return g === null ? null : rule({ g, before: slotOr0(before[k]), after: slotOr0(after[k]), o: fields });
    });
    const state = Object.fromEntries([...(after[0]?.keys() ?? [])].map((slot) => [slot, after.map((values) => finite(values.get(slot)))]));
    const termNames = [...new Set(worked.flatMap((w) => (w ? Object.keys(w.terms) : [])))];
    return {
      state,
      terms: Object.fromEntries(termNames.map((name) => [name, worked.map((w) => finite(w?.terms[name]))])),
      rate: worked.map((w) => finite(w?.rate)),
      explained: worked.map((w) => finite(w?.explained)),
      taken: components.map((c, k) => finite(valueOf(c) - at[k])),
    };
  });
}

/** What a rule reads: the gradient, a slot's value before and after the step (0 before it exists), the optimizer's settings. */
interface RuleInput {
  g: number;
  before(slot: string): number;
  after(slot: string): number;
  o: OptimizerFields;
}

interface Worked {
  rate: number;
  explained: number;
  terms: Record<string, number>;
}

/** Each optimizer's rule for one component, as tfjs 4.22 applies it (its optimizers/*.js). */
const RULES: Record<OptimizerName, (input: RuleInput) => Worked> = {
  sgd: ({ g, o }) => ({ rate: o.learningRate, explained: -o.learningRate * g, terms: {} }),
  momentum: ({ g, after, o }): Worked => {
    const velocity = after('momentum');
    // Nesterov's step looks ahead: the gradient plus the momentum of the velocity just updated.
    if (!o.useNesterov) return { rate: o.learningRate, explained: -o.learningRate * velocity, terms: {} };
    const lookahead = g + o.momentum * velocity;
    return { rate: o.learningRate, explained: -o.learningRate * lookahead, terms: { lookahead } };
  },
  adagrad: ({ g, after, o }) => {
    const rate = o.learningRate / Math.sqrt(after('accumulator') + o.backendEpsilon);
    return { rate, explained: -rate * g, terms: {} };
  },
  // tfjs's adadelta scales this step by the averages as they were before it.
  adadelta: ({ g, before, o }) => {
    const rate = (o.learningRate * Math.sqrt(before('accum_var') + o.epsilon)) / Math.sqrt(before('accum_grad') + o.epsilon);
    return { rate, explained: -rate * g, terms: {} };
  },
  adam: ({ after, o }) => {
    const mHat = after('m') / (1 - o.accBeta1);
    const vHat = after('v') / (1 - o.accBeta2);
    const rate = o.learningRate / (Math.sqrt(vHat) + o.epsilon);
    return { rate, explained: -rate * mHat, terms: { mHat, vHat } };
  },
  adamax: ({ after, o }) => {
    const mHat = after('m') / (1 - o.accBeta1);
    const rate = o.learningRate / (1 + o.decay * o.iteration) / (after('u') + o.epsilon);
    return { rate, explained: -rate * mHat, terms: { mHat } };
  },
  rmsprop: ({ g, before, after, o }) => {
    // Centered, tfjs takes epsilon away with the squared mean gradient.
    const spread = o.centered ? after('rms') - (after('mg') ** 2 + o.epsilon) : after('rms') + o.epsilon;
    const rate = o.learningRate / Math.sqrt(spread);
    return { rate, explained: -(o.momentum * before('momentum') + rate * g), terms: {} };
  },
};

/** The settings and running numbers the rules read, as the optimizer holds them before the step. */
interface OptimizerFields {
  learningRate: number;
  momentum: number;
  useNesterov: boolean;
  centered: boolean;
  epsilon: number;
  decay: number;
  /** adam's and adamax's β₁ᵗ and adam's β₂ᵗ, which their bias correction divides by. */
  accBeta1: number;
  accBeta2: number;
  /** adamax's count of steps, which its decay divides the learning rate by. */
  iteration: number;
  /** What adagrad adds under its square root: the backend's epsilon at the step. */
  backendEpsilon: number;
}

function optimizerFields(optimizer: tf.Optimizer): OptimizerFields {
  const fields = optimizer as unknown as Record<string, unknown>;
  const number = (name: string) => {
    const field = fields[name];
    return field instanceof tf.Tensor ? field.dataSync()[0] : typeof field === 'number' ? field : 0;
  };
  return {
    learningRate: number('learningRate'),
    momentum: number('momentum'),
    useNesterov: fields.useNesterov === true,
    centered: fields.centered === true,
    epsilon: number('epsilon'),
    decay: number('decay'),
    accBeta1: number('accBeta1'),
    accBeta2: number('accBeta2'),
    iteration: number('iteration'),
    backendEpsilon: tf.backend().epsilon(),
  };
}

function slotValues(optimizer: tf.Optimizer, { variable, index }: ProbeComponent): Map<string, number> {
  return new Map([...slotsOf(optimizer, variable.name)].map(([slot, tensor]) => [slot, tensor.dataSync()[index]]));
}

function slotOr0(values: Map<string, number>): (slot: string) => number {
  return (slot) => values.get(slot) ?? 0;
}

function valueOf({ variable, index }: ProbeComponent): number {
  return variable.dataSync()[index];
}

function finite(n: number | undefined): number | null {
  return n !== undefined && Number.isFinite(n) ? n : null;
}
