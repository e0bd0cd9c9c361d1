// How a compiled scratch (an ES module bundle) is wrapped so that the runtime decides when its top
// level runs. The same wrapper serves the worker (where it opens the worker's script) and the CLI
// (node's vm).
import { SCRATCH_SCOPE } from '../shared/protocol';

/** The global function that evaluates the scratch's top level and resolves to its exports. */
export const SCRATCH_LOADER = '__descentLoadScratch';

/** How many lines the wrapper puts before the compiled code: stack positions are shifted by it. */
export const SCRATCH_LINE_OFFSET = 1;

/**
 * The globals a scratch sees in place of the runtime's own: `tf`, as the course's page gives it
 * with a script tag (a scratch's own import of tfjs shadows it), and the timers, so that the work a
 * scratch schedules can be waited for.
 */
export interface ScratchScope {
  tf: unknown;
  setTimeout: unknown;
  setInterval: unknown;
  clearTimeout: unknown;
  clearInterval: unknown;
  requestAnimationFrame: unknown;
  cancelAnimationFrame: unknown;
  setImmediate: unknown;
  clearImmediate: unknown;
}

const SCOPE_NAMES: readonly (keyof ScratchScope)[] = [
  'tf',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'setImmediate',
  'clearImmediate',
];

/** Sets the scope the next scratch loaded here sees. */
export function provideScope(scope: ScratchScope): void {
  (globalThis as Record<string, unknown>)[SCRATCH_SCOPE] = scope;
}

/**
 * The module's body runs inside an async function, so a top-level `await` works and the loader's
 * promise settles when the top level has; its closing `export { … }` becomes the object it returns.
 * Everything is put on the wrapper's first line, so the compiled code's lines keep their numbers.
 */
export function wrapScratch(compiled: string): string {
  const { body, exports } = splitExports(compiled);
  return (
    `var ${SCRATCH_LOADER} = function () { var { ${SCOPE_NAMES.join(', ')} } = globalThis.${SCRATCH_SCOPE}; return (async () => {\n` +
    `${body}\nreturn { ${exports} };\n})(); };\n`
  );
}

/** `export { a as default, b };` at the bundle's end, as the entries of an object literal. */
function splitExports(compiled: string): { body: string; exports: string } {
  const block = /\nexport\s*\{([^}]*)\};?\s*$/.exec(compiled);
  if (!block) return { body: compiled, exports: '' };
  const entries = block[1]
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [local, exported = local] = entry.split(/\s+as\s+/);
      return `${exported}: ${local}`;
    });
  return { body: compiled.slice(0, block.index), exports: entries.join(', ') };
}

export interface ScratchExports {
  default?: unknown;
}

/** What evaluates a scratch's top level: its exports once the top level (awaits included) has run. */
export type ScratchLoader = () => Promise<ScratchExports | undefined>;

/** Listens to the promise rejections nobody handled in this runtime; returns what stops listening. */
export type Rejections = (listener: (reason: unknown) => void) => () => void;
