// The desktop extension host's side of its compiler thread (src/node/compilerThread.ts): started
// when a scratch first shows up, warmed with an empty build, and started again if it ever dies.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { Compiled, ScratchText } from '../compiler/compile';
import type { ScratchCompiler } from '../extension/scratchCompiler';
import type { CompileReply, CompileRequest } from '../node/compilerMessages';

export class Compiler implements ScratchCompiler {
  private thread: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { scratch: ScratchText; resolve: (compiled: Compiled) => void }>();

  /** script: the bundled compilerThread.js. */
  constructor(private readonly script: string) {}

  /** Starts the thread and its WebAssembly ahead of the first run (the first build is the slow one). */
  warmUp(): void {
    void this.compile({ text: '', file: 'warm-up.ts', dir: null });
  }

  pathOf(folder: vscode.Uri): string {
    return folder.fsPath;
  }

  /** The thread reads the learner's files by their paths on disk: `scratch.dir` is enough. */
  compile(scratch: ScratchText): Promise<Compiled> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.waiting.set(id, { scratch, resolve });
      this.started().postMessage({ id, scratch } satisfies CompileRequest);
    });
  }

  dispose(): void {
    void this.thread?.terminate();
    this.thread = null;
  }

  private started(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(path.resolve(this.script));
    thread.on('message', ({ id, compiled }: CompileReply) => {
      this.waiting.get(id)?.resolve(compiled);
      this.waiting.delete(id);
    });
    const died = (why: string) => {
      if (this.thread === thread) this.thread = null;
      for (const [id, { scratch, resolve }] of this.waiting) {
        resolve({ ok: false, error: { kind: 'compile', message: `The compiler stopped: ${why}. Run again.`, file: scratch.file, line: null, column: null } });
        this.waiting.delete(id);
      }
    };
    thread.on('error', (error) => died(error.message));
    thread.on('exit', (code) => died(`it exited with code ${code}`));
    this.thread = thread;
    return thread;
  }
}
