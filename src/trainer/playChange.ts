// A play change applied where the trainer reads the scratch: a variable's start value (the whole
// of a scalar, or one element by its component name `w[0]`), and an optimizer's learning rate
// and numeric options, so that a run goes as the same scratch would with those numbers written in.
import * as tf from '@tensorflow/tfjs';
import { playRate, type OptimizerSpec, type PlayChange } from '../shared/protocol';
import { flatIndexOf, parseComponentName } from '../shared/variableComponents';
import type { OptimizerName } from '../shared/vocabulary';
import { OPTIMIZERS } from './optimizers';
import type { InitialValue } from './problem';

/** The elements of variable `name` (of this shape) that the change starts elsewhere, by flat index. */
function startsOf(change: PlayChange, name: string, shape: readonly number[]): Map<number, number> {
  const starts = new Map<number, number>();
  for (const [component, value] of Object.entries(change.start)) {
    const parsed = parseComponentName(component);
    if (parsed?.variable !== name) continue;
    // A variable of one element goes by its name alone, as its path does.
    const size = shape.reduce((product, n) => product * n, 1);
    const index = parsed.indices.length === 0 && size === 1 ? 0 : flatIndexOf(shape, parsed.indices);
    if (index !== null) starts.set(index, value);
  }
  return starts;
}

/** A config's initial value with the change's start values in it; the same value when the change has none for it. */
export function playedValue(change: PlayChange, name: string, value: InitialValue): InitialValue {
  if (value instanceof tf.Tensor) return playedTensor(change, name, value);
  const shape = shapeOf(value);
  const starts = startsOf(change, name, shape);
  if (starts.size === 0) return value;
  let next = 0;
  const rebuild = (v: InitialValue): InitialValue => {
    if (Array.isArray(v)) return v.map(rebuild);
    const index = next++;
    return starts.get(index) ?? (v as number);
  };
  return rebuild(value);
}

/** A tensor with the change's start values in it (a new one, the caller's to free), or the same tensor when the change has none for it. */
export function playedTensor(change: PlayChange, name: string | undefined, tensor: tf.Tensor): tf.Tensor {
  const starts = name === undefined ? new Map<number, number>() : startsOf(change, name, tensor.shape);
  if (starts.size === 0) return tensor;
  const values = Float32Array.from(tensor.dataSync());
  starts.forEach((value, index) => (values[index] = value));
  return tf.tensor(values, tensor.shape, tensor.dtype);
}

/** A config's optimizer under the change: its rate times the factor, its numeric options as the change gives them. */
export function playedSpec(change: PlayChange, spec: OptimizerSpec): OptimizerSpec {
  const options = { ...spec.options };
  for (const [option, value] of Object.entries(change.options)) {
    if (OPTIMIZERS[spec.name].options[option]?.type === 'number') options[option] = value;
  }
  return { name: spec.name, learningRate: playRate(spec.learningRate, change.rateFactor), options };
}

/**
 * The arguments of the learner's `tf.train[name](…)` call under the change: the rate (its first)
 * times the factor, and each numeric option at its place after it. A rate left out (adam's
 * default) stays left out, unless the factor changes it.
 */
export function playedArgs(change: PlayChange, name: OptimizerName, args: readonly unknown[]): unknown[] {
  const info = OPTIMIZERS[name];
  const played = [...args];
  const rate = typeof args[0] === 'number' ? args[0] : info.defaultLearningRate;
  if (rate !== null && change.rateFactor !== 1) played[0] = playRate(rate, change.rateFactor);
  Object.entries(info.options).forEach(([option, { type }], k) => {
    const value = change.options[option];
    if (type === 'number' && value !== undefined) played[k + 1] = value;
  });
  return played;
}

function shapeOf(v: InitialValue): number[] {
  return Array.isArray(v) ? [v.length, ...shapeOf(v[0])] : [];
}
