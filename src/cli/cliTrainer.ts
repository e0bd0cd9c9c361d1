// The CLI's trainer thread: evaluates the compiled scratch in this Node thread and runs it with
// the shared trainer core (on Node's first backend, the CPU one, unless --backend names another),
// posting every event to the CLI's main thread.
import * as tf from '@tensorflow/tfjs';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Backend, TrainerEvent } from '../shared/protocol';
import { NODE_BACKENDS, startFirstBackend } from '../trainer/backends';
import { ScratchSource } from '../trainer/scratchSource';
import { runScratch } from '../trainer/runScratch';
import { useWasmFiles, WASM_FOLDER } from '../trainer/wasmBackend';
import { NODE_SCRIPT_NAME, nodeScratchLoader } from './nodeScratch';

export interface CliTrainerData {
  file: string;
  code: string;
  sourceMap: string;
  backendOverride?: Backend;
  epochs?: number;
}

async function main(data: CliTrainerData): Promise<void> {
  // This bundle is dist/cliTrainer.js; the .wasm files are in dist/webview/wasm.
  useWasmFiles(path.join(__dirname, ...WASM_FOLDER.split('/')) + path.sep);
  const emit = (event: TrainerEvent) => parentPort?.postMessage(event);
  // The lesson form trains on the backend its top level starts on: the one --backend names, unless
  // that is 'auto', which only a config's plans can time.
  const note = await startQuietly(data.backendOverride ?? NODE_BACKENDS.first);
  if (note) emit({ type: 'print', run: null, level: 'warn', text: note });
  await runScratch(
    {
      load: nodeScratchLoader(data.code),
      source: new ScratchSource(NODE_SCRIPT_NAME, data.sourceMap, data.file),
      defaultBackend: NODE_BACKENDS.first,
      backends: NODE_BACKENDS,
      backend: data.backendOverride,
      epochs: data.epochs,
    },
    { emit, now: () => performance.now() },
  );
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
