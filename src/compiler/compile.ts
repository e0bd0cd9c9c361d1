// Compiles the learner's text (saved or not) in memory, with the esbuild it is given: one bundle
// with a source map, in which `@tensorflow/tfjs` is the runtime's own tfjs, `descent` is the
// config helper of media/types/descent.d.ts, and relative imports are the learner's files. An
// HTML page compiles as the one script its scripts make (pageScript.ts).
import type * as esbuild from 'esbuild-wasm';
import { SCRATCH_SCOPE, type DescentError } from '../shared/protocol';
import type { JoinedScript } from './joinedScript';
import type { LearnerFiles, PathFunctions } from './learnerFiles';
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

/** What compiling needs of esbuild: its Node API (the CLI, tests) or its browser build (the extension hosts). */
export type Esbuild = Pick<typeof esbuild, 'build'>;

/**
 * Compiles with the given esbuild; a page's scripts are read from `files`, and `plugins` come after
 * the runtime modules' (e.g. one that reads the learner's files).
 */
export async function compileWith(builder: Esbuild, scratch: ScratchText, files: LearnerFiles, plugins: esbuild.Plugin[]): Promise<Compiled> {
  const { path } = files;
  const dir = scratch.dir ?? files.home;
  const sourcefile = path.basename(scratch.file);
  let page: JoinedScript | null = null;
  try {
    if (isPage(scratch.file)) {
      const joined = await pageAsScript({ html: scratch.text, file: scratch.file, dir }, files);
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
    return { ok: false, error: compileError(thrown, scratch, sourcefile, page, path) };
  }
}

function isPage(file: string): boolean {
  return /\.html?$/i.test(file);
}

/** `page`: the script a page's scripts were joined into, which esbuild's positions are in. */
function compileError(thrown: unknown, scratch: ScratchText, sourcefile: string, page: JoinedScript | null, path: PathFunctions): DescentError {
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
