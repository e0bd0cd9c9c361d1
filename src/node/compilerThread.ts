// The extension host's compiler: esbuild's browser build (WebAssembly, in this thread, no
// process of its own) inside a worker_threads worker. esbuild's Node API would start its service
// with `node` from PATH, which a machine with VS Code alone does not have. The learner's own
// files are read through node:fs by a plugin, since the browser build has no file system.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { compileWith, type Esbuild } from '../compiler/compile';
import { learnerFilesPlugin } from '../compiler/learnerFiles';
import { nodeFiles } from './nodeFiles';
import type { CompileReply, CompileRequest } from './compilerMessages';

// The browser build expects a browser's global scope.
(globalThis as Record<string, unknown>).self ??= globalThis;
const esbuild = require('esbuild-wasm/lib/browser.js') as Esbuild & typeof import('esbuild-wasm');
// The host's settings have no DOM library, which is where TypeScript declares WebAssembly's constructors.
const { Module } = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => WebAssembly.Module } }).WebAssembly;
const ready = esbuild.initialize({ wasmModule: new Module(readFileSync(require.resolve('esbuild-wasm/esbuild.wasm'))), worker: false });

parentPort?.on('message', async ({ id, scratch }: CompileRequest) => {
  let reply: CompileReply;
  try {
    await ready;
    reply = { id, compiled: await compileWith(esbuild, scratch, nodeFiles, [learnerFilesPlugin(nodeFiles)]) };
  } catch (thrown) {
    reply = { id, compiled: { ok: false, error: { kind: 'compile', message: `The compiler could not start: ${String(thrown)}`, file: scratch.file, line: null, column: null } } };
  }
  parentPort?.postMessage(reply);
});
