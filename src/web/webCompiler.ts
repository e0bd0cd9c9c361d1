// The web extension host's compiler: esbuild's browser build in the host's own Web Worker (it has
// no worker_threads), its WebAssembly read from the extension's files, and the learner's relative
// imports read through vscode.workspace.fs.
import * as esbuild from 'esbuild-wasm';
import * as vscode from 'vscode';
import { compileWith, type Compiled, type ScratchText } from '../compiler/compile';
import { learnerFilesPlugin } from '../compiler/learnerFiles';
import type { ScratchCompiler } from '../extension/scratchCompiler';
import { workspaceFiles } from './workspaceFiles';

// The host's settings have no DOM library, which is where TypeScript declares WebAssembly's functions.
const { compile: compileWasm } = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly;

/** Where an untitled scratch's imports would be read: nowhere, so they are not found. */
const NO_FOLDER = vscode.Uri.from({ scheme: 'untitled', path: '/' });

export class WebCompiler implements ScratchCompiler {
  private ready: Promise<void> | null = null;

  /** wasm: esbuild's esbuild.wasm among the extension's files. */
  constructor(private readonly wasm: vscode.Uri) {}

  warmUp(): void {
    void this.compile({ text: '', file: 'warm-up.ts', dir: null }, null);
  }

  pathOf(folder: vscode.Uri): string {
    return folder.path;
  }

  async compile(scratch: ScratchText, folder: vscode.Uri | null): Promise<Compiled> {
    try {
      await this.started();
    } catch (thrown) {
      return { ok: false, error: { kind: 'compile', message: `The compiler could not start: ${String(thrown)}`, file: scratch.file, line: null, column: null } };
    }
    const files = workspaceFiles(folder ?? NO_FOLDER);
    return compileWith(esbuild, scratch, files, [learnerFilesPlugin(files)]);
  }

  dispose(): void {}

  /** esbuild's WebAssembly, started once; a start that failed is tried again by the next compile. */
  private started(): Promise<void> {
    this.ready ??= this.start().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private async start(): Promise<void> {
    const wasmModule = await compileWasm(await vscode.workspace.fs.readFile(this.wasm));
    await esbuild.initialize({ wasmModule, worker: false });
  }
}
