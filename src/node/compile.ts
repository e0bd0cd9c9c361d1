// Compiles the learner's text (saved or not) in memory: one bundle with a source map, in which
// `@tensorflow/tfjs` is the runtime's own tfjs, `descent` is the config helper of
// media/types/descent.d.ts, and relative imports are the learner's files.
import * as esbuild from 'esbuild-wasm';
import * as path from 'node:path';
import { SCRATCH_SCOPE, type DescentError } from '../shared/protocol';

export interface ScratchText {
  text: string;
  /** The file as the user knows it (workspace-relative or as typed): what messages name. */
  file: string;
  /** The folder relative imports start from; null for an untitled file. */
  dir: string | null;
}

export type Compiled = { ok: true; code: string; sourceMap: string } | { ok: false; error: DescentError };

const RUNTIME_MODULES: Record<string, string> = {
  '@tensorflow/tfjs': `module.exports = globalThis.${SCRATCH_SCOPE}.tf;`,
  '@tensorflow/tfjs-core': `module.exports = globalThis.${SCRATCH_SCOPE}.tf;`,
  descent: 'exports.defineOptimization = (config) => config;',
};

const runtimeModules: esbuild.Plugin = {
  name: 'descent-runtime-modules',
  setup(build) {
    build.onResolve({ filter: /^(@tensorflow\/tfjs(-core)?|descent)$/ }, (args) => ({ path: args.path, namespace: 'descent-runtime' }));
    build.onLoad({ filter: /.*/, namespace: 'descent-runtime' }, (args) => ({ contents: RUNTIME_MODULES[args.path], loader: 'js' }));
  },
};

/** What compiling needs of esbuild: its Node API (the CLI, tests) or its browser build (the extension host). */
export type Esbuild = Pick<typeof esbuild, 'build'>;

export function compileScratch(scratch: ScratchText): Promise<Compiled> {
  return compileWith(esbuild, scratch, []);
}

/** Compiles with the given esbuild; `plugins` come after the runtime modules' (e.g. one that reads the learner's files). */
export async function compileWith(builder: Esbuild, scratch: ScratchText, plugins: esbuild.Plugin[]): Promise<Compiled> {
  const dir = scratch.dir ?? process.cwd();
  const sourcefile = path.basename(scratch.file);
  try {
    const result = await builder.build({
      stdin: {
        contents: scratch.text,
        sourcefile,
        resolveDir: dir,
        loader: /\.m?js$|\.cjs$/i.test(scratch.file) ? 'js' : 'ts',
      },
      absWorkingDir: dir,
      bundle: true,
      write: false,
      // A module, so that top-level await compiles; wrapScratch (src/trainer/scratchModule.ts) runs it.
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      sourcemap: 'external',
      outfile: path.join(dir, 'scratch.descent.js'),
      logLevel: 'silent',
      plugins: [runtimeModules, ...plugins],
    });
    const code = result.outputFiles.find((f) => f.path.endsWith('.js'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
    if (!code || !map) throw new Error('esbuild produced no output');
    return { ok: true, code: code.text, sourceMap: map.text };
  } catch (thrown) {
    return { ok: false, error: compileError(thrown, scratch, sourcefile) };
  }
}

function compileError(thrown: unknown, scratch: ScratchText, sourcefile: string): DescentError {
  const first = (thrown as Partial<esbuild.BuildFailure>).errors?.[0];
  if (!first) return { kind: 'compile', message: String(thrown), file: scratch.file, line: null, column: null };
  const where = first.location;
  const file = !where || where.file === sourcefile ? scratch.file : path.join(path.dirname(scratch.file), where.file);
  return {
    kind: 'compile',
    message: first.text,
    file,
    line: where?.line ?? null,
    column: where ? where.column + 1 : null,
  };
}

/**
 * Ends esbuild's service. A process that compiles once calls it: the service keeps compiling its
 * WebAssembly in the background, which takes a core from the training.
 */
export function stopCompiler(): Promise<void> {
  return esbuild.stop();
}
