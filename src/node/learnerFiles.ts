// An esbuild plugin that finds and reads the learner's relative imports through node:fs, as
// esbuild's Node API would, for its browser build, which has no file system of its own; and that
// reading, for the scripts of a page (pageScript.ts).
import type * as esbuild from 'esbuild-wasm';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** What an import without an extension may name, in the order esbuild tries them. */
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.cjs', '.json'];
const LOADERS: Record<string, esbuild.Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx', '.json': 'json' };

export const learnerFiles: esbuild.Plugin = {
  name: 'descent-learner-files',
  setup(build) {
    build.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
      const found = findFile(path.resolve(args.resolveDir, args.path));
      return found ? { path: found } : { errors: [{ text: `Could not resolve "${args.path}"` }] };
    });
    build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => ({
      contents: readLearnerFile(args.path),
      loader: LOADERS[path.extname(args.path)] ?? 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

export function readLearnerFile(file: string): string {
  return readFileSync(file, 'utf8');
}

function findFile(base: string): string | null {
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find(isFile) ?? null;
}

function isFile(candidate: string): boolean {
  try {
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}
