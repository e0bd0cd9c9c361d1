// One scratch file's life in the editor: compile its text, run it in its panel, and report what
// happens to the output channel and the Problems panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compileScratch } from './compile';
import type { ScratchDiagnostics } from './diagnostics';
import { NotebookPanel } from './panel';
import type { DescentError, FromWebview, RunResult, TrainerEvent } from './protocol';
import { formatError, RunReporter } from './report';

export interface SessionServices {
  extensionUri: vscode.Uri;
  output: vscode.OutputChannel;
  diagnostics: ScratchDiagnostics;
  /** Called whenever a run starts or ends, so the stop command's context key stays true. */
  onRunningChanged(): void;
  onFinished(outcome: RunOutcome): void;
}

/** How a Run Optimization ended, with the lines it wrote to the output channel. */
export interface RunOutcome {
  file: string;
  runs: RunResult[];
  error: DescentError | null;
  stoppedAtEpoch: number | null;
  lines: string[];
}

export class ScratchSession implements vscode.Disposable {
  private panel: NotebookPanel | null = null;
  private runId = 0;
  private reporter: RunReporter | null = null;
  /** What the current run has written to the output channel. */
  private lines: string[] = [];
  running = false;

  constructor(
    readonly uri: vscode.Uri,
    private readonly services: SessionServices,
    private readonly onClosed: (session: ScratchSession) => void,
  ) {}

  get displayName(): string {
    return this.uri.scheme === 'file' ? vscode.workspace.asRelativePath(this.uri, false) : path.basename(this.uri.path);
  }

  get panelIsActive(): boolean {
    return this.panel?.active ?? false;
  }

  async run(document: vscode.TextDocument): Promise<void> {
    const { diagnostics } = this.services;
    if (this.running) this.stop();
    const file = this.displayName;
    const source = document.getText();
    const panel = this.showPanel();
    const runId = ++this.runId;
    const compiled = await compileScratch({ text: source, file, dir: this.folder() });
    if (runId !== this.runId) return;
    this.lines = [];
    if (!compiled.ok) {
      this.write(`▶ ${file}`);
      this.write(formatError(compiled.error));
      diagnostics.report(this.uri, file, compiled.error);
      panel.post({ type: 'compileError', runId, file, source, error: compiled.error });
      this.finish([], compiled.error, null);
      return;
    }
    diagnostics.report(this.uri, file, null);
    this.reporter = new RunReporter(file);
    this.setRunning(true);
    panel.post({ type: 'run', runId, file, source, code: compiled.code, sourceMap: compiled.sourceMap, backend: 'webgl' });
  }

  stop(): void {
    if (!this.running) return;
    this.panel?.post({ type: 'stop' });
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private showPanel(): NotebookPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    this.panel = new NotebookPanel(
      this.services.extensionUri,
      this.displayName,
      (message) => this.receive(message),
      () => {
        this.panel = null;
        this.setRunning(false);
        this.onClosed(this);
      },
      (line) => this.services.output.appendLine(line),
    );
    return this.panel;
  }

  private receive(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'rerun':
        void vscode.workspace.openTextDocument(this.uri).then((doc) => this.run(doc));
        return;
      case 'log':
        this.services.output.appendLine(message.text);
        return;
      case 'stopped':
        if (message.runId !== this.runId || !this.running) return;
        this.write(`■ ${this.displayName} stopped at epoch ${message.epoch}`);
        this.setRunning(false);
        this.finish([], null, message.epoch);
        return;
      case 'trainer':
        if (message.runId === this.runId) this.report(message.event);
        return;
    }
  }

  private report(event: TrainerEvent): void {
    this.reporter?.linesFor(event).forEach((line) => this.write(line));
    if (event.type === 'finished') {
      this.services.diagnostics.report(this.uri, this.displayName, event.error);
      if (event.error) this.services.output.show(true);
      this.setRunning(false);
      this.finish(event.runs, event.error, null);
    }
  }

  private write(line: string): void {
    this.lines.push(line);
    this.services.output.appendLine(line);
  }

  private finish(runs: RunResult[], error: DescentError | null, stoppedAtEpoch: number | null): void {
    this.services.onFinished({ file: this.displayName, runs, error, stoppedAtEpoch, lines: this.lines });
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.services.onRunningChanged();
  }

  private folder(): string | null {
    if (this.uri.scheme === 'file') return path.dirname(this.uri.fsPath);
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? null;
  }
}
