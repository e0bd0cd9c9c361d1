// The trainer's Web Worker. Its script is this bundle, started before its scratch is known: `warm`
// gets it ready (a backend started, the common kernels compiled), and `start` brings the compiled
// scratch, wrapped by wrapScratch, as a blob: URL to import. A run is one worker, terminated to
// stop it. Started with `probe` instead of `start` (after a `warm` on the cpu backend, when it was
// a spare), the same script is a landscape worker, which trains nothing.
import { summarizeEvent, validateToWorker, type Backend, type FromWorker, type WasmFileAnswer, type WasmFileName, type WorkerStart } from '../src/shared/protocol';
import { BackendUnavailable, BROWSER_BACKENDS, startFirstBackend } from '../src/trainer/backends';
import { LandscapeRole } from '../src/trainer/landscapeRole';
import { ScratchSource } from '../src/trainer/scratchSource';
import { RunGate } from '../src/trainer/runGate';
import { describeError, runScratch } from '../src/trainer/runScratch';
import { SCRATCH_LOADER, type Rejections, type ScratchExports, type ScratchLoader } from '../src/trainer/scratchModule';
import { serveWasmFile } from '../src/trainer/wasmBackend';
import { warmUp } from '../src/trainer/warmUp';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent) => void) | null;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  removeEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  importScripts(url: string): void;
}

const scope = self as unknown as WorkerScope & Record<string, unknown>;

/** The page's answers to this worker's requests for wasm files, by file. */
const wasmAnswers = new Map<WasmFileName, (answer: WasmFileAnswer) => void>();

serveWasmFile(
  (name) =>
    new Promise<Blob>((resolve, reject) => {
      wasmAnswers.set(name, ({ file, problem }) => (file ? resolve(file) : reject(new BackendUnavailable(`its file could not be loaded (${problem})`))));
      scope.postMessage({ type: 'wasmFileWanted', name });
    }),
);

let started = false;
/** The warm-up under way or done; a run starts after it (never at the same time on one engine). */
let warming: Promise<void> = Promise.resolve();
const landscape = new LandscapeRole((answer) => scope.postMessage(answer));
/** The learner's Pause, Step and Resume, for the runs this worker trains. */
const gate = new RunGate();

scope.onmessage = (event) => {
  const checked = validateToWorker(event.data);
  if (!checked.ok) {
    scope.postMessage({ type: 'print', run: null, level: 'error', text: `Descent worker ignored a malformed message: ${checked.problem}` });
    return;
  }
  const message = checked.message;
  if (message.type === 'wasmFile') {
    wasmAnswers.get(message.name)?.(message);
    wasmAnswers.delete(message.name);
  } else if (message.type === 'control') {
    gate[message.action]();
  } else if (message.type === 'warm' && !started) {
    warming = warm(message.backend);
  } else if (message.type === 'start' && !started) {
    started = true;
    void train(message);
  } else if (message.type === 'probe' && !started) {
    started = true;
    void landscape.start({ load: () => importScratch(message.scratchUrl), source: new ScratchSource(message.scratchUrl, message.sourceMap, message.file), rejections }, warming);
  } else if (message.type === 'landscapeRequest' || message.type === 'previewRequest') {
    landscape.request(message);
  }
};
scope.postMessage({ type: 'workerStarted' });

/** Imports the compiled scratch and evaluates its top level; resolves to its exports. */
function importScratch(url: string): Promise<ScratchExports | undefined> {
  try {
    scope.importScripts(url);
  } catch (thrown) {
    throw new Error(`The trainer could not load the compiled scratch (${thrown instanceof Error ? thrown.message : String(thrown)}).`);
  }
  return (scope[SCRATCH_LOADER] as ScratchLoader)();
}

/** A scratch's async code that fails with nobody catching it: the runner says where, the console need not. */
const rejections: Rejections = (listener) => {
  const onRejection = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    listener(event.reason);
  };
  scope.addEventListener('unhandledrejection', onRejection);
  return () => scope.removeEventListener('unhandledrejection', onRejection);
};

async function warm(backend: Backend): Promise<void> {
  try {
    const ready = await startFirstBackend(backend, BROWSER_BACKENDS);
    // A run posted while this worker's script loaded is dispatched now, before the warm-up would start: it goes first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await warmUp(ready.backend, () => performance.now(), () => started);
    scope.postMessage({ type: 'warmed', backend: ready.backend });
  } catch (thrown) {
    scope.postMessage({ type: 'warmFailed', reason: thrown instanceof Error ? thrown.message : String(thrown) });
  }
}

async function train(start: WorkerStart): Promise<void> {
  const source = new ScratchSource(start.scratchUrl, start.sourceMap, start.file);
  await warming;
  try {
    const { backend, note } = await startFirstBackend(start.backend, BROWSER_BACKENDS);
    if (note) scope.postMessage({ type: 'print', run: null, level: 'warn', text: note });
    scope.postMessage({ type: 'backendReady', backend });
    await runScratch(
      {
        load: () => importScratch(start.scratchUrl),
        source,
        rejections,
        defaultBackend: start.backend,
        backends: BROWSER_BACKENDS,
        logEvery: start.logEvery,
        play: start.play,
      },
      { emit: (e) => scope.postMessage(summarizeEvent(e)), now: () => performance.now(), gate },
    );
  } catch (thrown) {
    scope.postMessage({ type: 'finished', runs: [], error: describeError(thrown, source) });
  }
}
