// The bench's plain-tfjs Web Worker: one task per worker, like one run per worker in Descent.
import * as tf from '@tensorflow/tfjs';
import { useWasmFiles } from '../../../src/trainer/wasmBackend';
import { chooseForLineFit } from './autoLineFit';
import { runLessonLoop } from './lessonLoops';
import { runRegression } from './regressionLoop';
import type { PlainReply, PlainRequest } from './tasks';

interface WorkerScope {
  onmessage: ((event: { data: PlainRequest }) => void) | null;
  postMessage(reply: PlainReply): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = async ({ data: { task, wasmUri } }) => {
  try {
    useWasmFiles(wasmUri);
    // 'auto' starts where Descent's worker starts, on WebGL.
    const backend = task.kind === 'auto' ? 'webgl' : task.backend;
    if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend is not available`);
    await tf.ready();
    if (task.kind === 'auto') scope.postMessage(await chooseForLineFit(task));
    else scope.postMessage(task.kind === 'regression' ? runRegression(task) : runLessonLoop(task));
  } catch (error) {
    scope.postMessage({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
};
