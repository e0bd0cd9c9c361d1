// The tfjs CPU backend, quiet, for tests that run the trainer core in this process.
import * as tf from '@tensorflow/tfjs';

export async function useCpu(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
}
