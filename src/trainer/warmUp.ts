// Gets a worker's backend ready for a scratch it has not seen yet: the lesson's problem, trained a
// few epochs with sgd and with adam through the same trainer a run uses, compiles the kernels most
// scratches need (WebGL compiles a shader the first time each is used). Nothing is reported.
import * as tf from '@tensorflow/tfjs';
import type { TrainingBackend } from '../shared/protocol';
import { readConfig } from './config';
import { train } from './train';

const WARM_UP_CONFIG = {
  variables: { x: 4.12 },
  data: { ys: [2, -5, 16, -24, 3] },
  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),
  optimizer: ['sgd', 'adam'],
  learningRate: 0.0001,
  epochs: 3,
};

/**
 * Trains the warm-up on the active backend, `backend`, and frees all it made. Once `wanted` says a
 * run is waiting, the warm-up ends after the optimizer it is training: that run goes first.
 */
export async function warmUp(backend: TrainingBackend, now: () => number, wanted: () => boolean): Promise<void> {
  const config = readConfig(WARM_UP_CONFIG, { defaultBackend: backend });
  tf.engine().startScope();
  try {
    for (const plan of config.plans) {
      if (wanted()) break;
      await train(config.problem, plan, { emit: () => undefined, now });
    }
  } finally {
    tf.engine().endScope();
  }
}
