// A cancellable progress notification for a run that takes a while: one that plans at least
// LONG_RUN_EPOCHS epochs, or is still going after LONG_RUN_DELAY_MS. Cancelling it stops the run.
import * as vscode from 'vscode';
import { runProgress, type RunProgress } from '../shared/runProgress';
import type { RunState } from '../shared/runState';
import type { RunObserver } from './hostRun';

export const LONG_RUN_EPOCHS = 5000;
export const LONG_RUN_DELAY_MS = 3000;

export class LongRunNotice implements RunObserver, vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private opened = false;
  private finished = false;
  private latest: RunProgress | null = null;
  private reporter: vscode.Progress<{ message?: string; increment?: number }> | null = null;
  private reportedPercent = 0;
  private close: () => void = () => undefined;

  constructor(
    private readonly file: string,
    private readonly stop: () => void,
  ) {}

  started(): void {
    this.timer = setTimeout(() => this.open(), LONG_RUN_DELAY_MS);
  }

  changed(state: RunState): void {
    const progress = runProgress(state);
    this.latest = progress;
    if (progress.totalEpochs >= LONG_RUN_EPOCHS) this.open();
    this.report();
  }

  dispose(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.close();
  }

  private open(): void {
    if (this.opened || this.finished) return;
    this.opened = true;
    clearTimeout(this.timer);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Descent: ${this.file}`, cancellable: true },
      (progress, token) => {
        if (this.finished) return Promise.resolve();
        this.reporter = progress;
        token.onCancellationRequested(() => this.stop());
        this.report();
        return new Promise<void>((resolve) => (this.close = resolve));
      },
    );
  }

  private report(): void {
    const { reporter, latest } = this;
    if (!reporter || !latest) return;
    // The notification adds up increments; it is told only how far it moved since the last report.
    const percent = latest.fraction === null ? this.reportedPercent : latest.fraction * 100;
    reporter.report({ message: latest.text, increment: Math.max(0, percent - this.reportedPercent) });
    this.reportedPercent = Math.max(percent, this.reportedPercent);
  }
}
