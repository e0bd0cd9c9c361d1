// What the status bar and the progress notification show, from a run's state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/shared/protocol';
import type { PanelEvent } from '../../src/shared/protocol';
import { runProgress } from '../../src/shared/runProgress';
import { INITIAL_RUN_STATE, nextRunState, type RunState } from '../../src/shared/runState';
import { LESSON_PLAN } from '../support/lesson';

const summary = { form: 'config', variables: {}, data: {}, loss: '' } as const;

function result(status: RunResult['status'], epochs: number, finalLoss: number | null): RunResult {
  return { label: 'sgd lr=0.0001', optimizer: { name: 'sgd', learningRate: 0.0001 }, status, epochs, loss: [], finalLoss, variables: {}, backend: 'webgl', tensorsLeaked: 0, ms: 1, reason: null };
}

/** Follows the events as the host does, one at a time; follow() says whether the progress moved. */
class Tracker {
  private state: RunState = INITIAL_RUN_STATE;

  follow(event: PanelEvent): boolean {
    const before = this.progress;
    this.state = nextRunState(this.state, event);
    return JSON.stringify(this.progress) !== JSON.stringify(before);
  }

  get progress() {
    return runProgress(this.state);
  }
}

describe('run progress', () => {
  it('follows one run from its plan to its end', () => {
    const tracker = new Tracker();
    assert.deepEqual(tracker.progress, { text: 'starting', label: null, totalEpochs: 0, fraction: null });
    tracker.follow({ type: 'plan', summary, runs: [LESSON_PLAN] });
    tracker.follow({ type: 'runStart', plan: LESSON_PLAN });
    assert.equal(tracker.progress.text, 'epoch 0/200');
    assert.equal(tracker.follow({ type: 'log', run: 0, epoch: 140, loss: 0.29412, variables: {} }), true);
    assert.deepEqual(tracker.progress, { text: 'epoch 140/200 · loss 0.294', label: 'sgd lr=0.0001', totalEpochs: 200, fraction: 0.7 });
    tracker.follow({ type: 'runEnd', run: 0, result: result('completed', 200, 0.0020762) });
    assert.deepEqual(tracker.progress, { text: 'epoch 200/200 · loss 0.00208', label: 'sgd lr=0.0001', totalEpochs: 200, fraction: 1 });
  });

  it('counts runs and all their epochs when the scratch plans several', () => {
    const plans = [0, 1, 2, 3].map((index) => ({ ...LESSON_PLAN, index, label: `run ${index}` }));
    const tracker = new Tracker();
    tracker.follow({ type: 'plan', summary, runs: plans });
    tracker.follow({ type: 'runStart', plan: plans[0] });
    // A run that converges early counts as done.
    tracker.follow({ type: 'runEnd', run: 0, result: result('converged', 37, 1e-9) });
    tracker.follow({ type: 'runStart', plan: plans[1] });
    tracker.follow({ type: 'log', run: 1, epoch: 100, loss: null, variables: {} });
    assert.deepEqual(tracker.progress, { text: 'run 2/4 · epoch 100/200 · loss not finite', label: 'run 1', totalEpochs: 800, fraction: 300 / 800 });
  });

  it('has no total for the lesson form, whose loop decides', () => {
    const tracker = new Tracker();
    tracker.follow({ type: 'plan', summary: { ...summary, form: 'lesson' }, runs: [] });
    tracker.follow({ type: 'runStart', plan: { ...LESSON_PLAN, epochs: 0, memory: null } });
    tracker.follow({ type: 'log', run: 0, epoch: 60, loss: 45.205, variables: {} });
    assert.deepEqual(tracker.progress, { text: 'epoch 60 · loss 45.2', label: 'sgd lr=0.0001', totalEpochs: 0, fraction: null });
  });

  it('ignores what does not move it', () => {
    const tracker = new Tracker();
    assert.equal(tracker.follow({ type: 'print', run: null, level: 'log', text: 'hi' }), false);
    assert.equal(tracker.follow({ type: 'leak', run: 0, perEpoch: true, tensors: 1, bytes: 4, causes: [] }), false);
  });
});
