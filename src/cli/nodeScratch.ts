// Evaluates a compiled scratch in this Node thread, the way the worker does in the browser.
import * as vm from 'node:vm';
import { SCRATCH_LOADER, wrapScratch, type Rejections, type ScratchLoader } from '../trainer/scratchModule';

/** What the scratch is called in stack traces. */
export const NODE_SCRIPT_NAME = 'descent-scratch.js';

/** Defines the scratch without running it; calling the result runs its top level and resolves to its exports. */
export function nodeScratchLoader(code: string): ScratchLoader {
  return vm.runInThisContext(`${wrapScratch(code)}${SCRATCH_LOADER}`, { filename: NODE_SCRIPT_NAME }) as ScratchLoader;
}

/** A scratch's async code that fails with nobody catching it, in this Node thread. */
export const nodeRejections: Rejections = (listener) => {
  process.on('unhandledRejection', listener);
  return () => process.off('unhandledRejection', listener);
};
