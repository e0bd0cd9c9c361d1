// The learner's files on node:fs, for the desktop's compiler thread and the command line.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { LearnerFiles } from '../compiler/learnerFiles';

export const nodeFiles: LearnerFiles = {
  path,
  get home() {
    return process.cwd();
  },
  async read(file) {
    try {
      return await readFile(file, 'utf8');
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw thrown;
    }
  },
  isFile: (file) => stat(file).then(
    (found) => found.isFile(),
    () => false,
  ),
};
