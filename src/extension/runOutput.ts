// A run's lines in the Descent output channel: what the trainer reports, and how the run ended,
// with an error's place as an absolute path that the Output view makes a link. It keeps the
// lines it wrote for the run's outcome.
import * as vscode from 'vscode';
import { levelOf, type LogLevel } from '../shared/logLevels';
import { outputLines } from '../shared/outputLines';
import type { DescentError, PanelEvent } from '../shared/protocol';
import { runProgress } from '../shared/runProgress';
import type { RunState } from '../shared/runState';
import { formatError, stoppedLine } from '../shared/wording';
import type { RunEnding, RunObserver } from './hostRun';

export class RunOutput implements RunObserver {
  /** What this run has written. */
  readonly lines: string[] = [];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly uri: vscode.Uri,
    private readonly file: string,
  ) {}

  changed(state: RunState, event: PanelEvent): void {
    // The end's error is written by ended(), with its place.
    if (event.type === 'finished') return;
    outputLines(this.file, state, event).forEach((line) => this.write(line, levelOf(event)));
  }

  ended({ reason, error, state }: RunEnding): void {
    switch (reason.kind) {
      case 'stopped':
        this.write(stoppedLine(this.file, `epoch ${reason.epoch}`));
        return;
      case 'panelClosed':
        this.write(stoppedLine(this.file, runProgress(state).text, 'its panel was closed'));
        return;
      case 'failed':
        if (reason.cause === 'compile') this.write(`▶ ${this.file}`);
        break;
      case 'replaced':
        return;
    }
    if (error) this.writeError(error);
    const shown = reason.kind === 'finished' ? error !== null : reason.kind === 'failed' && reason.cause !== 'compile';
    if (shown) this.output.show(true);
  }

  private write(text: string, level: LogLevel = 'info'): void {
    this.lines.push(...text.split('\n'));
    this.output[level](text);
  }

  private writeError(error: DescentError): void {
    const location = this.absoluteLocation(error);
    this.write(location ? `${formatError(error)}\n    at ${location}` : formatError(error), 'error');
  }

  private absoluteLocation(error: DescentError): string | null {
    const folder = vscode.workspace.getWorkspaceFolder(this.uri);
    if (!error.file || error.line === null || folder?.uri.scheme !== 'file') return null;
    return `${vscode.Uri.joinPath(folder.uri, error.file).fsPath}:${error.line}${error.column ? `:${error.column}` : ''}`;
  }
}
