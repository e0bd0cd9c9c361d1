// A run's path: each scalar variable's value after every epoch (a tensor's first components and its
// norm), in the progress events, in both forms, equal to the variables the run records.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PATH_VARIABLES, validateTrainerEvent, type TrainerEvent } from '../../src/shared/protocol';
import { LESSON_CODE, LESSON_EPOCHS, LESSON_START_X, LESSON_X_AFTER_ONE_EPOCH, lessonConfig } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

type Progress = Extract<TrainerEvent, { type: 'progress' }>;

const progressOf = (events: TrainerEvent[], run = 0) => events.filter((e): e is Progress => e.type === 'progress' && e.run === run);

/** A path variable's values after epoch 1, 2, …, joined from the progress events. */
function pathOf(events: TrainerEvent[], name: string, run = 0): (number | null)[] {
  return progressOf(events, run).flatMap((e) => {
    const values = e.path?.[name];
    assert.ok(values, `progress from epoch ${e.firstEpoch} has no path for ${name}`);
    assert.equal(values.length, e.losses.length, `one value an epoch, from epoch ${e.firstEpoch}`);
    return values;
  });
}

/** The relative error float32 allows over the lesson's 200 epochs: about 2⁻²⁴ an operation. */
const FLOAT32_DRIFT = 1e-5;

describe("a run's path", () => {
  for (const [form, text] of [
    ['the lesson form', LESSON_CODE],
    ['the config form', lessonConfig('logEvery: 20,')],
  ]) {
    it(`${form}: x after every epoch, 4.12·0.9652ⁿ, ending at the run's final x`, async () => {
      const { runs, events } = await runText(text);
      const path = pathOf(events, 'x') as number[];
      assert.equal(path.length, LESSON_EPOCHS);
      assert.ok(Math.abs(path[0] - LESSON_X_AFTER_ONE_EPOCH) < 1e-6, `x after epoch 1: ${path[0]}`);
      path.forEach((x, i) => {
        const expected = LESSON_START_X * 0.9652 ** (i + 1);
        assert.ok(Math.abs(x / expected - 1) < FLOAT32_DRIFT, `x after epoch ${i + 1}: ${x}, expected ${expected}`);
      });
      assert.equal(path.at(-1), runs[0].variables.x);
      for (const log of events.filter((e) => e.type === 'log')) assert.equal(path[log.epoch - 1], log.variables.x, `epoch ${log.epoch}'s log line`);
      for (const event of progressOf(events)) assert.ok(validateTrainerEvent(event).ok);
    });
  }

  it('both forms record the same path', async () => {
    const lesson = await runText(LESSON_CODE);
    const config = await runText(lessonConfig('logEvery: 20,'));
    assert.deepEqual(pathOf(lesson.events, 'x'), pathOf(config.events, 'x'));
  });

  it("follows a line fit's m, then w's components and norm, then b, in declaration order", async () => {
    const { runs, events } = await runText(
      [
        "import * as tf from '@tensorflow/tfjs';",
        'export default {',
        '  variables: { m: 0.5, w: [3, 4], b: -0.5 },',
        '  data: { xs: [1, 2, 3, 4], ys: [3, 5, 7, 9] },',
        '  loss: ({ m, b, w, xs, ys }: Record<string, tf.Tensor>) => xs.mul(m).add(b).sub(ys).square().mean().add(w.square().sum()),',
        "  optimizer: 'adam', learningRate: 0.05, epochs: 300,",
        '};',
      ].join('\n'),
    );
    const progress = progressOf(events);
    assert.deepEqual(Object.keys(progress[0].path ?? {}), ['m', 'w[0]', 'w[1]', '‖w‖', 'b']);
    for (const name of ['m', 'b']) {
      const path = pathOf(events, name);
      assert.equal(path.length, 300);
      assert.equal(path.at(-1), runs[0].variables[name]);
    }
    const [w0, w1, norm] = ['w[0]', 'w[1]', '‖w‖'].map((name) => pathOf(events, name) as number[]);
    assert.deepEqual([w0.at(-1), w1.at(-1)], runs[0].variables.w, "w's components end where w does");
    norm.forEach((n, k) => assert.ok(Math.abs(n - Math.hypot(w0[k], w1[k])) <= 1e-6 * Math.max(1, n), `‖w‖ after epoch ${k + 1}: ${n}`));
    assert.ok(norm[0] < 5 && norm.at(-1)! < norm[0], `adam shrinks w from ‖[3, 4]‖ = 5: ${norm[0]} to ${norm.at(-1)}`);
  });

  for (const [form, text] of [
    ['the config form', "import * as tf from '@tensorflow/tfjs';\nexport default { variables: { w: [4.12, 1] }, loss: ({ w }: Record<string, tf.Tensor>) => w.square().sum(), optimizer: 'sgd', learningRate: 0.1, epochs: 5 };"],
    ['the lesson form', "import * as tf from '@tensorflow/tfjs';\nconst w = tf.variable(tf.tensor([4.12, 1]));\nconst optimizer = tf.train.sgd(0.1);\nfor (let i = 0; i < 5; i++) optimizer.minimize(() => w.square().sum());"],
  ]) {
    it(`${form}: a tensor variable's path is its components and its norm, each epoch's`, async () => {
      const { error, events } = await runText(text);
      assert.equal(error, null);
      assert.deepEqual(Object.keys(progressOf(events)[0].path ?? {}), ['w[0]', 'w[1]', '‖w‖']);
      // sgd on ‖w‖² multiplies w by 1 − 2·0.1 an epoch.
      const expected = (k: number) => [4.12 * 0.8 ** k, 0.8 ** k];
      const [w0, w1, norm] = ['w[0]', 'w[1]', '‖w‖'].map((name) => pathOf(events, name) as number[]);
      for (let k = 1; k <= 5; k++) {
        const [e0, e1] = expected(k);
        assert.ok(Math.abs(w0[k - 1] - e0) < 1e-5 && Math.abs(w1[k - 1] - e1) < 1e-5, `w after epoch ${k}: [${w0[k - 1]}, ${w1[k - 1]}]`);
        assert.ok(Math.abs(norm[k - 1] - Math.hypot(e0, e1)) < 1e-5, `‖w‖ after epoch ${k}: ${norm[k - 1]}`);
      }
      const slope = events.find((e) => e.type === 'slope');
      assert.ok(slope && slope.type === 'slope', 'which way is down, by the components');
      assert.deepEqual(slope.variables, ['w[0]', 'w[1]']);
      assert.deepEqual(slope.gradient.map((g) => Math.round(g! * 1e4) / 1e4), [8.24, 2], 'the gradient 2w at [4.12, 1]');
    });
  }

  it(`records series of at most ${PATH_VARIABLES}: a tensor's first three components and its norm; a tensor too large to show has none`, async () => {
    const names = Array.from({ length: PATH_VARIABLES + 2 }, (_, k) => `v${k}`);
    const many = await runText(
      [
        "import * as tf from '@tensorflow/tfjs';",
        'export default {',
        `  variables: { ${names.map((name, k) => `${name}: ${k + 1}`).join(', ')} },`,
        `  loss: (v: Record<string, tf.Tensor>) => ${names.map((name) => `v.${name}.square()`).join('.add(')}${')'.repeat(names.length - 1)},`,
        "  optimizer: 'sgd', learningRate: 0.1, epochs: 5,",
        '};',
      ].join('\n'),
    );
    assert.equal(many.error, null);
    assert.deepEqual(Object.keys(progressOf(many.events)[0].path ?? {}), names.slice(0, PATH_VARIABLES));
    const vectors = await runText(
      [
        "import * as tf from '@tensorflow/tfjs';",
        'export default {',
        '  variables: { a: 1, w: [1, 2, 3, 4, 5], u: [[1, 2], [3, 4]], z: 2 },',
        '  loss: ({ a, w, u, z }: Record<string, tf.Tensor>) => a.square().add(w.square().sum()).add(u.square().sum()).add(z.square()),',
        "  optimizer: 'sgd', learningRate: 0.1, epochs: 5,",
        '};',
      ].join('\n'),
    );
    assert.equal(vectors.error, null);
    assert.deepEqual(Object.keys(progressOf(vectors.events)[0].path ?? {}), ['a', 'w[0]', 'w[1]', 'w[2]', '‖w‖'], 'u would make more than 8 series, so it and what follows are left out');
    const norm = pathOf(vectors.events, '‖w‖')[0]!;
    assert.ok(Math.abs(norm - 0.8 * Math.hypot(1, 2, 3, 4, 5)) < 1e-5, `‖w‖ after epoch 1 counts all five components: ${norm}`);
    const large = await runText(
      [
        "import * as tf from '@tensorflow/tfjs';",
        "export default { variables: { w: Array.from({ length: 100 }, (_, i) => i) }, loss: ({ w }: Record<string, tf.Tensor>) => w.square().sum(), optimizer: 'sgd', learningRate: 0.1, epochs: 5 };",
      ].join('\n'),
    );
    assert.equal(large.error, null);
    assert.ok(progressOf(large.events).every((e) => !('path' in e)), 'no path field at all');
  });

  it('a size-1 variable of any shape is a path variable, in the lesson form too', async () => {
    const { runs, events } = await runText(LESSON_CODE.replace(`tf.variable(tf.scalar(${LESSON_START_X}))`, `tf.variable(tf.tensor([[${LESSON_START_X}]]))`));
    const path = pathOf(events, 'x');
    assert.equal(path.length, LESSON_EPOCHS);
    assert.deepEqual(runs[0].variables.x, [[path.at(-1)]]);
  });

  it('a run that converges ends its path at the epoch that converged, where its variables went back to', async () => {
    const { runs, events } = await runText(lessonConfig('stopWhen: { loss: 1 },').replace('epochs: 200', 'epochs: 5000'));
    const [run] = runs;
    assert.equal(run.status, 'converged');
    const path = pathOf(events, 'x');
    assert.equal(path.length, run.epochs);
    assert.equal(path.at(-1), run.variables.x);
  });
});
