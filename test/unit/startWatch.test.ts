// The host's bounds on a run's start: each stage in turn, the late one named once.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { START_STAGE_MS, type StartStage } from '../../src/shared/protocol';
import { StartWatch } from '../../src/extension/startWatch';

describe('the start watch', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  const watching = (firstEpochMs = 0) => {
    const late: [StartStage, number][] = [];
    const watch = new StartWatch(firstEpochMs, (stage, ms) => late.push([stage, ms]));
    return { watch, late };
  };

  it('gives each stage its own bound, counted from the stage before', () => {
    const { watch, late } = watching();
    watch.begin('panel');
    mock.timers.tick(START_STAGE_MS.panel - 1);
    watch.reached('panel');
    mock.timers.tick(START_STAGE_MS.worker - 1);
    watch.reached('worker');
    mock.timers.tick(START_STAGE_MS.backend - 1);
    watch.reached('backend');
    mock.timers.tick(START_STAGE_MS.firstEpoch - 1);
    watch.reached('firstEpoch');
    mock.timers.tick(10 * START_STAGE_MS.firstEpoch);
    assert.deepEqual(late, []);
    assert.equal(watch.current, null);
  });

  it('names the stage that took too long, once', () => {
    const { watch, late } = watching();
    watch.begin('panel');
    watch.reached('panel');
    watch.reached('worker');
    mock.timers.tick(START_STAGE_MS.backend);
    mock.timers.tick(START_STAGE_MS.firstEpoch);
    assert.deepEqual(late, [['backend', START_STAGE_MS.backend]]);
  });

  it('ignores news of a stage already passed, and skips ahead on news of a later one', () => {
    const { watch, late } = watching();
    watch.begin('panel');
    watch.reached('backend');
    assert.equal(watch.current, 'firstEpoch');
    watch.reached('panel');
    assert.equal(watch.current, 'firstEpoch');
    mock.timers.tick(START_STAGE_MS.firstEpoch);
    assert.deepEqual(late, [['firstEpoch', START_STAGE_MS.firstEpoch]]);
  });

  it('waits for the first epoch as long as descent.runTimeoutSeconds when that is longer', () => {
    const { watch, late } = watching(300_000);
    watch.begin('firstEpoch');
    mock.timers.tick(START_STAGE_MS.firstEpoch);
    assert.deepEqual(late, []);
    mock.timers.tick(300_000 - START_STAGE_MS.firstEpoch);
    assert.deepEqual(late, [['firstEpoch', 300_000]]);
  });

  it('ends with the run: nothing is reported after dispose', () => {
    const { watch, late } = watching();
    watch.begin('worker');
    watch.dispose();
    mock.timers.tick(START_STAGE_MS.worker * 2);
    assert.deepEqual(late, []);
  });
});
