import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TrainerEvent } from '../../src/shared/protocol';
import { LESSON_CODE, LESSON_FINAL_X, LESSON_FIRST_LOSS, LESSON_FIRST_PRINT, LESSON_LAST_X_ON_CPU, LESSON_START_X, lessonConfig } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

/** The JS heap in use after a full garbage collection. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

const ofType = <T extends TrainerEvent['type']>(events: TrainerEvent[], type: T) =>
  events.filter((e): e is Extract<TrainerEvent, { type: T }> => e.type === type);

describe('the lesson form: the lesson’s own code, unchanged', () => {
  it('runs as one run of 200 epochs ending at x ≈ 0.0034543, the variable named as in the code', async () => {
    const { runs, error } = await runText(LESSON_CODE);
    assert.equal(error, null);
    assert.equal(runs.length, 1);
    const [run] = runs;
    assert.equal(run.label, 'sgd lr=0.0001');
    assert.equal(run.epochs, 200);
    assert.equal(run.loss.length, 200);
    assert.ok(Math.abs((run.loss[0] as number) - LESSON_FIRST_LOSS) < 1e-3);
    assert.ok(Math.abs((run.variables.x as number) - LESSON_FINAL_X) < 1e-7, JSON.stringify(run.variables));
  });

  it('charts what the lesson keeps: level over its 200 epochs, and one tensor more an epoch when it keeps every cost', async () => {
    const samples = async (text: string) => ofType((await runText(text)).events, 'progress').map(({ memory }) => [memory.numTensors, memory.numBytes]);
    const lesson = await samples(LESSON_CODE);
    assert.ok(lesson.length >= 10, `${lesson.length} samples`);
    assert.deepEqual(lesson, lesson.map(() => lesson[0]));
    const keepingCosts = await samples(LESSON_CODE.replace('.mean());', '.mean(), true);'));
    const grew = keepingCosts.slice(1).map(([tensors, bytes], i) => [tensors - keepingCosts[i][0], bytes - keepingCosts[i][1]]);
    assert.ok(grew.every(([tensors, bytes]) => tensors > 0 && bytes === 4 * tensors), JSON.stringify(grew));
  });

  it('logs x at every 20th epoch with its value at that epoch', async () => {
    const { events } = await runText(LESSON_CODE);
    const logs = ofType(events, 'log');
    assert.deepEqual(
      logs.map((l) => l.epoch),
      Array.from({ length: 10 }, (_, k) => 20 * (k + 1)),
    );
    // The gradient is 2 · mean(ys²) · x = 348 · x, so each sgd(0.0001) epoch multiplies x by 1 − 0.0348.
    for (const log of logs) {
      const expected = LESSON_START_X * (1 - 0.0348) ** log.epoch;
      assert.ok(Math.abs((log.variables.x as number) - expected) < 1e-4 * Math.max(1, expected), `x at epoch ${log.epoch}: ${log.variables.x}, expected ${expected}`);
    }
  });

  it('runs the lesson when it disposes its variable, data and optimizer at the end', async () => {
    const { runs, error, events } = await runText(`${LESSON_CODE}
x.dispose();
ys.dispose();
optimizer.dispose();`);
    assert.equal(error, null);
    assert.equal(runs[0].epochs, 200);
    assert.ok(runs[0].loss.every((l) => l !== null && Number.isFinite(l)));
    // The lesson's tf.variable(tf.scalar(4.12)) keeps the scalar it was given: that, and nothing else, is left.
    assert.deepEqual(
      ofType(events, 'leak').map((leak) => leak.causes),
      [['1 tensor a variable was made from, kept (the variable has its own copy; dispose the initial value)']],
    );
  });

  it('keeps console output in order around the training, as the console would show it', async () => {
    const { events } = await runText(LESSON_CODE);
    const order = events
      .filter((e) => e.type === 'print' || e.type === 'runStart' || e.type === 'runEnd' || (e.type === 'log' && e.epoch % 100 === 0))
      .map((e) => (e.type === 'print' ? e.text : e.type === 'log' ? `log ${e.epoch}` : e.type));
    // The progress line of epoch 200 comes before what the code prints after its loop, as it ran.
    assert.deepEqual(order, [LESSON_FIRST_PRINT, 'runStart', 'log 100', 'log 200', `Float32Array(1) [ ${LESSON_LAST_X_ON_CPU} ]`, 'runEnd']);
  });

  it('prints tensors the way tfjs prints them', async () => {
    const { events } = await runText("import * as tf from '@tensorflow/tfjs';\ntf.tensor([1, 2, 3]).print();\nconsole.warn('careful', 42);\n");
    assert.deepEqual(
      ofType(events, 'print').map((e) => [e.level, e.text]),
      [
        ['log', 'Tensor\n    [1, 2, 3]'],
        ['warn', 'careful 42'],
        ['log', 'The scratch ran to its end without training: it has no default export (a config) and never called optimizer.minimize().'],
      ],
    );
  });

  it('says honestly what the lesson’s code leaves in memory, naming each cause, and then frees it', async () => {
    const before = tf.memory().numTensors;
    const { runs, events } = await runText(LESSON_CODE);
    const [leak] = ofType(events, 'leak');
    assert.equal(leak.run, null);
    assert.equal(leak.perEpoch, false);
    assert.equal(leak.tensors, 4);
    assert.match(leak.causes.join('\n'), /1 variable never disposed \(x\)/);
    assert.match(leak.causes.join('\n'), /1 tensor a variable was made from, kept/);
    assert.match(leak.causes.join('\n'), /the sgd optimizer, never disposed \(1 tensor; call optimizer\.dispose\(\)\)/);
    assert.match(leak.causes.join('\n'), /1 other tensor made outside tf\.tidy/);
    assert.equal(runs[0].tensorsLeaked, 4);
    assert.equal(tf.memory().numTensors, before, 'the runtime freed it all after counting');
  });

  it('explains a loss that ignores the variables at the learner’s minimize line', async () => {
    const code = LESSON_CODE.replace('ys.mul(x).square().mean()', 'ys.square().mean()');
    const { error } = await runText(code);
    assert.ok(error);
    assert.equal(error.kind, 'runtime');
    assert.match(error.message, /^The loss does not use the variables it should train \(x\).*tfjs says: Cannot find a connection/);
    assert.equal(error.line, 9);
  });

  it('never trains a variable that is not the scratch’s own', async () => {
    const stray = tf.variable(tf.scalar(7));
    await runText(LESSON_CODE);
    assert.equal(stray.dataSync()[0], 7);
    stray.dispose();
  });

  it('makes one run per optimizer instance', async () => {
    const code = LESSON_CODE.replace('const optimizer = tf.train.sgd(0.0001);', 'const optimizer = tf.train.sgd(0.0001);\nconst fast = tf.train.adam(0.1);').replace(
      '  optimizer.minimize(() => ys.mul(x).square().mean());',
      '  optimizer.minimize(() => ys.mul(x).square().mean());\n  if (i < 50) fast.minimize(() => ys.mul(x).square().mean());',
    );
    const { runs } = await runText(code);
    assert.deepEqual(
      runs.map((r) => [r.label, r.epochs]),
      [
        ['sgd lr=0.0001', 200],
        ['adam lr=0.1', 50],
      ],
    );
  });
});

describe('cleaning up, made visible', () => {
  it("memory: 'none' leaks one tensor per epoch and says so; 'tidy' and 'dispose' stay flat", async () => {
    const none = await runText(lessonConfig("memory: 'none', logEvery: 10,"));
    assert.equal(none.runs[0].tensorsLeaked, 200);
    const [leak] = ofType(none.events, 'leak');
    assert.ok(leak, 'a leak is reported while the run goes');
    assert.equal(leak.perEpoch, true);
    assert.equal(leak.tensors, 1);
    assert.equal(leak.bytes, 4);
    assert.match(leak.causes.join('\n'), /minimize\(f, true\) and never disposed/);
    for (const memory of ['tidy', 'dispose']) {
      const flat = await runText(lessonConfig(`memory: '${memory}', logEvery: 10,`));
      assert.equal(flat.runs[0].tensorsLeaked, 0, memory);
      assert.equal(ofType(flat.events, 'leak').length, 0, memory);
      assert.ok(Math.abs((flat.runs[0].variables.x as number) - LESSON_FINAL_X) < 1e-7);
    }
  });

  it('reports the tensors and bytes in memory with every progress batch', async () => {
    const { events } = await runText(lessonConfig("memory: 'none', logEvery: 10,"));
    const counts = ofType(events, 'progress').map((e) => e.memory.numTensors);
    assert.ok(counts.length >= 2, `${counts.length} progress batches`);
    assert.ok(
      counts.every((n, i) => i === 0 || n > counts[i - 1]),
      `the count grows batch after batch: ${counts.join(',')}`,
    );
    assert.ok(counts[counts.length - 1] >= 200, `the 200 forgotten costs are in the last count: ${counts.join(',')}`);
  });

  it('leaves the tensor count where it started after 100 runs of each form', async () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      await runText(LESSON_CODE);
      await runText(lessonConfig("memory: 'none',"));
    }
    assert.equal(tf.memory().numTensors, before);
    assert.equal(Object.keys(tf.engine().registeredVariables).length, 0);
  });

  it('keeps the heap flat over 100 runs whose data would show if a run were kept alive', async () => {
    // Each run holds about 1 MB (a 50,000-number array and its tensor); keeping runs alive would add ~100 MB.
    const big = lessonConfig('').replace('ys: [2, -5, 16, -24, 3]', 'ys: Array.from({ length: 50000 }, (_, i) => i % 7)').replace('epochs: 200', 'epochs: 20');
    for (let i = 0; i < 20; i++) await runText(big);
    const heapBefore = heapAfterGc();
    for (let i = 0; i < 100; i++) await runText(big);
    const growth = heapAfterGc() - heapBefore;
    assert.ok(growth < 24 * 1024 * 1024, `the heap grew by ${Math.round(growth / 1024)} KB over 100 runs`);
  });
});
