// The landscape: the learner's loss over a grid of one or two scalar components, asked of the
// scratch's own loss (a config's, or the lesson form's minimize function).
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { axis, holdsPoint, lowestPoint } from '../../src/shared/landscapeRange';
import { computeLandscape } from '../../src/trainer/landscape';
import { LandscapeUnavailable, probeScratch, type ScratchProbe } from '../../src/trainer/probeScratch';
import { LESSON_CODE, LESSON_FIRST_LOSS, LESSON_START_X, lessonConfig } from '../support/lesson';
import { leastSquaresLine, LINE_XS, LINE_YS, lineFitConfig } from '../support/lineFit';
import { compiledText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

const probes: ScratchProbe[] = [];
afterEach(() => probes.splice(0).forEach((p) => p.dispose()));

async function probeOf(text: string): Promise<ScratchProbe> {
  const probe = await probeScratch(await compiledText(text));
  probes.push(probe);
  return probe;
}

async function unavailable(text: string, components: string[] = ['x']): Promise<string> {
  try {
    (await probeOf(text)).probeFor(components);
  } catch (thrown) {
    assert.ok(thrown instanceof LandscapeUnavailable, String(thrown));
    return thrown.message;
  }
  assert.fail('the landscape was available');
}

const lessonLoss = (x: number) => 174 * x * x;
/** The grid index whose value is `value` (to rounding). */
const indexOf = (values: number[], value: number) => values.findIndex((v) => Math.abs(v - value) < 1e-12);

describe('the landscape of the lesson (one variable)', () => {
  it('is 174·x² at every one of its 101 points, from −5.15 to 5.15', async () => {
    const landscape = computeLandscape((await probeOf(lessonConfig())).probeFor(['x']), [[LESSON_START_X]]);
    assert.deepEqual(landscape.variables, ['x']);
    const [xs] = landscape.axes;
    assert.equal(xs.length, 101);
    assert.ok(Math.abs(xs[0] + 5.15) < 1e-12 && Math.abs(xs[100] - 5.15) < 1e-12, `${xs[0]} … ${xs[100]}`);
    xs.forEach((x, i) => {
      const loss = landscape.loss[i] as number;
      assert.ok(Math.abs(loss - lessonLoss(x)) <= 1e-5 * lessonLoss(x) + 1e-9, `L(${x}) = ${loss}, not ${lessonLoss(x)}`);
    });
    assert.ok(landscape.ms >= 0);
  });

  it('has L(4.12) = L(−4.12) = 2953.5456 and L(0) = 0 among its points', async () => {
    const landscape = computeLandscape((await probeOf(lessonConfig())).probeFor(['x']), [[LESSON_START_X]]);
    const [xs] = landscape.axes;
    for (const x of [LESSON_START_X, -LESSON_START_X]) {
      const i = indexOf(xs, x);
      assert.ok(i >= 0, `${x} is a grid point`);
      assert.ok(Math.abs((landscape.loss[i] as number) - LESSON_FIRST_LOSS) < 1e-3, `L(${x}) = ${landscape.loss[i]}`);
    }
    assert.equal(landscape.loss[indexOf(xs, 0)], 0);
  });

  it('runs through 4.12 from the start as the float32 variable holds it', async () => {
    const landscape = computeLandscape((await probeOf(lessonConfig())).probeFor(['x']), [[Math.fround(LESSON_START_X)]]);
    assert.deepEqual(landscape.axes[0], axis(LESSON_START_X, 50));
  });

  it("is the same grid from the lesson's own code, whose x is where it was afterwards", async () => {
    const fromConfig = computeLandscape((await probeOf(lessonConfig())).probeFor(['x']), [[LESSON_START_X]]);
    const probe = (await probeOf(LESSON_CODE)).probeFor(['x']);
    const before = probe.current();
    assert.equal(before[0], Math.fround(LESSON_START_X), 'the loop was cut short before its first step');
    const fromCode = computeLandscape(probe, [[LESSON_START_X]]);
    assert.deepEqual(fromCode.axes, fromConfig.axes);
    assert.deepEqual(fromCode.loss, fromConfig.loss);
    assert.deepEqual(probe.current(), before);
  });

  it('holds a path that zig-zags past the minimum and one that climbs out', async () => {
    const probe = (await probeOf(lessonConfig())).probeFor(['x']);
    for (const factor of [-0.74, -1.1]) {
      const path = Array.from({ length: 12 }, (_, n) => [LESSON_START_X * factor ** (n + 1)]);
      const landscape = computeLandscape(probe, [[LESSON_START_X], ...path]);
      for (const point of [[LESSON_START_X], ...path]) assert.ok(holdsPoint(landscape, point), `x = ${point[0]} with factor ${factor}`);
      const [lowest] = lowestPoint(landscape)!;
      assert.equal(landscape.axes[0][lowest], 0, 'the minimum is inside');
    }
  });

  it('does not hold a path that leaves it; the range drawn again does', async () => {
    const probe = (await probeOf(lessonConfig())).probeFor(['x']);
    const first = computeLandscape(probe, [[LESSON_START_X]]);
    const path = [[-4.5], [4.9], [-5.4], [5.9]];
    assert.equal(holdsPoint(first, path[1]), true);
    assert.equal(holdsPoint(first, path[3]), false);
    const again = computeLandscape(probe, [[LESSON_START_X], ...path]);
    for (const point of path) assert.ok(holdsPoint(again, point), `x = ${point[0]}`);
    assert.deepEqual(again.axes[0], axis(5.9, 50));
  });
});

describe('the landscape of a line fit (two variables)', () => {
  const best = leastSquaresLine();

  /** The grid's lowest point is within one grid step of the least-squares line on both axes. */
  function assertLowestNearBest(landscape: ReturnType<typeof computeLandscape>) {
    const [i, j] = lowestPoint(landscape)!;
    const [ms, bs] = landscape.axes;
    const step = (values: number[]) => values[1] - values[0];
    assert.ok(Math.abs(ms[i] - best.m) <= step(ms), `m = ${ms[i]} on the grid, ${best.m} by least squares`);
    assert.ok(Math.abs(bs[j] - best.b) <= step(bs), `b = ${bs[j]} on the grid, ${best.b} by least squares`);
  }

  it('is a 41 × 41 grid, loss[i·41 + j] at (m_i, b_j), lowest at the least-squares (m, b)', async () => {
    const probe = (await probeOf(lineFitConfig(3, 2))).probeFor(['m', 'b']);
    const landscape = computeLandscape(probe, [[3, 2]]);
    assert.deepEqual(landscape.variables, ['m', 'b']);
    assert.deepEqual(landscape.axes, [axis(3, 20), axis(2, 20)]);
    assert.equal(landscape.loss.length, 41 * 41);
    const [i, j] = [7, 33];
    const [m, b] = [landscape.axes[0][i], landscape.axes[1][j]];
    const expected = LINE_XS.reduce((sum, x, k) => sum + (m * x + b - LINE_YS[k]) ** 2, 0) / LINE_XS.length;
    assert.ok(Math.abs((landscape.loss[i * 41 + j] as number) - expected) < 1e-5 * expected);
    assertLowestNearBest(landscape);
    assert.deepEqual(probe.current(), [3, 2]);
  });

  it('grows a range whose minimum lies outside it until it holds the minimum', async () => {
    const probe = (await probeOf(lineFitConfig(0.5, 0.25))).probeFor(['m', 'b']);
    const landscape = computeLandscape(probe, [[0.5, 0.25]]);
    const [ms, bs] = landscape.axes;
    assert.ok(ms[ms.length - 1] > best.m && bs[bs.length - 1] > best.b, `m to ${ms[ms.length - 1]}, b to ${bs[bs.length - 1]}`);
    assert.ok(holdsPoint(landscape, [0.5, 0.25]), 'and still the start');
    assertLowestNearBest(landscape);
  });

  it('draws a slice through a component of a tensor variable, the others held at the values given', async () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'export default {',
      '  variables: { w: [1, 2, 3] },',
      '  data: { target: [0.5, -1, 2] },',
      '  loss: ({ w, target }: Record<string, tf.Tensor>) => w.sub(target).square().sum(),',
      "  optimizer: 'sgd', learningRate: 0.1, epochs: 10,",
      '};',
    ].join('\n');
    const scratch = await probeOf(text);
    assert.deepEqual(scratch.shapes, { w: [3] });
    const probe = scratch.probeFor(['w[1]'], { w: [0.5, 3, 2] });
    assert.deepEqual(probe.current(), [3]);
    const landscape = computeLandscape(probe, [[3]]);
    const [ws] = landscape.axes;
    // The other components sit at their targets, so the loss is (w[1] + 1)² alone.
    ws.forEach((w, i) => assert.ok(Math.abs((landscape.loss[i] as number) - (w + 1) ** 2) < 1e-4, `L(${w}) = ${landscape.loss[i]}`));
  });
});

describe('a landscape that cannot be drawn says why', () => {
  it('names the variables a request may draw when it names another', async () => {
    assert.match(await unavailable(lessonConfig(), ['y']), /"y" is not a variable of this scratch; its variables: x\./);
  });

  it('names the elements of a tensor variable when a request names one it does not have', async () => {
    const text = lineFitConfig(1, 1).replace('variables: { m: 1, b: 1 }', 'variables: { m: [1, 1], b: 1 }').replace('xs.mul(m)', 'xs.mul(m.sum())');
    assert.match(await unavailable(text, ['m[2]']), /m has shape \[2\]: "m\[2\]" is not one of its elements \(m\[0\] to m\[1\]\)/);
  });

  it('draws over one or two variables, not three', async () => {
    assert.match(await unavailable(lineFitConfig(1, 1), ['m', 'b', 'm']), /one or two variables; 3 were named/);
  });

  it('says so when the loss throws', async () => {
    const text = lessonConfig().replace('ys.mul(x).square().mean()', 'ys.mul(x).reshape([7]).mean()');
    assert.match(await unavailable(text), /The loss throws where the variables start, so it cannot be drawn: .*must match the product of shape 7/);
  });

  it('says so when the scratch has no loss: no config and no minimize call', async () => {
    assert.match(await unavailable("import * as tf from '@tensorflow/tfjs';\nconsole.log(tf.scalar(1).dataSync());"), /never calls optimizer\.minimize\(\): there is no loss to draw/);
  });

  it('says where the scratch stopped when its top level throws first', async () => {
    assert.match(await unavailable(`${LESSON_CODE.split('\n').slice(0, 4).join('\n')}\nthrow new Error('not yet');`), /stops before its loss can be drawn: not yet \(scratch\.ts:5\)/);
  });

  it('leaves no variable behind when it gives up', async () => {
    const before = Object.keys(tf.engine().registeredVariables).length;
    await assert.rejects(probeOf(`${LESSON_CODE.split('\n').slice(0, 4).join('\n')}\nthrow new Error('not yet');`), LandscapeUnavailable);
    assert.equal(Object.keys(tf.engine().registeredVariables).length, before);
  });
});
