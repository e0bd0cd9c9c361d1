// The trainer's Web Worker. Its script is a blob that starts with the compiled scratch (wrapped
// by wrapScratch) followed by this bundle; a run is one worker, terminated to stop it.
import * as tf from '@tensorflow/tfjs';
import { validateToWorker, type FromWorker } from '../src/protocol';
import { ScratchSource } from './trainer/locate';
import { runScratch } from './trainer/runScratch';
import { SCRATCH_LOADER, type ScratchExports } from './trainer/scratchModule';

interface WorkerScope {
  location: { href: string };
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent) => void) | null;
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
  await tf.setBackend(start.backend);
  await tf.ready();
  await runScratch(
    {
      load: () => (scope[SCRATCH_LOADER] as () => ScratchExports | undefined)(),
      source: new ScratchSource(scope.location.href, start.sourceMap, start.file),
      defaultBackend: start.backend,
    },
    { emit: (e) => scope.postMessage(e), now: () => performance.now() },
  );
};
