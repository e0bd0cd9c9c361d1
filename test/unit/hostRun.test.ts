// A Run Optimization in the host: it ends once, for one reason, and its observers hear of it in order.
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { HostRun, type RunEnding, type RunObserver } from '../../src/extension/hostRun';
import type { DescentError, PanelEvent } from '../../src/shared/protocol';
import { START_STAGE_MS } from '../../src/shared/protocol';
import { lessonConfig } from '../support/lesson';
import { runText } from '../support/scratchRuns';

function hostRun() {
  const heard: string[] = [];
  const asked: string[] = [];
  const failures: DescentError[] = [];
  const endings: RunEnding[] = [];
  const observer = (name: string): RunObserver => ({
    started: () => heard.push(`${name} started`),
    changed: (_, event) => heard.push(`${name} ${event.type}`),
    ended: ({ reason }) => heard.push(`${name} ended ${reason.kind}`),
    dispose: () => heard.push(`${name} disposed`),
  });
  const run = new HostRun(
    1,
    'scratch.ts',
    { stop: () => asked.push('stop'), fail: (error) => failures.push(error) },
    [observer('output'), observer('status')],
    (ending) => endings.push(ending),
  );
  return { run, heard, asked, failures, endings };
}

describe('a run in the host', () => {
  afterEach(() => mock.timers.reset());

  it('follows the trainer to its finish and ends once, with the results', async () => {
    const { events } = await runText(lessonConfig());
    const { run, heard, endings } = hostRun();
    run.start(null, true);
    for (const event of events) run.receive(event as PanelEvent);
    run.stopped(5);
    run.end({ kind: 'panelClosed' });
    assert.equal(endings.length, 1);
    const [ending] = endings;
    assert.equal(ending.reason.kind, 'finished');
    assert.equal(ending.error, null);
    assert.deepEqual(ending.runs.map((r) => r.status), ['completed']);
    assert.equal(ending.state.status, 'completed');
    assert.deepEqual(heard.slice(0, 4), ['output started', 'status started', 'output plan', 'status plan']);
    assert.deepEqual(heard.slice(-4), ['output ended finished', 'status ended finished', 'output disposed', 'status disposed']);
  });

  it('does not count the time a run spends paused against the time limit', () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const { run, asked } = hostRun();
    run.start(2, true);
    run.receive({ type: 'progress', run: 0, firstEpoch: 1, losses: [1], variables: {}, memory: { numTensors: 1, numBytes: 4, numBytesInGPU: null } });
    mock.timers.tick(500);
    run.receive({ type: 'paused', run: 0, epoch: 7 });
    mock.timers.tick(60_000);
    assert.deepEqual(asked, [], 'a paused run is not stopped');
    run.receive({ type: 'resumed', run: 0 });
    mock.timers.tick(1499);
    assert.deepEqual(asked, []);
    mock.timers.tick(1);
    assert.deepEqual(asked, ['stop'], 'the limit runs out 2 s of running after the start');
  });

  it('says a stop that the time limit asked for is a timeout, at the epoch it stopped', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { run, asked, endings } = hostRun();
    run.start(2, true);
    mock.timers.tick(1999);
    assert.deepEqual(asked, []);
    mock.timers.tick(1);
    assert.deepEqual(asked, ['stop']);
    run.stopped(42);
    const [ending] = endings;
    assert.equal(ending.reason.kind, 'timedOut');
    assert.equal(ending.stoppedAtEpoch, 42);
    assert.match(ending.error?.message ?? '', /within 2 s \(descent\.runTimeoutSeconds\) and was stopped at epoch 42/);
  });

  it('a stop the learner asked for is no error', () => {
    const { run, endings } = hostRun();
    run.start(null, true);
    run.stopped(7);
    assert.deepEqual(endings.map((e) => [e.reason.kind, e.error, e.stoppedAtEpoch]), [['stopped', null, 7]]);
  });

  it('gives up a start that stalls, tells the panel, and names the stage', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { run, failures, endings } = hostRun();
    run.start(null, true);
    run.reached('worker');
    mock.timers.tick(START_STAGE_MS.backend);
    assert.equal(failures.length, 1);
    assert.match(failures[0].message, /^No tfjs backend started within 45 s/);
    assert.equal(endings[0].reason.kind, 'failed');
    assert.equal(endings[0].error, failures[0]);
    assert.equal(run.hasEnded, true);
  });

  it('takes its first progress as the end of its start', async () => {
    const { events } = await runText(lessonConfig());
    mock.timers.enable({ apis: ['setTimeout'] });
    const { run, failures } = hostRun();
    run.start(null, true);
    run.reached('worker');
    run.reached('backend', 'cpu');
    const firstProgress = events.findIndex((e) => e.type === 'progress');
    events.slice(0, firstProgress + 1).forEach((event) => run.receive(event as PanelEvent));
    mock.timers.tick(10 * START_STAGE_MS.firstEpoch);
    assert.deepEqual(failures, []);
    assert.equal(run.isRunning, true);
  });
});
