// Notices a panel that stopped answering: fed by every message the panel sends while a run is
// going, it calls back once when none came for the given time.
import type * as vscode from 'vscode';

export class Watchdog implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly silenceMs: number,
    private readonly onSilent: () => void,
  ) {}

  /** Starts the count again from zero. */
  feed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onSilent();
    }, this.silenceMs);
  }

  /** Stops counting until the next feed. */
  rest(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.rest();
  }
}
