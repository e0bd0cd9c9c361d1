// What the host-neutral extension needs of the compiler and the storage that each extension host
// provides in its own way: src/desktop (Node: a compiler thread, node:fs) and src/web (a Web
// Worker: esbuild in the host itself, vscode.workspace.fs).
import type * as vscode from 'vscode';
import type { Compiled, ScratchText } from '../compiler/compile';
import type { StoreFolder } from '../shared/runStore';

export interface ScratchCompiler extends vscode.Disposable {
  /** Starts compiling's WebAssembly ahead of the first run (the first build is the slow one). */
  warmUp(): void;
  /** The folder as the compiler's paths name it: its file path on the desktop, its URI's path on the web. */
  pathOf(folder: vscode.Uri): string;
  /** `folder`: the folder that `scratch.dir` names, whose files the learner's relative imports read. */
  compile(scratch: ScratchText, folder: vscode.Uri | null): Promise<Compiled>;
}

export interface ExtensionHost {
  compiler(context: vscode.ExtensionContext): ScratchCompiler;
  /** The folder of the kept runs, in the extension's storage. */
  runsFolder(storage: vscode.Uri): StoreFolder;
}
