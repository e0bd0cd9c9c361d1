// The lesson's bare loop in a fresh Node process on the CPU backend: the floor for the CLI, which
// also trains in a fresh process (so both pay for V8 warming up on the first epochs).
import * as tf from '@tensorflow/tfjs';
import { runLessonLoop } from './worker/lessonLoops';

async function main(epochs: number): Promise<void> {
  // tfjs's first operation in Node recommends tfjs-node on the console; keep stdout for the result.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    await tf.setBackend('cpu');
    tf.tensor(0).dispose();
  } finally {
    console.warn = warn;
  }
  process.stdout.write(`${JSON.stringify(runLessonLoop({ kind: 'bare', backend: 'cpu', epochs }))}\n`);
}

void main(Number(process.argv[2]));
