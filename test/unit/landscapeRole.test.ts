// The landscape worker's role: the scratch loaded as far as its loss on the cpu backend, then
// landscape requests answered one at a time, the newest of those that waited.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { LandscapeRequest, PreviewRequest } from '../../src/shared/protocol';
import { LandscapeRole, type LandscapeAnswer } from '../../src/trainer/landscapeRole';
import { LESSON_EPOCHS, LESSON_LEARNING_RATE, LESSON_PAGE_CODE, LESSON_START_X, lessonConfig } from '../support/lesson';
import { compiledText, runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

const request = (id: number, variables = ['x']): LandscapeRequest => ({ type: 'landscapeRequest', id, variables, holding: [[LESSON_START_X]], values: {} });

/** A role started on the text, the answers it posted, and a wait for the first `count` of them. */
async function startedRole(text: string, after?: Promise<void>, file?: string) {
  const answers: LandscapeAnswer[] = [];
  let wake = () => undefined as void;
  const role = new LandscapeRole((answer) => {
    answers.push(answer);
    wake();
  });
  const started = role.start(await compiledText(text, file), after);
  if (!after) await started;
  const next = async (count: number) => {
    while (answers.length < count) await new Promise<void>((resolve) => (wake = resolve));
    return answers;
  };
  return { role, answers, next };
}

describe('the landscape worker', () => {
  it('answers a request with the lesson’s curve, and of requests that waited only the newest', async () => {
    const { role, next } = await startedRole(lessonConfig());
    role.request(request(1));
    role.request(request(2));
    role.request(request(3));
    const [first] = await next(1);
    assert.equal(first.type, 'landscape');
    assert.equal(first.id, 3);
    if (first.type === 'landscape') {
      assert.deepEqual(first.variables, ['x']);
      assert.equal(first.axes[0].length, 101);
      assert.ok(first.ms >= 0);
    }
    role.request(request(4, ['y']));
    const answers = await next(2);
    assert.deepEqual(answers.map((a) => [a.type, a.id]), [['landscape', 3], ['landscapeUnavailable', 4]]);
    assert.equal(answers.length, 2, 'the superseded requests are not answered');
  });

  it('waits for the warm-up before it loads the scratch, and answers what was asked meanwhile', async () => {
    let warmed = () => undefined as void;
    const warming = new Promise<void>((resolve) => (warmed = resolve));
    const { role, answers, next } = await startedRole(lessonConfig(), warming);
    role.request(request(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(answers, [], 'nothing is answered during the warm-up');
    warmed();
    const [answer] = await next(1);
    assert.deepEqual([answer.type, answer.id], ['landscape', 1]);
  });

  it('says once why a scratch’s loss cannot be drawn, then so to every request', async () => {
    const { role, answers, next } = await startedRole("import * as tf from '@tensorflow/tfjs';\ntf.scalar(1);");
    assert.deepEqual(answers.map((a) => [a.type, a.id]), [['landscapeUnavailable', null]]);
    role.request(request(7));
    const [, answer] = await next(2);
    assert.deepEqual([answer.type, answer.id], ['landscapeUnavailable', 7]);
    if (answer.type === 'landscapeUnavailable') assert.match(answer.reason, /never calls optimizer\.minimize\(\)/);
  });

  const preview = (id: number, start: number, learningRate = LESSON_LEARNING_RATE): PreviewRequest => ({
    type: 'previewRequest',
    id,
    variables: ['x'],
    values: {},
    start: [start],
    optimizers: [{ name: 'sgd', learningRate, options: {} }],
    epochs: LESSON_EPOCHS,
  });

  for (const [form, text, file] of [['config', lessonConfig(), 'scratch.ts'], ['the lesson’s code', LESSON_PAGE_CODE, 'scratch.js']]) {
    it(`${form}: previews the path from a dragged start as the real run from there goes, and leaves the landscape as it was`, async () => {
      // The real run first: the role keeps the lesson's variable x registered, as a landscape worker does for its life.
      const real = await runText(text, file, { play: { start: { x: -3 }, rateFactor: 1, options: {} } });
      const { role, next } = await startedRole(text, undefined, file);
      role.request(preview(1, -3));
      role.request(request(2));
      const answers = await next(2);
      const shown = answers.find((a) => a.type === 'preview');
      assert.ok(shown?.type === 'preview', JSON.stringify(answers.map((a) => a.type)));
      const [path] = shown.paths;
      assert.equal(path.length, LESSON_EPOCHS + 1, 'the start and where each epoch left x');
      assert.deepEqual(path[0].at, [-3]);
      const [run] = real.runs;
      assert.deepEqual(path.slice(0, -1).map((p) => p.loss), run.loss, 'each epoch’s loss as the run measured it');
      assert.equal(path.at(-1)?.at[0], run.variables.x);
      // The grid asked after the preview is drawn around where the scratch starts, not where the preview went.
      const landscape = answers.find((a) => a.type === 'landscape');
      assert.ok(landscape?.type === 'landscape' && landscape.axes[0].includes(LESSON_START_X));
    });
  }

  it('answers the newest of the previews that waited, and prints how many previews of the lesson it computes a second', async () => {
    const { role, answers, next } = await startedRole(lessonConfig());
    const started = performance.now();
    for (let id = 1; id <= 5; id++) role.request(preview(id, id));
    await next(1);
    const timed = performance.now();
    assert.deepEqual(answers.map((a) => [a.type, a.id]), [['preview', 5]]);
    // Timed once the JIT has warmed to the loop: a drag asks for previews over and over.
    const rate = async (seconds: number) => {
      let count = 0;
      const timed = performance.now();
      while (performance.now() - timed < seconds * 1000) {
        role.request(preview(answers.length + 1, 2 + count++ / 100));
        await next(answers.length + 1);
      }
      return (count * 1000) / (performance.now() - timed);
    };
    await rate(2);
    console.log(`previews of the lesson's ${LESSON_EPOCHS} epochs on the cpu backend: ${(await rate(2)).toFixed(1)} a second (the first after ${(timed - started).toFixed(0)} ms)`);
  });
});
