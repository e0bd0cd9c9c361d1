import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { MemoryInfo } from '../../src/shared/protocol';
import { batchRecorder, type BatchRead, type ShownVariable } from '../../src/trainer/batchRead';
import { memorySnapshot } from '../../src/trainer/memory';
import { createOptimizer, disposeOptimizer } from '../../src/trainer/optimizers';
import { LESSON_LEARNING_RATE, LESSON_START_X, LESSON_YS } from '../support/lesson';
import { useCpu } from './tfjsCpu';

before(useCpu);

/**
 * Ten lesson epochs (or as many as asked) on a fresh x and a 2×2 matrix w beside it (its own loss
 * ½‖w‖², so sgd shrinks it by 1 − learningRate an epoch), logging every 4th, keeping both paths.
 */
async function recordLesson(backend: string, disposeCosts: boolean, count = 10): Promise<{ read: BatchRead; tensorsLeft: number; epochs: number }> {
  const before = tf.memory().numTensors;
  const initial = [tf.scalar(LESSON_START_X), tf.tensor2d([[1, 2], [3, 4]])];
  const [x, w] = initial.map((value) => tf.variable(value));
  const ys = tf.tensor(LESSON_YS);
  const optimizer = createOptimizer({ name: 'sgd', learningRate: LESSON_LEARNING_RATE, options: {} });
  const shown: ShownVariable[] = [['x', x], ['w', w]];
  const recorder = batchRecorder(backend, shown, shown, disposeCosts);
  for (let epoch = 1; epoch <= count; epoch++) {
    recorder.cost(optimizer.minimize(() => ys.mul(x).square().mean().add(w.square().sum().mul(0.5)) as tf.Scalar, true)!);
    if (epoch % 4 === 0) recorder.log(epoch);
  }
  const read = await recorder.end();
  const epochs = recorder.epochs;
  disposeOptimizer(optimizer);
  tf.dispose([x, w, ys, ...initial]);
  return { read, tensorsLeft: tf.memory().numTensors - before, epochs };
}

const W_START = [1, 2, 3, 4];

/** The loss, x and w (flat) after each of n sgd(0.0001) epochs from 4.12 and W_START, in float64. */
function closedForm(n: number): { losses: number[]; x: number[]; w: number[][] } {
  const meanSquare = LESSON_YS.reduce((sum, y) => sum + y * y, 0) / LESSON_YS.length;
  let x = LESSON_START_X;
  let w = W_START;
  const losses: number[] = [];
  const xs: number[] = [];
  const ws: number[][] = [];
  for (let i = 0; i < n; i++) {
    losses.push(meanSquare * x * x + w.reduce((sum, wi) => sum + wi * wi, 0) / 2);
    x -= LESSON_LEARNING_RATE * 2 * meanSquare * x;
    w = w.map((wi) => wi * (1 - LESSON_LEARNING_RATE));
    xs.push(x);
    ws.push(w);
  }
  return { losses, x: xs, w: ws };
}

function assertMatrixNear(actual: unknown, flat: number[], what: string): void {
  const read = (actual as number[][]).flat();
  assert.equal(read.length, flat.length, what);
  read.forEach((value, i) => assert.ok(Math.abs(value - flat[i]) < 1e-5, `${what}[${i}]: ${value}, not ${flat[i]}`));
}

describe('reading a batch back: joined at its end (WebGL) or each cost as it comes (cpu, wasm)', () => {
  for (const backend of ['webgl', 'cpu']) {
    it(`${backend === 'webgl' ? 'joined' : 'immediate'}: every epoch's loss, x and w, the variables at the end and at each logged epoch`, async () => {
      const { read, tensorsLeft, epochs } = await recordLesson(backend, true);
      const expected = closedForm(10);
      assert.equal(epochs, 10);
      assert.equal(read.losses.length, 10);
      read.losses.forEach((loss, i) => assert.ok(Math.abs(loss - expected.losses[i]) / expected.losses[i] < 1e-5, `loss ${i + 1}: ${loss}`));
      const [xPath, wPath] = read.path;
      assert.equal(read.path.length, 2);
      assert.equal(xPath.length, 10);
      xPath.forEach((x, i) => assert.ok(Math.abs(x - expected.x[i]) < 1e-5, `x after epoch ${i + 1}: ${x}`));
      assert.equal(xPath[9], read.live.x, 'the path ends where the variable is');
      assert.equal(wPath.length, 10 * 4, "w's four numbers after each epoch");
      for (let epoch = 1; epoch <= 10; epoch++) assertMatrixNear([[...wPath.subarray((epoch - 1) * 4, epoch * 4)]], expected.w[epoch - 1], `w after epoch ${epoch}`);
      assert.deepEqual([...wPath.subarray(36)], (read.live.w as number[][]).flat(), "w's path ends where w is");
      assert.ok(Math.abs((read.live.x as number) - expected.x[9]) < 1e-5, `x at the end: ${read.live.x}`);
      assertMatrixNear(read.live.w, expected.w[9], 'w at the end');
      assert.deepEqual([...read.logged.keys()], [4, 8]);
      for (const epoch of [4, 8]) {
        const logged = read.logged.get(epoch)!;
        assert.ok(Math.abs((logged.x as number) - expected.x[epoch - 1]) < 1e-5, `x at epoch ${epoch}: ${logged.x}`);
        assertMatrixNear(logged.w, expected.w[epoch - 1], `w at epoch ${epoch}`);
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
      assert.deepEqual([...read.path[0]], [read.live.x], 'its path is x after it');
      assert.deepEqual([...read.path[1]], (read.live.w as number[][]).flat(), 'and w after it');
      assertMatrixNear(read.live.w, expected.w[0], 'w after epoch 1');
      assert.equal(tensorsLeft, disposeCosts ? 0 : 1, 'the cost is freed unless the run forgets it on purpose, and nothing made to read it is left');
    }
  });

  it("joined: a memory sample counts none of the batch's own tensors, kept or being read, and every cost a run forgets", async () => {
    for (const disposeCosts of [true, false]) {
      for (const count of [1, 10]) {
        const x = tf.variable(tf.scalar(LESSON_START_X));
        const ys = tf.tensor(LESSON_YS);
        const optimizer = createOptimizer({ name: 'sgd', learningRate: LESSON_LEARNING_RATE, options: {} });
        const shown: ShownVariable[] = [['x', x]];
        const recorder = batchRecorder('webgl', shown, shown, disposeCosts);
        const samples: MemoryInfo[] = [memorySnapshot()];
        for (let epoch = 1; epoch <= count; epoch++) {
          recorder.cost(optimizer.minimize(() => ys.mul(x).square().mean() as tf.Scalar, true)!);
          if (epoch % 4 === 0) recorder.log(epoch);
        }
        samples.push(memorySnapshot());
        const reading = recorder.end();
        samples.push(memorySnapshot());
        await reading;
        samples.push(memorySnapshot());
        const forgotten = disposeCosts ? 0 : count;
        const [start] = samples;
        assert.deepEqual(
          samples.slice(1).map(({ numTensors, numBytes }) => [numTensors - start.numTensors, numBytes - start.numBytes]),
          samples.slice(1).map(() => [forgotten, 4 * forgotten]),
          `${count} epochs${disposeCosts ? '' : ', costs forgotten'}: while kept, while read back, after`,
        );
        disposeOptimizer(optimizer);
        tf.dispose([x, ys]);
      }
    }
  });
});
