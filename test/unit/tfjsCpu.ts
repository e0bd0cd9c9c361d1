// The tfjs CPU backend, quiet, for tests that run the trainer core in this process.
import * as tf from '@tensorflow/tfjs';
import { TF_GLOBAL } from '../../src/protocol';

export async function useCpu(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  (globalThis as Record<string, unknown>)[TF_GLOBAL] = tf;
}
