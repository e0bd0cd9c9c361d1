// Evaluates a compiled scratch in this Node thread, the way the worker does in the browser.
import * as vm from 'node:vm';
import { SCRATCH_LOADER, wrapScratch, type ScratchExports } from '../trainer/scratchModule';

/** What the scratch is called in stack traces. */
export const NODE_SCRIPT_NAME = 'descent-scratch.js';

/** Defines the scratch without running it; calling the result runs its top level and gives its exports. */
export function nodeScratchLoader(code: string): () => ScratchExports | undefined {
  return vm.runInThisContext(`${wrapScratch(code)}${SCRATCH_LOADER}`, { filename: NODE_SCRIPT_NAME }) as () => ScratchExports | undefined;
}
