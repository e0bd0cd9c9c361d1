// The lesson's training loop as a learner writes it, without Descent: the floor (`bare`) and the
// lesson's per-epoch read (`naive`). Timed from building the tensors to the last value read back.
import * as tf from '@tensorflow/tfjs';
import { LESSON_LEARNING_RATE, LESSON_START_X, LESSON_YS } from '../../support/lesson';
import type { LessonReply, LessonTask } from './tasks';

export function runLessonLoop(task: LessonTask): LessonReply {
  const started = performance.now();
  const x = tf.variable(tf.scalar(LESSON_START_X));
  const ys = tf.tensor(LESSON_YS);
  const optimizer = tf.train.sgd(LESSON_LEARNING_RATE);
  const loss = (): tf.Scalar => ys.mul(x).square().mean();
  const epoch = task.kind === 'bare' ? () => void optimizer.minimize(loss) : () => readCost(optimizer.minimize(loss, true));
  try {
    // The first epoch alone: in a fresh worker it compiles the WebGL programs the rest reuse.
    epoch();
    x.dataSync();
    const firstEpochMs = performance.now() - started;
    for (let i = 1; i < task.epochs; i++) epoch();
    // WebGL queues its work: reading x waits for every update to have run on the GPU.
    x.dataSync();
    return { kind: 'lesson', backend: tf.getBackend(), epochs: task.epochs, ms: performance.now() - started, firstEpochMs };
  } finally {
    optimizer.dispose();
    tf.dispose([x, ys]);
  }
}

function readCost(cost: tf.Scalar | null): void {
  cost?.dataSync();
  cost?.dispose();
}
