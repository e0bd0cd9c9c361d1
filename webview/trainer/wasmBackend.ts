// tfjs's WebAssembly backend, registered by importing this module. Its .wasm files ship with the
// extension (dist/webview/wasm/); each runtime says where: the worker a webview address, the CLI
// a file path.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Where esbuild.mjs puts the .wasm files, under dist/. */
export const WASM_FOLDER = 'webview/wasm';

/** Points the wasm backend at the folder (ending in / or the path separator) that holds its .wasm files. */
export function useWasmFiles(folder: string): void {
  // Only the plain and SIMD builds ship: threads need cross-origin isolation, which a webview lacks.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(folder);
}
