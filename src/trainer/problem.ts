// A scratch's problem as the trainer holds it: initial values by name, and the loss over them.
import type * as tf from '@tensorflow/tfjs';

export type InitialValue = tf.Tensor | number | InitialValue[];
export type LossFunction = (inputs: Record<string, tf.Tensor>) => unknown;

export interface Problem {
  variables: Record<string, InitialValue>;
  data: Record<string, InitialValue>;
  loss: LossFunction;
}
