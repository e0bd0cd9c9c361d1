// The CLI's trainer thread: evaluates the compiled scratch in this Node thread and runs it with
// the shared trainer core (on the CPU backend unless --backend names another), posting every
// event to the CLI's main thread.
import * as tf from '@tensorflow/tfjs';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ScratchSource } from '../trainer/locate';
import { runScratch } from '../trainer/runScratch';
import { useWasmFiles, WASM_FOLDER } from '../trainer/wasmBackend';
import { NODE_SCRIPT_NAME, nodeScratchLoader } from './nodeScratch';
import type { Backend, TrainingBackend } from '../shared/protocol';

export interface CliTrainerData {
  file: string;
  code: string;
  sourceMap: string;
  /** The CLI's own backend, used when the scratch names none. */
  backend: TrainingBackend;
  backendOverride?: Backend;
  epochs?: number;
}

async function main(data: CliTrainerData): Promise<void> {
  // This bundle is dist/cliTrainer.js; the .wasm files are in dist/webview/wasm.
  useWasmFiles(path.join(__dirname, ...WASM_FOLDER.split('/')) + path.sep);
  // The lesson form trains on the backend its top level starts on: the one --backend names, unless
  // that is 'auto', which only a config's plans can time.
  await quietBackend(data.backendOverride && data.backendOverride !== 'auto' ? data.backendOverride : data.backend);
  await runScratch(
    {
      load: nodeScratchLoader(data.code),
      source: new ScratchSource(NODE_SCRIPT_NAME, data.sourceMap, data.file),
      defaultBackend: data.backend,
      backend: data.backendOverride,
      epochs: data.epochs,
    },
    { emit: (event) => parentPort?.postMessage(event), now: () => performance.now() },
  );
}

/** tfjs greets Node users with advice to install tfjs-node on its first tensor; keep that out of the output. */
async function quietBackend(backend: TrainingBackend): Promise<void> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    await tf.setBackend(backend);
    tf.tensor(0).dispose();
  } finally {
    console.warn = warn;
  }
}

void main(workerData as CliTrainerData);
