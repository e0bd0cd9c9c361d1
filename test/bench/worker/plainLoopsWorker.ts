// The bench's plain-tfjs Web Worker: one task per worker, like one run per worker in Descent.
import * as tf from '@tensorflow/tfjs';
import { runLessonLoop } from './lessonLoops';
import { runRegression } from './regressionLoop';
import type { PlainReply, PlainTask } from './tasks';

interface WorkerScope {
  onmessage: ((event: { data: PlainTask }) => void) | null;
  postMessage(reply: PlainReply): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = async ({ data: task }) => {
  try {
    if (!(await tf.setBackend(task.backend))) throw new Error(`the ${task.backend} backend is not available`);
    await tf.ready();
    scope.postMessage(task.kind === 'regression' ? runRegression(task) : runLessonLoop(task));
  } catch (error) {
    scope.postMessage({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
};
