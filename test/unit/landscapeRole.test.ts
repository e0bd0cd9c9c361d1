// The landscape worker's role: the scratch loaded as far as its loss on the cpu backend, then
// landscape requests answered one at a time, the newest of those that waited.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { LandscapeRequest } from '../../src/shared/protocol';
import { LandscapeRole, type LandscapeAnswer } from '../../src/trainer/landscapeRole';
import { LESSON_START_X, lessonConfig } from '../support/lesson';
import { compiledText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

const request = (id: number, variables = ['x']): LandscapeRequest => ({ type: 'landscapeRequest', id, variables, holding: [[LESSON_START_X]], values: {} });

/** A role started on the text, the answers it posted, and a wait for the first `count` of them. */
async function startedRole(text: string, after?: Promise<void>) {
  const answers: LandscapeAnswer[] = [];
  let wake = () => undefined as void;
  const role = new LandscapeRole((answer) => {
    answers.push(answer);
    wake();
  });
  const started = role.start(await compiledText(text), after);
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
});
