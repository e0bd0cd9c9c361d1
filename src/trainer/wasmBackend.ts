// tfjs's WebAssembly backend, registered by importing this module. Its .wasm files ship with the
// extension (dist/webview/wasm/). The CLI points tfjs at their folder; the webview's worker gets
// the one it needs from its page, in memory, since VS Code does not reliably answer a worker's
// requests for webview resources.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { WasmFileName } from '../shared/protocol';
import { prepareBackendWith } from './backends';

/** Where esbuild.mjs puts the .wasm files, under dist/. */
export const WASM_FOLDER = 'webview/wasm';

/** Points the wasm backend at the folder (ending in / or the path separator) that holds its .wasm files. */
export function useWasmFiles(folder: string): void {
  withoutThreads();
  setWasmPaths(folder);
}

/** The address tfjs asks its platform for, answered from memory by serveWasmFile. */
const IN_MEMORY = 'descent-wasm/';

/**
 * Hands the wasm backend its binary from memory: before wasm first starts, `fetchFile` gets the
 * file tfjs needs here (with SIMD or without), and tfjs's platform fetch answers with it.
 */
export function serveWasmFile(fetchFile: (name: WasmFileName) => Promise<Blob>): void {
  withoutThreads();
  prepareBackendWith('wasm', async () => {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const name: WasmFileName = simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
    const file = await fetchFile(name);
    const platform = tf.env().platform;
    const fetchElsewhere = platform.fetch.bind(platform);
    platform.fetch = (path, init) => (path === IN_MEMORY + name ? Promise.resolve(new Response(file)) : fetchElsewhere(path, init));
    // true: tfjs instantiates the module from what the platform's fetch answers, not by streaming from the address.
    setWasmPaths(IN_MEMORY, true);
  });
}

/** Only the plain and SIMD builds ship: threads need cross-origin isolation, which a webview lacks. */
function withoutThreads(): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}
