// The learner's files and the kept runs through vscode.workspace.fs, for the web extension host,
// which has no node:fs: every file system VS Code for the Web offers (a repository, a folder opened
// through the browser, memory, code-server's remote) is reached the same way.
import * as vscode from 'vscode';
import type { LearnerFiles } from '../compiler/learnerFiles';
import * as posix from '../shared/posixPath';
import type { StoreFolder } from '../shared/runStore';

const isNotFound = (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotFound';

async function readText(uri: vscode.Uri): Promise<string | null> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The learner's files by the paths of URIs like `folder`'s (same scheme and authority). */
export function workspaceFiles(folder: vscode.Uri): LearnerFiles {
  const at = (path: string) => folder.with({ path });
  return {
    path: posix,
    home: folder.path,
    read: (file) => readText(at(file)),
    async isFile(file) {
      try {
        return ((await vscode.workspace.fs.stat(at(file))).type & vscode.FileType.File) !== 0;
      } catch {
        return false;
      }
    },
  };
}

export function workspaceStoreFolder(folder: vscode.Uri): StoreFolder {
  const at = (name: string) => vscode.Uri.joinPath(folder, name);
  return {
    where: (name) => at(name).toString(),
    read: (name) => readText(at(name)),
    async write(name, text) {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(at(name), new TextEncoder().encode(text));
    },
    async rename(from, to) {
      await vscode.workspace.fs.rename(at(from), at(to), { overwrite: true });
    },
    async remove(name) {
      try {
        await vscode.workspace.fs.delete(at(name));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}
