// What changed between two runs of a scratch, read from the trainer's plan of each.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runChanges, runConfigOf } from '../../src/shared/runChanges';
import { runStateOf } from '../../src/shared/runState';
import { LESSON_CODE, lessonConfig } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

async function configOf(text: string) {
  const { events, error } = await runText(text);
  assert.equal(error, null, text);
  return runConfigOf(runStateOf(events));
}

describe('what changed between two runs', () => {
  it('names each field the trainer reads differently, from the rate to the loss text', async () => {
    const lesson = await configOf(lessonConfig());
    assert.deepEqual(runChanges(lesson, lesson), [], 'the same config: no change');
    const cases: [string, string, string[]][] = [
      ['a larger learning rate', lessonConfig().replace('learningRate: 0.0001', 'learningRate: 0.001'), ['learningRate 0.0001 → 0.001']],
      ['another optimizer', lessonConfig().replace("optimizer: 'sgd'", "optimizer: 'adam'"), ['optimizer sgd → adam']],
      ['more epochs', lessonConfig().replace('epochs: 200', 'epochs: 500'), ['epochs 200 → 500']],
      ['another start', lessonConfig().replace('x: 4.12', 'x: -3'), ['x 4.12 → -3']],
      ['an edited loss', lessonConfig().replace('ys.mul(x).square().mean()', 'ys.mul(x).square().sum()'), ['loss edited']],
      ['an option', lessonConfig().replace("optimizer: 'sgd'", "optimizer: { name: 'momentum', momentum: 0.5 }"), ['optimizer sgd → momentum', 'momentum default → 0.5']],
      ['a sweep', lessonConfig().replace('learningRate: 0.0001', 'learningRate: [0.0001, 0.001]'), ['learningRate 0.0001 → 0.0001, 0.001']],
      ['two changes at once', lessonConfig().replace('learningRate: 0.0001', 'learningRate: 0.01').replace("optimizer: 'sgd'", "optimizer: 'rmsprop'"), ['optimizer sgd → rmsprop', 'learningRate 0.0001 → 0.01']],
    ];
    for (const [what, text, expected] of cases) assert.deepEqual(runChanges(lesson, await configOf(text)), expected, what);
  });

  it("says when the scratch went from a config to the lesson's own code", async () => {
    const changes = runChanges(await configOf(lessonConfig()), await configOf(LESSON_CODE));
    assert.equal(changes[0], "form config → the lesson's code");
  });

  it('a variable added, and an option that goes back to its default', async () => {
    const tuned = await configOf(lessonConfig().replace("optimizer: 'sgd'", "optimizer: { name: 'adam', beta1: 0.8 }"));
    const plain = await configOf(lessonConfig().replace("optimizer: 'sgd'", "optimizer: 'adam'").replace('x: 4.12 }', 'x: 4.12, b: 0 }').replace('({ x, ys }', '({ x, b, ys }').replace('ys.mul(x)', 'ys.mul(x).add(b)'));
    assert.deepEqual(runChanges(tuned, plain), ['b added', 'loss edited', 'beta1 0.8 → default']);
  });
});
