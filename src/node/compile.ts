// Compiles the learner's text (saved or not) in memory: one bundle with a source map, in which
// `@tensorflow/tfjs` is the runtime's own tfjs, `descent` is the config helper of
// media/types/descent.d.ts, and relative imports are the learner's files. An HTML page compiles
// as the one script its scripts make (pageScript.ts).
import * as esbuild from 'esbuild-wasm';
import * as path from 'node:path';
import { SCRATCH_SCOPE, type DescentError } from '../shared/protocol';
import type { JoinedScript } from './joinedScript';
import { pageAsScript } from './pageScript';

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
  let page: JoinedScript | null = null;
  try {
    if (isPage(scratch.file)) {
      const joined = pageAsScript({ html: scratch.text, file: scratch.file, dir });
      if (!joined.ok) return joined;
      page = joined.script;
    }
    const result = await builder.build({
      stdin: {
        contents: page?.text ?? scratch.text,
        sourcefile,
        resolveDir: dir,
        loader: page || /\.m?js$|\.cjs$/i.test(scratch.file) ? 'js' : 'ts',
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
    return { ok: false, error: compileError(thrown, scratch, sourcefile, page) };
  }
}

function isPage(file: string): boolean {
  return /\.html?$/i.test(file);
}

/** `page`: the script a page's scripts were joined into, which esbuild's positions are in. */
function compileError(thrown: unknown, scratch: ScratchText, sourcefile: string, page: JoinedScript | null): DescentError {
  const first = (thrown as Partial<esbuild.BuildFailure>).errors?.[0];
  if (!first) return { kind: 'compile', message: String(thrown), file: scratch.file, line: null, column: null };
  const where = first.location;
  const inMain = where?.file === sourcefile;
  const origin = where && inMain && page ? page.origin(where.line, where.column + 1) : null;
  if (origin) return { kind: 'compile', message: first.text, file: path.join(path.dirname(scratch.file), origin.source), line: origin.line, column: origin.column };
  return {
    kind: 'compile',
    message: first.text,
    file: !where || inMain ? scratch.file : path.join(path.dirname(scratch.file), where.file),
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
