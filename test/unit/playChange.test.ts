import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { summarizeEvent, type PlayChange, type RunResult } from '../../src/shared/protocol';
import { INITIAL_RUN_STATE, nextRunState } from '../../src/shared/runState';
import { changesText } from '../../src/shared/runChanges';
import { playChangeWords } from '../../src/shared/wording';
import { LESSON_LEARNING_RATE, LESSON_PAGE_CODE, LESSON_START_X, lessonConfig } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

const NO_CHANGE: PlayChange = { start: {}, rateFactor: 1, options: {} };

/** A run's losses and final values, which a change must reproduce to the last float32 bit. */
function trace(runs: RunResult[]): unknown {
  return runs.map(({ label, loss, variables, finalLoss }) => ({ label, loss, variables, finalLoss }));
}

/** The scratch run with the change, and its text with the change written in: the same runs. */
async function assertSameRuns(text: string, file: string, change: Partial<PlayChange>, written: string): Promise<RunResult[]> {
  assert.notEqual(written, text, 'the written text differs from the scratch');
  const played = await runText(text, file, { play: { ...NO_CHANGE, ...change } });
  const edited = await runText(written, file);
  assert.equal(played.error, null);
  assert.equal(edited.error, null);
  assert.deepEqual(trace(played.runs), trace(edited.runs));
  return played.runs;
}

const START = `${LESSON_START_X}`;
const RATE = `${LESSON_LEARNING_RATE}`;

const forms = [
  { form: 'config', text: lessonConfig(), file: 'scratch.ts' },
  { form: 'the lesson’s code as the course prints it', text: LESSON_PAGE_CODE, file: 'scratch.js' },
];

describe('a play change runs the scratch as its text would with the numbers written in', () => {
  for (const { form, text, file } of forms) {
    it(`${form}: a dragged start x = -3 trains from −3`, async () => {
      const runs = await assertSameRuns(text, file, { start: { x: -3 } }, text.replace(START, '-3'));
      // From −3 the descent ends near 0 on the other side: not the lesson's 0.0034543.
      assert.ok((runs[0].variables.x as number) < 0, JSON.stringify(runs[0].variables));
    });

    it(`${form}: the learning rate ×10 trains at 0.001`, async () => {
      const runs = await assertSameRuns(text, file, { rateFactor: 10 }, text.replace(RATE, '0.001'));
      assert.equal(runs[0].label, 'sgd lr=0.001');
    });
  }

  it('config: a sweep’s rates and a race’s optimizers all take the factor and the options they have', async () => {
    const sweep = lessonConfig().replace(`learningRate: ${RATE}`, 'learningRate: [0.0001, 0.0002]');
    const runs = await assertSameRuns(sweep, 'scratch.ts', { rateFactor: 10 }, sweep.replace('[0.0001, 0.0002]', '[0.001, 0.002]'));
    assert.deepEqual(runs.map((run) => run.label), ['sgd lr=0.001', 'sgd lr=0.002']);
    const race = lessonConfig().replace("optimizer: 'sgd'", "optimizer: ['sgd', { name: 'momentum', momentum: 0.9 }]");
    await assertSameRuns(race, 'scratch.ts', { rateFactor: 2, options: { momentum: 0.5 } }, race.replace(`learningRate: ${RATE}`, 'learningRate: 0.0002').replace('0.9', '0.5'));
  });

  it('config: a momentum optimizer’s momentum slid from 0.9 to 0.5', async () => {
    const text = lessonConfig().replace("optimizer: 'sgd'", "optimizer: { name: 'momentum', momentum: 0.9 }");
    await assertSameRuns(text, 'scratch.ts', { options: { momentum: 0.5 } }, text.replace('0.9', '0.5'));
  });

  it('the lesson’s code: its tf.train.momentum’s momentum slid from 0.9 to 0.5, and an option that optimizer lacks ignored', async () => {
    const text = LESSON_PAGE_CODE.replace(`tf.train.sgd(${RATE})`, `tf.train.momentum(${RATE}, 0.9)`);
    await assertSameRuns(text, 'scratch.js', { options: { momentum: 0.5, beta1: 0.3 } }, text.replace('0.9', '0.5'));
  });

  it('config: one element of a vector variable, w[1], starts elsewhere; the others as written', async () => {
    const text = lessonConfig()
      .replace(`variables: { x: ${START} }`, 'variables: { w: [1, 2, 3] }')
      .replace('ys.mul(x).square().mean()', 'ys.mul(w.sum()).square().mean()')
      .replace('({ x, ys }', '({ w, ys }');
    await assertSameRuns(text, 'scratch.ts', { start: { 'w[1]': -4 } }, text.replace('[1, 2, 3]', '[1, -4, 3]'));
  });
});

describe('the new cell says what the change tried, against the run it starts from', () => {
  it('"vs Run 1: x 4.12 → −3 (dragged) · learningRate 0.0001 → 0.001 (slid) · momentum default → 0.5 (slid)"', async () => {
    const { events } = await runText(LESSON_PAGE_CODE, 'scratch.js');
    const ran = events.map(summarizeEvent).reduce(nextRunState, INITIAL_RUN_STATE);
    const words = playChangeWords({ start: { x: -3 }, rateFactor: 10, options: { momentum: 0.5 } }, ran);
    assert.equal(changesText(1, words), 'vs Run 1: x 4.12 → −3 (dragged) · learningRate 0.0001 → 0.001 (slid) · momentum default → 0.5 (slid)');
  });
});
