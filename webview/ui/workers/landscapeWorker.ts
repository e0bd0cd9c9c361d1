// The panel's side of a landscape worker: a second scratch worker (the spare that stood ready, or a
// fresh one), started with `probe`, that computes the learner's loss over a grid on the cpu backend
// while the trainer trains. One request is in flight at a time; what is asked meanwhile is
// dropped, since the listener, told of the answer, asks again for what that answer does not hold.
// Previews (a dragged start's path) are asked the other way: one in flight and the newest one
// waiting, sent when the answer comes, so a drag never queues more.
import type { Landscape, LandscapeRequest, PreviewPoint, PreviewRequest, RunRequest } from '../../../src/shared/protocol';
import type { ScratchWorker } from './scratchWorker';

export interface LandscapeListener {
  landscape(landscape: Landscape): void;
  /** Why the loss cannot be drawn, in plain words. */
  unavailable(reason: string): void;
}

type Question = Omit<LandscapeRequest, 'type' | 'id'>;
export type PreviewQuestion = Omit<PreviewRequest, 'type' | 'id'>;

export class LandscapeWorker {
  private asked = 0;
  private inFlight: number | null = null;
  private ended = false;
  private previewInFlight: number | null = null;
  private previewWaiting: { question: PreviewQuestion; answer: (paths: PreviewPoint[][]) => void } | null = null;
  private previewAnswer: ((paths: PreviewPoint[][]) => void) | null = null;

  constructor(
    private readonly worker: ScratchWorker,
    request: Pick<RunRequest, 'code' | 'file' | 'sourceMap'>,
    private readonly listener: LandscapeListener,
  ) {
    worker.listen({
      message: (received) => {
        if (received.type === 'preview' && received.id === this.previewInFlight) this.previewed(received.paths);
        // A preview that cannot be computed draws nothing; the drag goes on.
        else if (received.type === 'landscapeUnavailable' && received.id !== null && received.id === this.previewInFlight) this.previewed([]);
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
    return this.inFlight === null && this.previewInFlight === null;
  }

  /** Asks for a preview, or, with one in flight, keeps this one to ask next in place of any kept before. */
  preview(question: PreviewQuestion, answer: (paths: PreviewPoint[][]) => void): void {
    if (this.ended) return;
    if (this.previewInFlight !== null) {
      this.previewWaiting = { question, answer };
      return;
    }
    this.previewInFlight = ++this.asked;
    this.previewAnswer = answer;
    this.worker.post({ type: 'previewRequest', id: this.previewInFlight, ...question });
  }

  private previewed(paths: PreviewPoint[][]): void {
    const answer = this.previewAnswer;
    this.previewInFlight = null;
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
    this.inFlight = this.previewInFlight = null;
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
