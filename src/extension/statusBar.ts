// The status bar while a run goes: how far it has come (a click shows its panel) and a stop
// button. With several scratch files running, it follows the one started last. Idle, it is hidden,
// unless the last run could not start: then it says so until the next run starts.
import * as vscode from 'vscode';
import { runProgress, type RunProgress } from '../shared/runProgress';
import { formatError } from '../shared/wording';
import type { RunObserver } from './hostRun';

interface RunningScratch {
  uri: vscode.Uri;
  file: string;
  progress: RunProgress;
}

export class RunStatusBar implements vscode.Disposable {
  private readonly progressItem = vscode.window.createStatusBarItem('descent.progress', vscode.StatusBarAlignment.Left, 10);
  private readonly stopItem = vscode.window.createStatusBarItem('descent.stop', vscode.StatusBarAlignment.Left, 9);
  /** By URI, in the order the runs started. */
  private readonly running = new Map<string, RunningScratch>();
  /**
   * The scratch the items' commands act on. VS Code registers a command with arguments anew each
   * time it is assigned and drops the old one, so assigning it on every progress update would
   * make a click that lands between two updates run a command that no longer exists.
   */
  private commandsFor: string | null = null;
  /** The last run that could not start: its file and the error line. */
  private failure: { file: string; error: string } | null = null;

  constructor() {
    this.progressItem.name = 'Descent: run progress';
    this.stopItem.name = 'Descent: stop';
    this.stopItem.text = '$(debug-stop)';
    this.stopItem.tooltip = 'Stop Optimization';
  }

  /** What shows the run of `uri` here: its progress while it goes, then its failure to start, or nothing. */
  follow(uri: vscode.Uri, file: string): RunObserver {
    return {
      started: (state) => this.started(uri, file, runProgress(state)),
      changed: (state) => this.update(uri, runProgress(state)),
      ended: ({ reason, error }) => {
        if (reason.kind === 'failed' && reason.cause === 'lateStart' && error) this.failed(uri, file, formatError(error));
        else this.ended(uri);
      },
    };
  }

  private started(uri: vscode.Uri, file: string, progress: RunProgress): void {
    this.failure = null;
    this.running.delete(uri.toString());
    this.running.set(uri.toString(), { uri, file, progress });
    this.render();
  }

  private update(uri: vscode.Uri, progress: RunProgress): void {
    const scratch = this.running.get(uri.toString());
    if (!scratch) return;
    scratch.progress = progress;
    this.render();
  }

  private ended(uri: vscode.Uri): void {
    if (this.running.delete(uri.toString())) this.render();
  }

  /** The run of `uri` could not start: `error` is the output channel's error line. */
  private failed(uri: vscode.Uri, file: string, error: string): void {
    this.running.delete(uri.toString());
    this.failure = { file, error };
    this.render();
  }

  dispose(): void {
    this.progressItem.dispose();
    this.stopItem.dispose();
  }

  private render(): void {
    const shown = [...this.running.values()].at(-1);
    if (!shown) {
      this.stopItem.hide();
      this.commandsFor = null;
      if (this.failure) this.renderFailure(this.failure);
      else this.progressItem.hide();
      return;
    }
    const { uri, file, progress } = shown;
    const run = progress.label ? ` · ${progress.label}` : '';
    this.progressItem.text = `$(pulse) ${progress.text}`;
    this.progressItem.tooltip = `Descent: ${file}${run} · ${progress.text}. Click to show the panel.`;
    this.progressItem.accessibilityInformation = { label: `Descent is running ${file}: ${progress.text}` };
    if (this.commandsFor !== uri.toString()) {
      this.commandsFor = uri.toString();
      this.progressItem.command = { command: 'descent.showPanel', title: 'Show the Descent panel', arguments: [uri] };
      this.stopItem.command = { command: 'descent.stop', title: 'Stop Optimization', arguments: [uri] };
      this.stopItem.accessibilityInformation = { label: `Stop the optimization of ${file}` };
    }
    this.progressItem.show();
    this.stopItem.show();
  }

  private renderFailure({ file, error }: { file: string; error: string }): void {
    this.progressItem.text = `$(error) ${file}: the run did not start`;
    this.progressItem.tooltip = `Descent: ${error} Click to show the output.`;
    this.progressItem.accessibilityInformation = { label: `Descent could not start ${file}: ${error}` };
    this.progressItem.command = { command: 'descent.showOutput', title: 'Show the Descent output' };
    this.progressItem.show();
  }
}
