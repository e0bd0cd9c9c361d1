// User Timing marks of how far a run has come in the page: `descent request 3`, `descent worker 3`,
// …, `descent finished 3`; `descent spare 3` and `descent landscape spare 3` say it took the spare
// trainer or the spare landscape worker, ready or not. `descent preview`: the paths from a start
// the learner drags, or with the numbers they slide, reached the figure (drawn on its next frame).
// DevTools' Performance panel shows them, and the bench and the end-to-end tests read them.

/** In order: the request reached the page, took the spares, its worker and backend were ready, its cell showed the first epoch, the run finished. */
export const RUN_STAGES = ['request', 'spare', 'landscape spare', 'worker', 'backend', 'first epoch', 'finished'] as const;
type RunStage = (typeof RUN_STAGES)[number];

export function markRun(stage: RunStage, requestId: number, detail?: { ready: boolean }): void {
  performance.mark(`descent ${stage} ${requestId}`, { detail });
}

export const PREVIEW_MARK = 'descent preview';

export function markPreview(): void {
  performance.mark(PREVIEW_MARK);
}
