// The `browser` entry: Descent in VS Code for the Web's extension host, a Web Worker without Node,
// compiling in the host itself and keeping runs through vscode.workspace.fs.
import * as vscode from 'vscode';
import { activateDescent, type DescentApi } from '../extension/extension';
import { WebCompiler } from './webCompiler';
import { workspaceStoreFolder } from './workspaceFiles';

export function activate(context: vscode.ExtensionContext): DescentApi {
  return activateDescent(context, {
    compiler: ({ extensionUri }) => new WebCompiler(vscode.Uri.joinPath(extensionUri, 'node_modules', 'esbuild-wasm', 'esbuild.wasm')),
    runsFolder: workspaceStoreFolder,
  });
}

export function deactivate(): void {}
