import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { MemoryInfo, OptimizerSpec, RunPlan, TrainerEvent } from '../../src/shared/protocol';
import { readConfig } from '../../src/trainer/config';
import { createOptimizer, disposeOptimizer } from '../../src/trainer/optimizers';
import { train } from '../../src/trainer/train';
import { LESSON_EPOCHS, LESSON_FINAL_X, LESSON_FIRST_LOSS, LESSON_START_X, LESSON_X_AFTER_ONE_EPOCH, LESSON_YS, lessonObject } from '../support/lesson';
import { useCpu } from './tfjsCpu';

before(useCpu);


async function runLesson(overrides: Record<string, unknown> = {}) {
  const config = readConfig(lessonObject(overrides), { defaultBackend: 'cpu' });
  const events: TrainerEvent[] = [];
  const results = [];
  for (const plan of config.plans) {
    results.push(await train(config.problem, plan, { emit: (e) => events.push(e), now: () => performance.now() }));
  }
  return { config, results, events };
}

const x = (result: { variables: Record<string, unknown> }) => result.variables.x as number;

/** The same problem trained the plain tf.train way, for comparison. */
function plainLoop(spec: OptimizerSpec, epochs: number): number {
  const v = tf.variable(tf.scalar(LESSON_START_X));
  const ys = tf.tensor(LESSON_YS);
  const optimizer = createOptimizer(spec);
  for (let i = 0; i < epochs; i++) optimizer.minimize(() => ys.mul(v).square().mean() as tf.Scalar, false, [v]);
  const value = v.dataSync()[0];
  disposeOptimizer(optimizer);
  tf.dispose([v, ys]);
  return value;
}

describe('trainer core on the lesson (tfjs CPU backend)', () => {
  it('starts from the lesson loss 2953.5456 at x = 4.12', async () => {
    const { results } = await runLesson({ epochs: 1 });
    assert.ok(Math.abs((results[0].loss[0] as number) - LESSON_FIRST_LOSS) < 1e-3, `first loss ${results[0].loss[0]}`);
  });

  for (const [epochs, expected, tolerance] of [
    [1, LESSON_X_AFTER_ONE_EPOCH, 1e-6],
    [LESSON_EPOCHS, LESSON_FINAL_X, 1e-7],
    [1000, 1.7069e-15, 1e-18],
  ] as const) {
    it(`reaches x = ${expected} after ${epochs} sgd(0.0001) epochs and records every loss`, async () => {
      const { results } = await runLesson({ epochs });
      const [result] = results;
      assert.equal(result.status, 'completed');
      assert.equal(result.epochs, epochs);
      assert.equal(result.loss.length, epochs);
      assert.ok(Math.abs(x(result) - expected) < tolerance, `x = ${x(result)}`);
      assert.equal(result.tensorsLeaked, 0);
    });
  }

  it('keeps loss[i] as the cost before update i+1, and finalLoss at the final x', async () => {
    const { results } = await runLesson();
    const [result] = results;
    const expectedLoss = (v: number) => 174 * v * v;
    assert.ok(Math.abs((result.loss[1] as number) - expectedLoss(LESSON_X_AFTER_ONE_EPOCH)) < 1e-2);
    assert.ok(Math.abs((result.finalLoss as number) - expectedLoss(x(result))) < 1e-6);
  });

  const specs: OptimizerSpec[] = [
    { name: 'sgd', learningRate: 0.001, options: {} },
    { name: 'momentum', learningRate: 0.001, options: { momentum: 0.9 } },
    { name: 'momentum', learningRate: 0.001, options: { momentum: 0.9, useNesterov: true } },
    { name: 'adagrad', learningRate: 0.5, options: {} },
    { name: 'adadelta', learningRate: 0.001, options: { rho: 0.9 } },
    { name: 'adam', learningRate: 0.1, options: {} },
    { name: 'adamax', learningRate: 0.1, options: { decay: 0.01 } },
    { name: 'rmsprop', learningRate: 0.01, options: { momentum: 0.5, centered: true } },
  ];
  for (const spec of specs) {
    it(`trains ${spec.name} ${JSON.stringify(spec.options)} exactly like a plain tf.train loop, without leaking`, async () => {
      const { results } = await runLesson({ optimizer: { name: spec.name, ...spec.options }, learningRate: spec.learningRate, epochs: 60 });
      const expected = plainLoop(spec, 60);
      assert.equal(x(results[0]), expected);
      assert.equal(results[0].tensorsLeaked, 0, 'the runner frees what tfjs optimizers forget');
    });
  }

  it("shows tfjs's adadelta first step as it is: 4.12 → -1429.6 at learning rate 1", async () => {
    const { results } = await runLesson({ optimizer: 'adadelta', learningRate: 1, epochs: 1 });
    assert.ok(Math.abs(x(results[0]) - -1429.6) < 0.1, `x = ${x(results[0])}`);
  });

  it('runs one plan per optimizer and per swept rate, from the same start', async () => {
    const { results } = await runLesson({ optimizer: ['sgd', { name: 'adam', learningRate: 0.5 }], learningRate: [0.0001, 0.001], epochs: 20 });
    assert.deepEqual(
      results.map((r) => r.label),
      ['sgd lr=0.0001', 'sgd lr=0.001', 'adam lr=0.5'],
    );
    assert.equal(x(results[0]), plainLoop({ name: 'sgd', learningRate: 0.0001, options: {} }, 20));
    assert.equal(x(results[1]), plainLoop({ name: 'sgd', learningRate: 0.001, options: {} }, 20));
  });

  it('stops with status converged at the epoch whose loss reached stopWhen, with that epoch’s variables', async () => {
    const { results } = await runLesson({ learningRate: 0.001, epochs: 500, stopWhen: { loss: 1e-6 } });
    const [result] = results;
    assert.equal(result.status, 'converged');
    const last = result.loss[result.loss.length - 1] as number;
    assert.ok(last <= 1e-6, `last loss ${last}`);
    assert.ok((result.loss[result.loss.length - 2] as number) > 1e-6);
    assert.equal(x(result), plainLoop({ name: 'sgd', learningRate: 0.001, options: {} }, result.epochs));
    assert.equal(result.tensorsLeaked, 0);
  });

  it('stops a run whose loss overflows with status diverged at that epoch', async () => {
    const { results } = await runLesson({ learningRate: 1, epochs: 200 });
    const [result] = results;
    assert.equal(result.status, 'diverged');
    assert.ok(result.epochs < 200);
    assert.equal(result.loss.length, result.epochs);
    assert.equal(result.loss[result.loss.length - 1], null, 'the last loss is the non-finite one');
    assert.match(result.reason ?? '', /learning rate/);
  });

  it('a diverged run shows the variables of the epoch it diverged at, not of later ones', async () => {
    // x grows 2.64-fold an epoch and the loss overflows float32 in the forties, while x is still finite.
    const { results, events } = await runLesson({ learningRate: 0.01, epochs: 100, logEvery: 1 });
    const [result] = results;
    assert.equal(result.status, 'diverged');
    const expected = plainLoop({ name: 'sgd', learningRate: 0.01, options: {} }, result.epochs);
    assert.ok(Number.isFinite(expected), `x after ${result.epochs} epochs: ${expected}`);
    assert.ok(Math.abs(x(result) / expected - 1) < 1e-6, `x ${x(result)}, the plain loop's after ${result.epochs} epochs ${expected}`);
    const lastLog = events.filter((e) => e.type === 'log').at(-1);
    assert.ok(lastLog?.type === 'log' && lastLog.epoch === result.epochs, JSON.stringify(lastLog));
    assert.ok(Math.abs((lastLog.variables.x as number) / expected - 1) < 1e-6, `its log line: x ${lastLog.variables.x}`);
  });

  it('reports progress in batches covering every epoch once, and a log line every logEvery epochs', async () => {
    const { events } = await runLesson({ epochs: 200, logEvery: 25 });
    const progress = events.filter((e) => e.type === 'progress');
    assert.equal(progress[0].losses.length, 1, 'the first epoch is reported alone, the moment it is read');
    const epochs = progress.flatMap((e) => e.losses.map((_, i) => e.firstEpoch + i));
    assert.deepEqual(
      epochs,
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    const logs = events.filter((e) => e.type === 'log');
    assert.deepEqual(
      logs.map((e) => e.epoch),
      [25, 50, 75, 100, 125, 150, 175, 200],
    );
    for (const { epoch, variables } of logs) {
      const logged = variables.x as number;
      assert.ok(Math.abs(logged - LESSON_START_X * 0.9652 ** epoch) < 1e-4, `x at epoch ${epoch} is ${logged}`);
    }
  });

  it('with stopWhen, keeps at most 16 MB of variable snapshots per batch, however fast the epochs', async () => {
    // 4 MB of variables: a batch holds at most four epochs' snapshots.
    const size = 1024 * 1024;
    const config = readConfig(
      { variables: { w: tf.ones([size]) }, loss: ({ w }: Record<string, tf.Tensor>) => w.square().mean(), optimizer: 'sgd', learningRate: 0.1, epochs: 12, stopWhen: { loss: 1e-30 } },
      { defaultBackend: 'cpu' },
    );
    const events: TrainerEvent[] = [];
    const result = await train(config.problem, config.plans[0], { emit: (e) => events.push(e), now: () => 0 });
    assert.equal(result.epochs, 12);
    const sizes = events.filter((e) => e.type === 'progress').map((e) => e.losses.length);
    assert.ok(sizes.every((n) => n <= 4), `epochs per batch: ${sizes.join(', ')}`);
  });

  for (const memory of ['tidy', 'dispose']) {
    it(`keeps no disposed tensors alive in the scratch's scope over a long run (memory: '${memory}')`, async () => {
      // Each scratch runs inside one engine scope, which lists every tensor made in it until the scratch ends.
      tf.engine().startScope();
      try {
        await runLesson({ epochs: 5000, memory });
        const tracked = (tf.engine().state.activeScope as { track: tf.Tensor[] }).track;
        assert.ok(tracked.length < 50, `the scope still lists ${tracked.length} tensors after 5000 epochs`);
      } finally {
        tf.engine().endScope();
      }
    });
  }

  /** Each progress event's memory sample over a run of the lesson, its batches a few epochs long. */
  async function memorySamples(overrides: Record<string, unknown>): Promise<MemoryInfo[]> {
    const config = readConfig(lessonObject({ epochs: LESSON_EPOCHS, ...overrides }), { defaultBackend: 'cpu' });
    const events: TrainerEvent[] = [];
    let clock = 0;
    await train(config.problem, config.plans[0], { emit: (e) => events.push(e), now: () => (clock += 10) });
    return events.flatMap((e) => (e.type === 'progress' ? [e.memory] : []));
  }

  for (const stopWhen of [undefined, { loss: 1e-30 }]) {
    it(`memory: 'tidy' keeps the tensors and bytes flat over ${LESSON_EPOCHS} epochs: the chart counts none of Descent's own${stopWhen ? ' (with stopWhen, which keeps the variables after each epoch)' : ''}`, async () => {
      const samples = await memorySamples({ memory: 'tidy', stopWhen });
      assert.ok(samples.length > 20, `${samples.length} samples`);
      const [first] = samples;
      assert.deepEqual(samples.map(({ numTensors, numBytes }) => ({ numTensors, numBytes })), samples.map(() => ({ numTensors: first.numTensors, numBytes: first.numBytes })));
    });
  }

  it("memory: 'none' rises by one tensor, 4 bytes, every epoch", async () => {
    const samples = await memorySamples({ memory: 'none', stopWhen: { loss: 1e-30 } });
    const grew = samples.slice(1).map((sample, i) => [sample.numTensors - samples[i].numTensors, sample.numBytes - samples[i].numBytes]);
    assert.ok(grew.every(([tensors, bytes]) => tensors > 0 && bytes === 4 * tensors), JSON.stringify(grew));
    assert.equal(samples.at(-1)!.numTensors - samples[0].numTensors, LESSON_EPOCHS - 1, 'one tensor for each epoch after the first sample');
  });

  it('trains only its own variables, not ones left in the global registry', async () => {
    const stray = tf.variable(tf.scalar(7));
    const { results } = await runLesson({ epochs: 10 });
    assert.equal(stray.dataSync()[0], 7);
    assert.equal(x(results[0]), plainLoop({ name: 'sgd', learningRate: 0.0001, options: {} }, 10));
    stray.dispose();
  });

  it('takes matrices and tensors as variables and data', async () => {
    const config = readConfig(
      {
        variables: { w: [[0.5], [-0.5]], b: tf.scalar(0) },
        data: { xs: tf.tensor2d([[1, 2], [3, 4], [5, 6]]), ys: [[5], [11], [17]] },
        loss: ({ w, b, xs, ys }: Record<string, tf.Tensor>) => xs.matMul(w).add(b).sub(ys).square().mean(),
        optimizer: 'adam',
        learningRate: 0.1,
        epochs: 300,
      },
      { defaultBackend: 'cpu' },
    );
    const plan: RunPlan = config.plans[0];
    const result = await train(config.problem, plan, { emit: () => undefined, now: () => performance.now() });
    assert.equal(result.status, 'completed');
    assert.ok((result.finalLoss as number) < (result.loss[0] as number) / 100, `loss ${result.loss[0]} → ${result.finalLoss}`);
    assert.equal((result.variables.w as number[][]).length, 2);
    assert.equal(result.tensorsLeaked, 0);
  });
});
