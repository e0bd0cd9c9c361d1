// Which way is down at a run's start, in both forms: tfjs's gradient, the loss a small step either
// side, the step the optimizer took, and the line the output channel and the CLI print for it.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { validateTrainerEvent, type RunPlan, type Slope, type TrainerEvent } from '../../src/shared/protocol';
import { downhillText } from '../../src/shared/wording';
import { LESSON_CODE, LESSON_FIRST_LOSS, LESSON_PLAN, LESSON_START_X, LESSON_X_AFTER_ONE_EPOCH, lessonConfig } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

type SlopeEvent = Extract<TrainerEvent, { type: 'slope' }>;

const slopesOf = (events: TrainerEvent[]) => events.filter((e): e is SlopeEvent => e.type === 'slope');
const near = (actual: number | null, expected: number, tolerance: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected}`);

/** The lesson's slope at 4.12: dL/dx = 348·x, L(4.11) and L(4.13) either side. */
const LESSON_GRADIENT = 1433.76;
const LESSON_BELOW = 2939.2254;
const LESSON_ABOVE = 2967.9006;

describe('which way is down at the start', () => {
  for (const [form, text] of [
    ['the lesson form', LESSON_CODE],
    ['the config form', lessonConfig()],
  ]) {
    it(`${form}: the gradient 1433.76 at 4.12, L(4.11) and L(4.13), and the step to 3.976624, right after epoch 1's progress`, async () => {
      const { events } = await runText(text);
      const slopes = slopesOf(events);
      assert.equal(slopes.length, 1, 'one slope: the start');
      const [slope] = slopes;
      assert.ok(validateTrainerEvent(slope).ok);
      const before = events[events.indexOf(slope) - 1];
      assert.ok(before.type === 'progress' && before.firstEpoch === 1, `the event before the slope: ${before.type}`);
      assert.deepEqual([slope.run, slope.epoch, slope.variables], [0, 0, ['x']]);
      near(slope.at[0], LESSON_START_X, 1e-6, 'x');
      near(slope.loss, LESSON_FIRST_LOSS, 1e-3, 'the loss');
      near(slope.gradient[0], LESSON_GRADIENT, LESSON_GRADIENT * 1e-5, 'dL/dx');
      const [{ step, below, above }] = slope.probes;
      assert.equal(step, 0.01);
      near(below, LESSON_BELOW, 1e-3, 'L(4.11)');
      near(above, LESSON_ABOVE, 1e-3, 'L(4.13)');
      const difference = ((above as number) - (below as number)) / (2 * step);
      near(difference, slope.gradient[0] as number, LESSON_GRADIENT * 1e-4, 'the finite difference');
      near(slope.next?.[0] ?? null, LESSON_X_AFTER_ONE_EPOCH, 1e-6, 'x after the step');
    });
  }

  it('for another optimizer, next is where its first step took x', async () => {
    const { events } = await runText(lessonConfig().replace("optimizer: 'sgd', learningRate: 0.0001", "optimizer: 'adam', learningRate: 0.1"));
    const [slope] = slopesOf(events);
    const firstProgress = events.find((e) => e.type === 'progress');
    assert.ok(firstProgress?.type === 'progress');
    assert.deepEqual(slope.next, [firstProgress.path?.x[0]]);
    near(slope.next?.[0] ?? null, LESSON_START_X - 0.1, 1e-5, 'adam’s first step is about its learning rate');
  });

  it('no variable small enough to follow, no slope; a loss that cannot be trained still says why', async () => {
    const tensorOnly = await runText(
      [
        "import * as tf from '@tensorflow/tfjs';",
        "export default { variables: { w: Array.from({ length: 100 }, () => 1) }, loss: ({ w }: Record<string, tf.Tensor>) => w.square().sum(), optimizer: 'sgd', learningRate: 0.1, epochs: 5 };",
      ].join('\n'),
    );
    assert.equal(tensorOnly.error, null);
    assert.equal(slopesOf(tensorOnly.events).length, 0);
    const unused = await runText(LESSON_CODE.replace('ys.mul(x).square().mean()', 'ys.square().mean()'));
    assert.match(unused.error?.message ?? '', /^The loss does not use the variables it should train \(x\)/);
    assert.equal(slopesOf(unused.events).length, 0);
  });
});

describe('the downhill line', () => {
  const lessonSlope: Slope = {
    epoch: 0,
    variables: ['x'],
    at: [Math.fround(LESSON_START_X)],
    loss: Math.fround(LESSON_FIRST_LOSS),
    gradient: [Math.fround(LESSON_GRADIENT)],
    probes: [{ step: 0.01, below: Math.fround(LESSON_BELOW), above: Math.fround(LESSON_ABOVE) }],
    next: [Math.fround(LESSON_X_AFTER_ONE_EPOCH)],
  };

  it("reasons as the lesson does, in the lesson's numbers", () => {
    const text = downhillText(lessonSlope, LESSON_PLAN);
    for (const piece of [
      'x = 4.12, loss 2953.55',
      'L(4.11) = 2939.2',
      'L(4.13) = 2967.9',
      'down is toward smaller x',
      'dL/dx = 1433.76',
      'sgd moves x by −0.0001 × 1433.76 = −0.143376, to 3.976624',
    ]) {
      assert.ok(text.includes(piece), `"${piece}" is not in: ${text}`);
    }
    assert.doesNotMatch(text, /-/, 'every minus is the minus sign');
  });

  it('the lesson run prints the same line as the trainer works it out', async () => {
    const { events } = await runText(lessonConfig());
    const [slope] = slopesOf(events);
    assert.equal(downhillText(slope, LESSON_PLAN), downhillText(lessonSlope, LESSON_PLAN));
  });

  it('past the minimum, down is toward larger x, and the step is positive', () => {
    const mirrored: Slope = {
      ...lessonSlope,
      at: [-lessonSlope.at[0]!],
      gradient: [-lessonSlope.gradient[0]!],
      probes: [{ step: 0.01, below: lessonSlope.probes[0].above, above: lessonSlope.probes[0].below }],
      next: [-lessonSlope.next![0]!],
    };
    const text = downhillText(mirrored, LESSON_PLAN);
    for (const piece of ['x = −4.12', 'L(−4.13) = 2967.9 > L(−4.11) = 2939.2', 'down is toward larger x', 'dL/dx = −1433.76', '−0.0001 × (−1433.76) = 0.143376, to −3.976624']) {
      assert.ok(text.includes(piece), `"${piece}" is not in: ${text}`);
    }
  });

  it('another optimizer: the step it took', () => {
    const adam: RunPlan = { ...LESSON_PLAN, optimizer: { name: 'adam', learningRate: 0.1, options: {} } };
    const text = downhillText({ ...lessonSlope, next: [Math.fround(4.02)] }, adam);
    assert.ok(text.includes('adam moves x by −0.1, to 4.02'), text);
  });

  it('two variables: the slope by each, and the step as a tuple', () => {
    const slope: Slope = {
      epoch: 0,
      variables: ['m', 'b'],
      at: [0.5, -0.5],
      loss: 30.375,
      gradient: [-30, -10.5],
      probes: [
        { step: 0.001, below: 30.405, above: 30.345 },
        { step: 0.001, below: 30.3855, above: 30.3645 },
      ],
      next: [0.8, -0.395],
    };
    const sgd: RunPlan = { ...LESSON_PLAN, optimizer: { name: 'sgd', learningRate: 0.01, options: {} } };
    assert.equal(
      downhillText(slope, sgd),
      '↘ start: (m, b) = (0.5, −0.5), loss 30.375 · down is toward larger m, larger b · ∂L/∂m = −30, ∂L/∂b = −10.5 · ' +
        'sgd moves (m, b) by −0.01 × (−30, −10.5) = (0.3, 0.105), to (0.8, −0.395)',
    );
  });
});
