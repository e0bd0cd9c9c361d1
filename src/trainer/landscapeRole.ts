// A landscape worker: loads the scratch as far as its loss on the cpu backend (exact float32, and
// no GPU taken from the training worker), then answers landscape requests one at a time. A request
// that waited while another was computed gives way to a newer one of its kind (a grid, or a
// previewed path): only the newest of each is answered.
import type { LandscapeRequest, PreviewRequest, WorkerSignal } from '../shared/protocol';
import { LANDSCAPE_BACKEND } from '../shared/vocabulary';
import { describeBackendProblem, startBackend } from './backends';
import { requestedLandscape } from './landscape';
import { previewPaths } from './preview';
import { LandscapeUnavailable, probeScratch, type ScratchProbe } from './probeScratch';
import type { LoadedScratch } from './runScratch';

export type LandscapeAnswer = Extract<WorkerSignal, { type: 'landscape' | 'landscapeUnavailable' | 'preview' }>;

export class LandscapeRole {
  private ready: Promise<ScratchProbe | string> | null = null;
  /** The newest request of each kind not answered yet. */
  private readonly waiting: { landscapeRequest: LandscapeRequest | null; previewRequest: PreviewRequest | null } = { landscapeRequest: null, previewRequest: null };
  private draining = false;

  constructor(private readonly post: (answer: LandscapeAnswer) => void) {}

  /**
   * Once `after` (the worker's warm-up) is done, starts the cpu backend and loads the scratch's loss;
   * says once (id null) when its loss cannot be drawn.
   */
  start(scratch: LoadedScratch, after: Promise<void> = Promise.resolve()): Promise<void> {
    this.ready = after.then(() => startBackend(LANDSCAPE_BACKEND)).then((problem) => {
      if (problem !== null) return `The landscape is computed on the ${LANDSCAPE_BACKEND} backend, which did not start: ${describeBackendProblem(LANDSCAPE_BACKEND, problem)}.`;
      return probeScratch(scratch).catch(reasonOf);
    });
    return this.ready.then((probe) => {
      if (typeof probe === 'string') this.post({ type: 'landscapeUnavailable', id: null, reason: probe });
    });
  }

  /** A grid or a preview: the panel has one of either in flight at a time. */
  request(request: LandscapeRequest | PreviewRequest): void {
    if (request.type === 'landscapeRequest') this.waiting.landscapeRequest = request;
    else this.waiting.previewRequest = request;
    if (this.draining) return;
    this.draining = true;
    // Later: the messages that arrived while the last grid was computed are taken first, so the newest wins.
    setTimeout(() => void this.drain(), 0);
  }

  private async drain(): Promise<void> {
    const probe = await (this.ready ?? Promise.resolve('The landscape worker was asked for a landscape before its scratch was loaded.'));
    const requests = [this.waiting.landscapeRequest, this.waiting.previewRequest];
    this.waiting.landscapeRequest = this.waiting.previewRequest = null;
    this.draining = false;
    for (const request of requests) if (request) this.post(answer(probe, request));
  }
}

function answer(probe: ScratchProbe | string, request: LandscapeRequest | PreviewRequest): LandscapeAnswer {
  const { id } = request;
  if (typeof probe === 'string') return { type: 'landscapeUnavailable', id, reason: probe };
  try {
    if (request.type === 'previewRequest') return { type: 'preview', id, paths: previewPaths(probe, request) };
    const { variables, holding, values } = request;
    const landscape = requestedLandscape(probe, variables, holding, values);
    return { type: 'landscape', id, variables: landscape.variables, axes: landscape.axes, loss: landscape.loss, ms: landscape.ms };
  } catch (thrown) {
    return { type: 'landscapeUnavailable', id, reason: reasonOf(thrown) };
  }
}

function reasonOf(thrown: unknown): string {
  if (thrown instanceof LandscapeUnavailable) return thrown.message;
  return `The landscape could not be computed: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
}
