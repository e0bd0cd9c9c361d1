// One run state from the trainer's events, as the host's reporters and the panel's cells read it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputLines } from '../../src/shared/outputLines';
import type { PanelEvent, RunResult } from '../../src/shared/protocol';
import { currentPlan, hasEnded, INITIAL_RUN_STATE, nextRunState, runStateOf, type RunState } from '../../src/shared/runState';
import { requestStatusText } from '../../src/shared/wording';
import { lessonConfig, LESSON_FINAL_X } from '../support/lesson';
import { runText } from '../support/scratchRuns';

/** Every output line of a run, each read against the state after its event, as the host and the CLI print them. */
function printed(file: string, events: PanelEvent[]): string[] {
  let state = INITIAL_RUN_STATE;
  return events.flatMap((event) => {
    state = nextRunState(state, event);
    return outputLines(file, state, event);
  });
}

describe('run state', () => {
  it('follows the lesson from its plan to its result, keeping every loss', async () => {
    const { events } = await runText(lessonConfig());
    const state = runStateOf(events);
    assert.equal(state.status, 'completed');
    assert.equal(hasEnded(state), true);
    assert.equal(state.plans.length, 1);
    const [lesson] = state.plans;
    assert.equal(lesson.epoch, 200);
    const result = events.find((e): e is Extract<typeof e, { type: 'runEnd' }> => e.type === 'runEnd')?.result as RunResult;
    const kept = lesson.losses.flatMap((batch) => Array.from(batch));
    assert.deepEqual(kept, result.loss.map((loss) => Math.fround(loss ?? NaN)), 'the losses of every progress event, in order, are the run\'s');
    assert.ok(Math.abs((lesson.variables.x as number) - LESSON_FINAL_X) < 1e-5, String(lesson.variables.x));
    assert.match(requestStatusText(state), /^✓ completed in \d/);
  });

  it('prints the lines the output channel shows', async () => {
    const { events } = await runText(lessonConfig("logEvery: 100, backend: 'cpu'"));
    const lines = printed('scratch.ts', events);
    assert.equal(lines[0], '▶ scratch.ts · sgd lr=0.0001 · 200 epochs · backend cpu');
    assert.equal(
      lines[1],
      '  ↘ start: x = 4.12, loss 2953.55 · L(4.11) = 2939.2 < L(4.13) = 2967.9, so down is toward smaller x · dL/dx = 1433.76 · ' +
        'sgd moves x by −0.0001 × 1433.76 = −0.143376, to 3.976624',
    );
    assert.equal(lines[2], '  x: gradient 1433.76 · step size lr = 0.0001 · step −size × g = −0.143376 · moved −0.143376', 'the first step taken apart');
    assert.match(lines[3], /^ {2}epoch 100\/200 · loss \S+ · x = \S+$/);
    assert.match(lines[4], /^ {2}epoch 200\/200 · loss \S+ · x = 0\.00345/);
    assert.match(lines[5], /^✓ sgd lr=0\.0001 completed · 200 epochs in .* \(\d+ epochs\/s\) · loss \S+ · x = 0\.00345\d* · tensors leaked 0$/);
    assert.equal(lines.length, 6, lines.join('\n'));
  });

  it('says which of several runs it is at, and lets the worst status win', async () => {
    const { events } = await runText(lessonConfig().replace("learningRate: 0.0001", 'learningRate: [0.0001, 1]'));
    const lines = printed('scratch.ts', events);
    assert.match(lines[0], /^▶ scratch\.ts · run 1\/2 · sgd lr=0\.0001 · 200 epochs/);
    assert.ok(lines.some((line) => /^▶ scratch\.ts · run 2\/2 · sgd lr=1 /.test(line)), lines.join('\n'));
    const state = runStateOf(events);
    assert.deepEqual(state.results.map((r) => r.status), ['completed', 'diverged']);
    assert.equal(state.status, 'diverged');
    assert.match(requestStatusText(state), /^✗ diverged in /);
  });

  it('ends where the learner stopped, and nothing moves it after its end', async () => {
    const { events } = await runText(lessonConfig());
    const firstProgress = events.findIndex((e) => e.type === 'progress');
    const progress = events[firstProgress];
    assert.ok(progress.type === 'progress');
    const reached = progress.firstEpoch + progress.losses.length - 1;
    const stopped = nextRunState(runStateOf(events.slice(0, firstProgress + 1)), { type: 'stopped' });
    assert.equal(stopped.stoppedAt, reached);
    assert.equal(requestStatusText(stopped), `■ stopped at epoch ${reached}`);
    const later = events.slice(firstProgress + 1).reduce<RunState>(nextRunState, stopped);
    assert.equal(later, stopped);
  });

  it('keeps the plan the run started with: the one auto chose the backend for', () => {
    const plan = { index: 0, label: 'sgd', optimizer: { name: 'sgd', learningRate: 0.1, options: {} }, epochs: 10, logEvery: 1, stopWhenLoss: null, backend: 'auto', memory: 'tidy' } as const;
    const state = runStateOf([
      { type: 'plan', summary: { form: 'config', variables: {}, data: {}, loss: '' }, runs: [plan] },
      { type: 'runStart', plan: { ...plan, backend: 'cpu', backendReason: 'auto: cpu 0.2 ms/epoch' } },
    ]);
    assert.equal(state.plans.length, 1);
    assert.equal(currentPlan(state)?.plan.backend, 'cpu');
    assert.equal(state.status, 'live');
  });
});
