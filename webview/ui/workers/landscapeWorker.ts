// The panel's side of a landscape worker: a second scratch worker (the spare that stood ready, or a
// fresh one), started with `probe`, that computes the learner's loss over a grid on the cpu backend
// while the trainer trains. One request is in flight at a time; what is asked meanwhile is
// dropped, since the listener, told of the answer, asks again for what that answer does not hold.
// Previews (a dragged start's path) are asked the other way: two in flight, so that the worker has
// the next as soon as it has answered one, and the newest one waiting, sent when an answer comes;
// the worker answers only the newest it holds, so a drag never queues more.
import type { Landscape, LandscapeRequest, PreviewPoint, PreviewRequest, RunRequest } from '../../../src/shared/protocol';
import type { ScratchWorker } from './scratchWorker';

export interface LandscapeListener {
  landscape(landscape: Landscape): void;
  /** Why the loss cannot be drawn, in plain words. */
  unavailable(reason: string): void;
}

type Question = Omit<LandscapeRequest, 'type' | 'id'>;
export type PreviewQuestion = Omit<PreviewRequest, 'type' | 'id'>;

const PREVIEWS_IN_FLIGHT = 2;

export class LandscapeWorker {
  private asked = 0;
  private inFlight: number | null = null;
  private ended = false;
  /** The previews asked and not answered, oldest first, with what to do with each answer. */
  private previewsInFlight = new Map<number, (paths: PreviewPoint[][]) => void>();
  private previewWaiting: { question: PreviewQuestion; answer: (paths: PreviewPoint[][]) => void } | null = null;

  constructor(
    private readonly worker: ScratchWorker,
    request: Pick<RunRequest, 'code' | 'file' | 'sourceMap'>,
    private readonly listener: LandscapeListener,
  ) {
    worker.listen({
      message: (received) => {
        if (received.type === 'preview' && this.previewsInFlight.has(received.id)) this.previewed(received.id, received.paths);
        // A preview that cannot be computed draws nothing; the drag goes on.
        else if (received.type === 'landscapeUnavailable' && received.id !== null && this.previewsInFlight.has(received.id)) this.previewed(received.id, []);
        else if (received.type === 'landscape' && received.id === this.inFlight) this.answered(() => listener.landscape(received));
        else if (received.type === 'landscapeUnavailable' && received.id === null) this.fail(received.reason);
        else if (received.type === 'landscapeUnavailable' && received.id === this.inFlight) this.answered(() => listener.unavailable(received.reason));
      },
      invalid: (problem) => this.fail(`The landscape worker sent a malformed message: ${problem}`),
      crashed: (message) => this.fail(`The landscape worker stopped: ${message || 'unexpectedly'}`),
    });
    worker.post({ type: 'probe', scratchUrl: worker.scratchUrl(request.code), file: request.file, sourceMap: request.sourceMap });
  }

  /** Whether nothing is being computed. */
  get idle(): boolean {
    return this.inFlight === null && this.previewsInFlight.size === 0;
  }

  /** Asks for a preview, or, with two in flight, keeps this one to ask next in place of any kept before. */
  preview(question: PreviewQuestion, answer: (paths: PreviewPoint[][]) => void): void {
    if (this.ended) return;
    if (this.previewsInFlight.size >= PREVIEWS_IN_FLIGHT) {
      this.previewWaiting = { question, answer };
      return;
    }
    const id = ++this.asked;
    this.previewsInFlight.set(id, answer);
    this.worker.post({ type: 'previewRequest', id, ...question });
  }

  private previewed(id: number, paths: PreviewPoint[][]): void {
    const answer = this.previewsInFlight.get(id);
    // The ones asked before it were passed over for it: they get no answer.
    for (const asked of this.previewsInFlight.keys()) if (asked <= id) this.previewsInFlight.delete(asked);
    answer?.(paths);
    const waiting = this.previewWaiting;
    this.previewWaiting = null;
    if (waiting) this.preview(waiting.question, waiting.answer);
  }

  /** Asks, unless a question is in flight (or the worker has ended); says whether it asked. */
  ask(question: Question): boolean {
    if (this.ended || this.inFlight !== null) return false;
    this.inFlight = ++this.asked;
    this.worker.post({ type: 'landscapeRequest', id: this.inFlight, ...question });
    return true;
  }

  stop(): void {
    this.ended = true;
    this.inFlight = null;
    this.previewsInFlight.clear();
    this.previewWaiting = null;
    this.worker.stop();
  }

  private answered(tell: () => void): void {
    this.inFlight = null;
    tell();
  }

  private fail(reason: string): void {
    if (this.ended) return;
    this.stop();
    this.listener.unavailable(reason);
  }
}
