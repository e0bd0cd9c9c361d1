// The learner's files as the compiler reads them, whichever the host: node:fs on the desktop,
// vscode.workspace.fs on the web (LearnerFiles); and an esbuild plugin that finds and reads the
// relative imports through them, for esbuild's browser build, which has no file system of its own.
import type * as esbuild from 'esbuild-wasm';

/** The path functions of the host's paths: node:path on the desktop, '/'-separated URI paths on the web. */
export interface PathFunctions {
  sep: string;
  basename(path: string): string;
  dirname(path: string): string;
  extname(path: string): string;
  join(...paths: string[]): string;
  resolve(...paths: string[]): string;
  relative(from: string, to: string): string;
}

export interface LearnerFiles {
  readonly path: PathFunctions;
  /** Where an untitled scratch's imports start. */
  readonly home: string;
  /** The file's text, or null when there is no such file; throws when it is there but cannot be read. */
  read(file: string): Promise<string | null>;
  isFile(file: string): Promise<boolean>;
}

/** What an import without an extension may name, in the order esbuild tries them. */
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.cjs', '.json'];
const LOADERS: Record<string, esbuild.Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx', '.json': 'json' };

export function learnerFilesPlugin(files: LearnerFiles): esbuild.Plugin {
  const { path } = files;
  const findFile = async (base: string): Promise<string | null> => {
    const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
    for (const candidate of candidates) if (await files.isFile(candidate)) return candidate;
    return null;
  };
  return {
    name: 'descent-learner-files',
    setup(build) {
      build.onResolve({ filter: /^\.\.?(\/|$)/ }, async (args) => {
        const found = await findFile(path.resolve(args.resolveDir, args.path));
        return found ? { path: found } : { errors: [{ text: `Could not resolve "${args.path}"` }] };
      });
      build.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
        const contents = await files.read(args.path);
        if (contents === null) return { errors: [{ text: `Could not read "${args.path}"` }] };
        return { contents, loader: LOADERS[path.extname(args.path)] ?? 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}
