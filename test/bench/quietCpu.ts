// The tfjs CPU backend in a Node process of the bench, started without the banner that tfjs's
// first operation in Node prints (it recommends tfjs-node): the bench's output is for figures.
import * as tf from '@tensorflow/tfjs';

export async function startQuietCpu(): Promise<void> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    await tf.setBackend('cpu');
    tf.tensor(0).dispose();
  } finally {
    console.warn = warn;
  }
}
