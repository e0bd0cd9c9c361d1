// A folder of the kept runs on node:fs (the desktop's extension storage, the tests' temporary folders).
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreFolder } from '../shared/runStore';

export function nodeStoreFolder(folder: string): StoreFolder {
  const where = (name: string) => join(folder, name);
  return {
    where,
    async read(name) {
      try {
        return await readFile(where(name), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(name, text) {
      await mkdir(folder, { recursive: true });
      await writeFile(where(name), text);
    },
    rename: (from, to) => rename(where(from), where(to)),
    remove: (name) => rm(where(name), { force: true }),
  };
}
