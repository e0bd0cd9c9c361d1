// The command line's compiler: esbuild's Node API, with the learner's files on node:fs.
import * as esbuild from 'esbuild-wasm';
import { compileWith, type Compiled, type ScratchText } from '../compiler/compile';
import { nodeFiles } from './nodeFiles';

export function compileScratch(scratch: ScratchText): Promise<Compiled> {
  return compileWith(esbuild, scratch, nodeFiles, []);
}

/**
 * Ends esbuild's service. A process that compiles once calls it: the service keeps compiling its
 * WebAssembly in the background, which takes a core from the training.
 */
export function stopCompiler(): Promise<void> {
  return esbuild.stop();
}
