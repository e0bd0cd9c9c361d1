import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { batchRecorder, type BatchRead, type ShownVariable } from '../../src/trainer/batchRead';
import { createOptimizer, disposeOptimizer } from '../../src/trainer/optimizers';
import { LESSON_LEARNING_RATE, LESSON_START_X, LESSON_YS } from '../support/lesson';
import { useCpu } from './tfjsCpu';

before(useCpu);

/**
 * Ten lesson epochs (or as many as asked) on a fresh x (and a 2×2 matrix w beside it, to show a
 * shaped variable), logging every 4th, keeping x's path.
 */
async function recordLesson(backend: string, disposeCosts: boolean, count = 10): Promise<{ read: BatchRead; tensorsLeft: number; epochs: number }> {
  const before = tf.memory().numTensors;
  const initial = [tf.scalar(LESSON_START_X), tf.tensor2d([[1, 2], [3, 4]])];
  const [x, w] = initial.map((value) => tf.variable(value));
  const ys = tf.tensor(LESSON_YS);
  const optimizer = createOptimizer({ name: 'sgd', learningRate: LESSON_LEARNING_RATE, options: {} });
  const shown: ShownVariable[] = [['x', x], ['w', w]];
  const recorder = batchRecorder(backend, shown, [['x', x]], disposeCosts);
  for (let epoch = 1; epoch <= count; epoch++) {
    recorder.cost(optimizer.minimize(() => ys.mul(x).square().mean().add(w.sum().mul(0)) as tf.Scalar, true)!);
    if (epoch % 4 === 0) recorder.log(epoch);
  }
  const read = await recorder.end();
  const epochs = recorder.epochs;
  disposeOptimizer(optimizer);
  tf.dispose([x, w, ys, ...initial]);
  return { read, tensorsLeft: tf.memory().numTensors - before, epochs };
}

/** The lesson's loss and x after each of n sgd(0.0001) epochs from 4.12, in float64. */
function closedForm(n: number): { losses: number[]; x: number[] } {
  const meanSquare = LESSON_YS.reduce((sum, y) => sum + y * y, 0) / LESSON_YS.length;
  let x = LESSON_START_X;
  const losses: number[] = [];
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    losses.push(meanSquare * x * x);
    x -= LESSON_LEARNING_RATE * 2 * meanSquare * x;
    xs.push(x);
  }
  return { losses, x: xs };
}

describe('reading a batch back: joined at its end (WebGL) or each cost as it comes (cpu, wasm)', () => {
  for (const backend of ['webgl', 'cpu']) {
    it(`${backend === 'webgl' ? 'joined' : 'immediate'}: every epoch's loss and x, the variables at the end and at each logged epoch`, async () => {
      const { read, tensorsLeft, epochs } = await recordLesson(backend, true);
      const expected = closedForm(10);
      assert.equal(epochs, 10);
      assert.equal(read.losses.length, 10);
      read.losses.forEach((loss, i) => assert.ok(Math.abs(loss - expected.losses[i]) / expected.losses[i] < 1e-5, `loss ${i + 1}: ${loss}`));
      assert.deepEqual(Object.keys(read.path), ['x']);
      assert.equal(read.path.x.length, 10);
      read.path.x.forEach((x, i) => assert.ok(Math.abs(x - expected.x[i]) < 1e-5, `x after epoch ${i + 1}: ${x}`));
      assert.equal(read.path.x[9], read.live.x, 'the path ends where the variable is');
      assert.ok(Math.abs((read.live.x as number) - expected.x[9]) < 1e-5, `x at the end: ${read.live.x}`);
      assert.deepEqual(read.live.w, [[1, 2], [3, 4]]);
      assert.deepEqual([...read.logged.keys()], [4, 8]);
      for (const epoch of [4, 8]) {
        const logged = read.logged.get(epoch)!;
        assert.ok(Math.abs((logged.x as number) - expected.x[epoch - 1]) < 1e-5, `x at epoch ${epoch}: ${logged.x}`);
        assert.deepEqual(logged.w, [[1, 2], [3, 4]]);
      }
      assert.equal(tensorsLeft, 0, 'the batch frees its costs, its path and what it made to read them');
    });

    it(`${backend === 'webgl' ? 'joined' : 'immediate'}: a run that forgets its costs on purpose leaves them all`, async () => {
      const { read, tensorsLeft } = await recordLesson(backend, false);
      assert.equal(read.losses.length, 10);
      assert.equal(tensorsLeft, 10);
    });
  }

  it("joined: a batch of one epoch, a run's first, is read without joining, to the same values", async () => {
    for (const disposeCosts of [true, false]) {
      const { read, tensorsLeft, epochs } = await recordLesson('webgl', disposeCosts, 1);
      const expected = closedForm(1);
      assert.equal(epochs, 1);
      assert.deepEqual([...read.losses].map((loss) => Math.abs(loss - expected.losses[0]) / expected.losses[0] < 1e-6), [true], `loss 1: ${read.losses[0]}`);
      assert.ok(Math.abs((read.live.x as number) - expected.x[0]) < 1e-5, `x after epoch 1: ${read.live.x}`);
      assert.deepEqual([...read.path.x], [read.live.x], 'its path is x after it');
      assert.deepEqual(read.live.w, [[1, 2], [3, 4]]);
      assert.equal(tensorsLeft, disposeCosts ? 0 : 1, 'the cost is freed unless the run forgets it on purpose, and nothing made to read it is left');
    }
  });
});
