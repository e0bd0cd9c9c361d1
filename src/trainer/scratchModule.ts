// How a compiled scratch is wrapped so that the runtime decides when its top level runs. The same
// wrapper serves the worker (where it opens the worker's script) and the CLI (node's vm).
import { SCRATCH_GLOBAL, TF_GLOBAL } from '../shared/protocol';

/** The global function that evaluates the scratch's top level and returns its exports. */
export const SCRATCH_LOADER = '__descentLoadScratch';

/** How many lines the wrapper puts before the compiled code: stack positions are shifted by it. */
export const SCRATCH_LINE_OFFSET = 1;

/**
 * The course's page loads tfjs with a script tag, so its scratch uses a global `tf` with no import:
 * the loader's scope gives the scratch one, which a scratch's own import of tfjs shadows.
 */
export function wrapScratch(compiled: string): string {
  return `var ${SCRATCH_LOADER} = function () { var tf = globalThis.${TF_GLOBAL};\n${compiled}\nreturn typeof ${SCRATCH_GLOBAL} === 'undefined' ? undefined : ${SCRATCH_GLOBAL};\n};\n`;
}

export interface ScratchExports {
  default?: unknown;
}
