// Tells the host, once every HEARTBEAT_MS while a run is active, that the panel still answers. The
// beats come from the page's main thread, so a worker stuck in the learner's endless loop does
// not stop them (Stop ends that worker); a page that stops beating is stuck itself.
import { HEARTBEAT_MS } from '../../../src/shared/protocol';
import type { Host } from './host';

export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: Host) {
    // The host waits for beats only from a visible page: say at once when that changes.
    document.addEventListener('visibilitychange', () => {
      if (this.timer !== undefined) this.beat();
    });
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.beat();
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private beat(): void {
    this.host.post({ type: 'heartbeat', hidden: document.visibilityState === 'hidden' });
  }
}
