// Coalesces redraw requests: however many progress batches arrive, the work runs once per frame.

export class FrameTask {
  private pending = false;

  constructor(private readonly work: () => void) {}

  request(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.work();
    });
  }
}
