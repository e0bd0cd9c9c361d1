// The `main` entry: Descent in VS Code's Node extension host, compiling in a worker thread of its
// own and keeping runs through node:fs.
import * as vscode from 'vscode';
import { activateDescent, type DescentApi } from '../extension/extension';
import { nodeStoreFolder } from '../node/nodeStoreFolder';
import { Compiler } from './compiler';

export function activate(context: vscode.ExtensionContext): DescentApi {
  return activateDescent(context, {
    compiler: ({ extensionUri }) => new Compiler(vscode.Uri.joinPath(extensionUri, 'dist', 'compilerThread.js').fsPath),
    runsFolder: (storage) => nodeStoreFolder(storage.fsPath),
  });
}

export function deactivate(): void {}
