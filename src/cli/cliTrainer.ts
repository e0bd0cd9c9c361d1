// The CLI's trainer thread: evaluates the compiled scratch in this Node thread and runs it with
// the shared trainer core (on Node's first backend, the CPU one, unless --backend names another),
// posting every event to the CLI's main thread; with --landscape, the runs' landscape before the
// last event.
import * as tf from '@tensorflow/tfjs';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Backend, TrainerEvent } from '../shared/protocol';
import { INITIAL_RUN_STATE, nextRunState } from '../shared/runState';
import { NODE_BACKENDS, startFirstBackend } from '../trainer/backends';
import { ScratchSource } from '../trainer/scratchSource';
import type { LandscapeAnswer } from '../trainer/landscapeRole';
import { runScratch } from '../trainer/runScratch';
import { useWasmFiles, WASM_FOLDER } from '../trainer/wasmBackend';
import { NODE_SCRIPT_NAME, nodeRejections, nodeScratchLoader } from './nodeScratch';
import { runsLandscape } from './runsLandscape';

export interface CliTrainerData {
  file: string;
  code: string;
  sourceMap: string;
  backendOverride?: Backend;
  epochs?: number;
  /** Compute the landscape of the runs once they have ended. */
  landscape?: boolean;
}

// A rejection of the scratch's that comes after its run (the landscape's probe cuts its loop short
// with one) is the scratch's own business, not a reason to end this thread.
process.on('unhandledRejection', () => undefined);

async function main(data: CliTrainerData): Promise<void> {
  // This bundle is dist/cliTrainer.js; the .wasm files are in dist/webview/wasm.
  useWasmFiles(path.join(__dirname, ...WASM_FOLDER.split('/')) + path.sep);
  const post = (message: TrainerEvent | LandscapeAnswer) => parentPort?.postMessage(message);
  // The lesson form trains on the backend its top level starts on: the one --backend names, unless
  // that is 'auto', which only a config's plans can time.
  const note = await startQuietly(data.backendOverride ?? NODE_BACKENDS.first);
  if (note) post({ type: 'print', run: null, level: 'warn', text: note });
  const scratch = { load: nodeScratchLoader(data.code), source: new ScratchSource(NODE_SCRIPT_NAME, data.sourceMap, data.file), rejections: nodeRejections };
  let state = INITIAL_RUN_STATE;
  const emit = (event: TrainerEvent) => {
    if (data.landscape) state = nextRunState(state, event);
    // The main thread ends this thread on `finished`: it is posted once the landscape has been.
    if (event.type !== 'finished') post(event);
  };
  const outcome = await runScratch(
    { ...scratch, defaultBackend: NODE_BACKENDS.first, backends: NODE_BACKENDS, backend: data.backendOverride, epochs: data.epochs },
    { emit, now: () => performance.now() },
  );
  if (data.landscape && !outcome.error) post(await runsLandscape(scratch, state));
  post({ type: 'finished', ...outcome });
}

/** tfjs greets Node users with advice to install tfjs-node on its first tensor; keep that out of the output. */
async function startQuietly(wanted: Backend): Promise<string | null> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const { note } = await startFirstBackend(wanted, NODE_BACKENDS);
    tf.tensor(0).dispose();
    return note;
  } finally {
    console.warn = warn;
  }
}

void main(workerData as CliTrainerData);
