// The learner's Pause, Step and Resume, as the config loop reads them between batches: a pause holds
// the run once the epochs in flight are reported, each step lets exactly one more epoch through,
// and resume lets the rest go.

/** What lets a paused run go on: one more epoch, or all the rest. */
export type Release = 'step' | 'resume';

export class RunGate {
  private held = false;
  private steps = 0;
  private wake: (() => void) | null = null;

  /** A pause (or a step) was asked for and no resume since. */
  get paused(): boolean {
    return this.held;
  }

  pause(): void {
    this.held = true;
  }

  /** While paused, one more epoch, each call one; while training, a pause to step from. */
  step(): void {
    if (this.held) this.steps++;
    this.held = true;
    this.release();
  }

  resume(): void {
    this.held = false;
    this.steps = 0;
    this.release();
  }

  /** Waits, while paused, for a step or a resume, and takes it. */
  async next(): Promise<Release> {
    for (;;) {
      if (this.steps > 0) {
        this.steps--;
        return 'step';
      }
      if (!this.held) return 'resume';
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private release(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
