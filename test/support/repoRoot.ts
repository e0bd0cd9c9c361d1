// The repository root, found upward from this file whether it runs from test/ or from a bundle in dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MARKER = join('media', 'examples', 'lesson.ts');

function findRepoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, MARKER))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
  }
}

export const REPO_ROOT = findRepoRoot();
