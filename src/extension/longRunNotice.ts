// A cancellable progress notification for a run that takes a while: one that plans at least
// LONG_RUN_EPOCHS epochs, or is still going after LONG_RUN_DELAY_MS. Cancelling it stops the run.
import * as vscode from 'vscode';
import type { RunProgress } from '../shared/runProgress';

export const LONG_RUN_EPOCHS = 5000;
export const LONG_RUN_DELAY_MS = 3000;

export class LongRunNotice implements vscode.Disposable {
  private readonly timer: ReturnType<typeof setTimeout>;
  private opened = false;
  private ended = false;
  private latest: RunProgress | null = null;
  private reporter: vscode.Progress<{ message?: string; increment?: number }> | null = null;
  private reportedPercent = 0;
  private close: () => void = () => undefined;

  constructor(
    private readonly file: string,
    private readonly stop: () => void,
  ) {
    this.timer = setTimeout(() => this.open(), LONG_RUN_DELAY_MS);
  }

  update(progress: RunProgress): void {
    this.latest = progress;
    if (progress.totalEpochs >= LONG_RUN_EPOCHS) this.open();
    this.report();
  }

  dispose(): void {
    this.ended = true;
    clearTimeout(this.timer);
    this.close();
  }

  private open(): void {
    if (this.opened || this.ended) return;
    this.opened = true;
    clearTimeout(this.timer);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Descent: ${this.file}`, cancellable: true },
      (progress, token) => {
        if (this.ended) return Promise.resolve();
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
