// What the learner's code goes on to do once its top level has run: the timers it sets and the
// tfjs promises it waits for (tf.nextFrame(), data(), …). Code that trains in an async loop is done
// when none of them is outstanding and a turn of the event loop brings no new one; one that keeps
// scheduling work is never done, and ends by Stop or the run's timeout.
import type { ScratchScope } from './scratchModule';

type Callback = (...args: unknown[]) => void;

/** The runtime's own timers, kept before anything is handed to the scratch. */
const own = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
};

export class ScratchActivity {
  private pending = 0;
  /** Counts every start and end of outstanding work, so that a quiet moment can be told from a busy one. */
  private changes = 0;
  private wake: (() => void) | null = null;
  /** Each outstanding timer's id, with what clears it. */
  private readonly timerIds = new Map<unknown, (id: unknown) => unknown>();
  private failed: { reason: unknown } | null = null;
  /** What holds the learner's code at its next await while it is paused; null when it may go on. */
  private holder: () => Promise<void> | null = () => null;
  private waited = false;
  /** The runner waits on settled(): what the scratch's timers throw is its run's error. */
  private watched = false;

  /** The scratch has waited for something (an await on tfjs, a timer): it can be held there. */
  get asynchronous(): boolean {
    return this.waited;
  }

  /** Holds each timer's callback and each tracked promise's result while `hold` says to. */
  holdWith(hold: () => Promise<void> | null): void {
    this.holder = hold;
  }

  /** What the learner's code threw from a timer, or rejected without catching: the run's error. */
  fail(reason: unknown): void {
    this.failed ??= { reason };
    this.notify();
  }

  /** Counts a promise (or any thenable) as outstanding until it settles; anything else passes through. */
  track<T>(value: T): T {
    if (!isThenable(value)) return value;
    this.begin();
    const settled = value.then(
      async (result) => {
        await this.held();
        return result;
      },
      async (reason: unknown) => {
        await this.held();
        throw reason;
      },
    );
    const end = () => this.end();
    settled.then(end, end);
    return settled as T;
  }

  /** Waits, counted as outstanding, while the learner's code is held. */
  private async held(): Promise<void> {
    const hold = this.holder();
    if (!hold) return;
    this.begin();
    try {
      await hold;
    } finally {
      this.end();
    }
  }

  /** The timers the scratch sees in place of the runtime's: each is outstanding until it fires or is cleared. */
  timers(): Omit<ScratchScope, 'tf'> {
    const scope = globalThis as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>;
    /** `repeats`: an interval, outstanding until it is cleared. */
    const wrap = (repeats: boolean, start: ((...args: unknown[]) => unknown) | undefined, stop: ((id: unknown) => unknown) | undefined) =>
      start &&
      stop &&
      ((callback: Callback, ...rest: unknown[]) => {
        let id: unknown;
        const call = (args: unknown[]) => {
          try {
            callback(...args);
          } catch (thrown) {
            // Until the runner waits for the scratch's work, a throw goes where the runtime's uncaught errors go.
            if (!this.watched) throw thrown;
            this.fail(thrown);
          }
        };
        const run = (...args: unknown[]) => {
          const hold = this.holder();
          if (hold) this.begin();
          if (!repeats) this.forget(id);
          if (hold) void hold.then(() => call(args)).finally(() => this.end());
          else call(args);
        };
        id = start.call(globalThis, run, ...rest);
        this.timerIds.set(id, stop);
        this.begin();
        return id;
      });
    const clear = (stop: ((id: unknown) => unknown) | undefined) =>
      stop &&
      ((id: unknown) => {
        stop.call(globalThis, id);
        this.forget(id);
      });
    return {
      setTimeout: wrap(false, scope.setTimeout, scope.clearTimeout),
      setInterval: wrap(true, scope.setInterval, scope.clearInterval),
      requestAnimationFrame: wrap(false, scope.requestAnimationFrame, scope.cancelAnimationFrame),
      setImmediate: wrap(false, scope.setImmediate, scope.clearImmediate),
      clearTimeout: clear(scope.clearTimeout),
      clearInterval: clear(scope.clearInterval),
      cancelAnimationFrame: clear(scope.cancelAnimationFrame),
      clearImmediate: clear(scope.clearImmediate),
    };
  }

  /**
   * Resolves once nothing is outstanding and two turns of the event loop have brought nothing new
   * (a rejection nobody caught is reported within them); rejects with what the scratch threw.
   */
  async settled(): Promise<void> {
    this.watched = true;
    for (;;) {
      this.throwIfFailed();
      if (this.pending > 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      const seen = this.changes;
      await nextTurn();
      await nextTurn();
      this.throwIfFailed();
      if (this.pending === 0 && this.changes === seen) return;
    }
  }

  /** Clears the timers still set: nothing the scratch scheduled runs after its run has ended. */
  cancelTimers(): void {
    for (const [id, stop] of this.timerIds) stop.call(globalThis, id);
    this.timerIds.clear();
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failed.reason;
  }

  private forget(id: unknown): void {
    if (this.timerIds.delete(id)) this.end();
  }

  private begin(): void {
    this.waited = true;
    this.pending++;
    this.changes++;
  }

  private end(): void {
    this.pending--;
    this.changes++;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => own.setTimeout(resolve, 0));
}
