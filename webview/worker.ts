// The trainer's Web Worker. Its script is a blob that starts with the compiled scratch (wrapped
// by wrapScratch) followed by this bundle; a run is one worker, terminated to stop it.
import * as tf from '@tensorflow/tfjs';
import { summarizeEvent, validateToWorker, type FromWorker } from '../src/protocol';
import { ScratchSource } from './trainer/locate';
import { describeError, runScratch } from './trainer/runScratch';
import { SCRATCH_LOADER, type ScratchExports } from './trainer/scratchModule';
import { useWasmFiles } from './trainer/wasmBackend';

interface WorkerScope {
  location: { href: string };
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent) => void) | null;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
}

const scope = self as unknown as WorkerScope & Record<string, unknown>;

scope.onmessage = async (event) => {
  const checked = validateToWorker(event.data);
  if (!checked.ok) {
    scope.postMessage({ type: 'print', run: null, level: 'error', text: `Descent worker ignored a malformed message: ${checked.problem}` });
    return;
  }
  const start = checked.message;
  scope.onmessage = null;
  const source = new ScratchSource(scope.location.href, start.sourceMap, start.file);
  // A promise the scratch rejects without catching is still the learner's error, at their line.
  scope.addEventListener('unhandledrejection', (rejection) => {
    const error = describeError(rejection.reason, source);
    const where = error.line ? ` (${error.file}:${error.line})` : '';
    scope.postMessage({ type: 'print', run: null, level: 'error', text: `Uncaught (in promise) ${error.message}${where}` });
  });
  try {
    if (start.wasmUri) useWasmFiles(start.wasmUri);
    // 'auto' chooses once the problem is known; the scratch's top level runs on WebGL meanwhile.
    const first = start.backend === 'auto' ? 'webgl' : start.backend;
    if (!(await tf.setBackend(first))) {
      scope.postMessage({ type: 'print', run: null, level: 'warn', text: `The ${first} backend is not available here; tfjs chose ${tf.getBackend()}.` });
    }
    await tf.ready();
    await runScratch(
      { load: () => (scope[SCRATCH_LOADER] as () => ScratchExports | undefined)(), source, defaultBackend: start.backend, logEvery: start.logEvery },
      { emit: (e) => scope.postMessage(summarizeEvent(e)), now: () => performance.now() },
    );
  } catch (thrown) {
    scope.postMessage({ type: 'finished', runs: [], error: describeError(thrown, source) });
  }
};
