// One recorder for both forms: the lesson's own loop and the config that says the same thing
// record the same run, and a run that diverges ends the same way in both, in the same words.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { RunResult, TrainerEvent } from '../../src/shared/protocol';
import { LESSON_CODE, lessonConfig } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

/** What a learner compares between two runs of the same problem. */
const recorded = (run: RunResult) => ({
  label: run.label,
  optimizer: run.optimizer,
  status: run.status,
  epochs: run.epochs,
  loss: run.loss,
  finalLoss: run.finalLoss,
  variables: run.variables,
  backend: run.backend,
  reason: run.reason,
});

const progressEpochs = (events: TrainerEvent[]) => events.flatMap((e) => (e.type === 'progress' ? e.losses.map((_, i) => e.firstEpoch + i) : []));

describe('the run recorder, fed by the config loop and by the lesson form', () => {
  it('records the lesson’s own loop exactly as the config that says the same', async () => {
    const lesson = await runText(LESSON_CODE);
    const config = await runText(lessonConfig('logEvery: 20,'));
    assert.equal(lesson.error, null);
    assert.equal(config.error, null);
    assert.deepEqual(recorded(lesson.runs[0]), recorded(config.runs[0]));
    const expected = Array.from({ length: 200 }, (_, i) => i + 1);
    assert.deepEqual(progressEpochs(lesson.events), expected, 'the lesson reports every epoch once');
    assert.deepEqual(progressEpochs(config.events), expected, 'so does the config');
  });

  it('ends a diverging run at the epoch its loss overflowed, in the same words in both forms', async () => {
    const lesson = await runText(LESSON_CODE.replace('tf.train.sgd(0.0001)', 'tf.train.sgd(1)'));
    const config = await runText(lessonConfig('logEvery: 20,').replace('learningRate: 0.0001', 'learningRate: 1'));
    const [lessonRun] = lesson.runs;
    const [configRun] = config.runs;
    assert.equal(configRun.status, 'diverged');
    assert.ok(configRun.epochs < 200, `${configRun.epochs} epochs`);
    assert.equal(configRun.reason, `the loss became Infinity at epoch ${configRun.epochs}: the learning rate is probably too large`);
    assert.deepEqual(
      { status: lessonRun.status, epochs: lessonRun.epochs, loss: lessonRun.loss, reason: lessonRun.reason },
      { status: configRun.status, epochs: configRun.epochs, loss: configRun.loss, reason: configRun.reason },
      'the lesson’s loop goes on, but its run ends where the loss stopped being finite',
    );
    const lastLog = lesson.events.filter((e) => e.type === 'log').at(-1);
    assert.ok(lastLog?.type === 'log' && lastLog.epoch === lessonRun.epochs && lastLog.loss === null, `the last log line is the diverged epoch: ${JSON.stringify(lastLog)}`);
  });

  it('sends each run’s start and end once, in order, in both forms', async () => {
    for (const text of [LESSON_CODE, lessonConfig()]) {
      const { events, runs } = await runText(text);
      const order = events.filter((e) => e.type === 'runStart' || e.type === 'runEnd' || e.type === 'finished').map((e) => e.type);
      assert.deepEqual(order, ['runStart', 'runEnd', 'finished']);
      const end = events.find((e) => e.type === 'runEnd');
      assert.ok(end?.type === 'runEnd');
      assert.deepEqual(end.result, runs[0]);
    }
  });
});
