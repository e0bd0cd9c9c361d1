// What the figures draw, read from a real run's state: the path's points where each epoch's loss
// was measured, sampled from the batches; the extents that decide when the landscape is asked for
// again; and their words (the caption, the scrubbed epoch).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { epochPointsText, figureCaption } from '../../src/shared/landscapeText';
import type { Landscape } from '../../src/shared/protocol';
import { runStateOf, type PlanState } from '../../src/shared/runState';
import { componentValue } from '../../src/shared/variableComponents';
import { lossCount, PathExtent, pathPoints, pointOfEpoch, sampleBatches, sampledIndices, startAt } from '../../webview/ui/base/figurePath';
import { niceTicks } from '../../webview/ui/charts/niceTicks';
import { LESSON_FIRST_LOSS, LESSON_START_X, LESSON_X_AFTER_ONE_EPOCH, lessonConfig } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

async function lessonPlan(epochs: number): Promise<PlanState> {
  const { events } = await runText(lessonConfig(), 'scratch.ts', { epochs });
  const plan = runStateOf(events).plans[0];
  assert.ok(plan);
  return plan;
}

/** sgd on the lesson: each epoch multiplies x by 1 − 0.0001·348. */
const xAfter = (epochs: number) => LESSON_START_X * (1 - 348e-4) ** epochs;

describe('the figures\' path', () => {
  it('samples every early epoch, then evenly, always ending at the last', () => {
    assert.deepEqual(sampledIndices(5, 400), [0, 1, 2, 3, 4]);
    const many = sampledIndices(1_000_000, 400);
    assert.ok(many.length <= 402, `${many.length} points`);
    assert.deepEqual(many.slice(0, 200), Array.from({ length: 200 }, (_, i) => i));
    assert.equal(many.at(-1), 999_999);
    assert.ok(many.every((index, k) => k === 0 || index > many[k - 1]), 'ascending');
    assert.deepEqual(sampledIndices(0, 400), []);
  });

  it('reads values at flat indices across batches', () => {
    const batches = [new Float32Array([0, 1, 2]), new Float32Array([3]), new Float32Array([4, 5])];
    assert.deepEqual(sampleBatches(batches, [0, 2, 3, 5]), [0, 2, 3, 5]);
    assert.deepEqual(sampleBatches(batches, []), []);
  });

  it('puts each epoch\'s loss where it was measured: the start, then where the epoch before left x', async () => {
    const plan = await lessonPlan(200);
    const start = startAt(plan, ['x']);
    assert.deepEqual(start?.map((x) => Math.fround(x)), [Math.fround(LESSON_START_X)]);
    assert.equal(lossCount(plan), 200);
    const points = pathPoints(plan, ['x'], start, 400);
    assert.equal(points.length, 200);
    assert.ok(Math.abs(points[0].at[0] - LESSON_START_X) < 1e-6);
    assert.ok(Math.abs(points[0].loss - LESSON_FIRST_LOSS) < 0.01, `epoch 1's loss ${points[0].loss}`);
    assert.ok(Math.abs(points[1].at[0] - LESSON_X_AFTER_ONE_EPOCH) < 1e-5, `epoch 2's loss was measured at ${points[1].at[0]}`);
    for (const epoch of [1, 20, 200]) {
      const point = pointOfEpoch(plan, ['x'], start, epoch);
      assert.ok(point, `epoch ${epoch}`);
      assert.ok(Math.abs(point.at[0] - xAfter(epoch - 1)) <= 1e-4 * xAfter(epoch - 1), `epoch ${epoch} at x = ${point.at[0]}`);
      assert.ok(Math.abs(point.loss - 174 * point.at[0] ** 2) <= 1e-4 * point.loss, `epoch ${epoch}: its loss is L(x) there`);
    }
    assert.equal(pointOfEpoch(plan, ['x'], start, 0), null);
    assert.equal(pointOfEpoch(plan, ['x'], start, 201), null);
  });

  it('keeps the path\'s extremes, batch by batch, and gives the corners the range must hold', async () => {
    const plan = await lessonPlan(50);
    const extent = new PathExtent(['x']);
    assert.deepEqual(extent.corners(), []);
    extent.update(plan);
    extent.update(plan);
    const [low, high] = extent.corners();
    assert.ok(Math.abs(low[0] - xAfter(50)) < 1e-4 && Math.abs(high[0] - xAfter(1)) < 1e-4, `${low} … ${high}`);
  });

  it('reads a finished run\'s value of a component: x, w[1], m[0][1]', () => {
    const values = { x: 0.5, w: [1, 2, 3], m: [[1, 2], [3, 4]], broken: null };
    assert.equal(componentValue(values, 'x'), 0.5);
    assert.equal(componentValue(values, 'w[1]'), 2);
    assert.equal(componentValue(values, 'm[0][1]'), 2);
    assert.equal(componentValue(values, 'w[7]'), null);
    assert.equal(componentValue(values, 'broken'), null);
    assert.equal(componentValue(values, 'missing'), null);
  });
});

describe('the figures\' words', () => {
  const curve: Landscape = { variables: ['x'], axes: [[-5.15, 0, 5.15]], loss: [4614.9, 0, 4614.9] };

  it('captions a figure with its range, lowest point, start and each run now', () => {
    const text = figureCaption(curve, { at: [4.12], loss: 2953.5456 }, [
      { label: 'sgd lr=0.0001', steps: 200, now: { at: [0.0034543], loss: 0.0020762 } },
      { label: 'adam lr=0.1', steps: 1, now: null },
    ]);
    assert.equal(
      text,
      'Loss over x from -5.15 to 5.15 (3 points), lowest loss 0 at x = 0 · start x = 4.12, loss 2953.55 · sgd lr=0.0001: 200 steps, now x = 0.0034543, loss 0.0020762 · adam lr=0.1: 1 step',
    );
  });

  it('names the variables a slice holds', () => {
    const surface: Landscape = { variables: ['a', 'c'], axes: [[-1, 0, 1], [-2, 0, 2]], loss: [3, 2, 3, 2, 1, 2, 3, 2, 3] };
    assert.equal(figureCaption(surface, null, [], { b: 0.25 }), 'Loss over a from -1 to 1, c from -2 to 2 (3 × 3 points) with b = 0.25 held, lowest loss 1 at a = 0, c = 0');
  });

  it('says a scrubbed epoch\'s loss and where it was measured, per run when there are several', () => {
    assert.equal(epochPointsText(20, ['x'], [{ label: 'sgd', point: { at: [2.1025], loss: 768.779 } }]), 'epoch 20 · loss 768.779 at x = 2.1025');
    assert.equal(
      epochPointsText(3, ['m', 'b'], [
        { label: 'sgd', point: { at: [1, 2], loss: 0.5 } },
        { label: 'adam', point: null },
      ]),
      'epoch 3 · sgd: loss 0.5 at m = 1, b = 2',
    );
  });

  it('ticks an axis at round numbers inside it', () => {
    assert.deepEqual(niceTicks(-5.15, 5.15, 6), [-4, -2, 0, 2, 4]);
    assert.deepEqual(niceTicks(-1.3325, 1.3325, 5), [-1, 0, 1]);
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(2, 2, 5), [2]);
  });
});
