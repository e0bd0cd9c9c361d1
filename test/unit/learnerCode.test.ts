// The learner's own code, run as a browser runs it: the course's scratch.js with the page's global
// tf, loops that await between epochs, variables disposed at the end, and the mistakes the lesson
// invites, each worded at the learner's line.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { RunResult, TrainerEvent } from '../../src/shared/protocol';
import { resultLine } from '../../src/shared/wording';
import { LESSON_CODE, LESSON_FINAL_LOSS, LESSON_FINAL_X, LESSON_FIRST_PRINT, LESSON_PAGE_CODE, lessonAsyncLoop, lessonPageCodeWithStep } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

const prints = (events: TrainerEvent[]) => events.flatMap((e) => (e.type === 'print' ? [e.text] : []));

/** The lesson's result: 200 epochs, completed, x and the loss at it as the lesson's numbers say. */
function assertLessonResult(runs: RunResult[]): void {
  assert.equal(runs.length, 1);
  const [run] = runs;
  assert.equal(run.status, 'completed');
  assert.equal(run.epochs, 200);
  assert.ok(Math.abs((run.variables.x as number) - LESSON_FINAL_X) < 1e-7, JSON.stringify(run.variables));
  assert.ok(Math.abs((run.finalLoss as number) - LESSON_FINAL_LOSS) < 1e-6, String(run.finalLoss));
}

describe("the course's scratch.js, with the page's global tf", () => {
  for (const file of ['scratch.js', 'scratch.ts']) {
    it(`trains the lesson with no import of tfjs (${file}), printing x before and after`, async () => {
      const { runs, error, events } = await runText(LESSON_PAGE_CODE, file);
      assert.equal(error, null);
      assertLessonResult(runs);
      assert.equal(prints(events)[0], LESSON_FIRST_PRINT);
    });
  }

  it('runs its dispose() variant, with no leak left and the result kept', async () => {
    const { runs, error, events } = await runText(`${LESSON_PAGE_CODE}\nx.dispose();\nys.dispose();\noptimizer.dispose();`, 'scratch.js');
    assert.equal(error, null);
    assertLessonResult(runs);
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'leak' ? e.causes : [])),
      ['1 tensor a variable was made from, kept (the variable has its own copy; dispose the initial value)'],
    );
  });

  it('runs its tf.tidy variant', async () => {
    const { runs, error } = await runText(lessonPageCodeWithStep('  tf.tidy(() => { optimizer.minimize(() => ys.mul(x).square().mean()); });'), 'scratch.js');
    assert.equal(error, null);
    assertLessonResult(runs);
  });

  it('runs its .print() line, printing x as tfjs prints it', async () => {
    const { runs, error, events } = await runText(`${LESSON_PAGE_CODE}\nx.print();`, 'scratch.js');
    assert.equal(error, null);
    assertLessonResult(runs);
    assert.match(prints(events).at(-1) ?? '', /^Tensor\n\s+0\.003454/);
  });

  it('leaves a file that imports tfjs with its import', async () => {
    const { runs, error } = await runText(LESSON_CODE, 'scratch.js');
    assert.equal(error, null);
    assertLessonResult(runs);
  });
});

describe('code that trains asynchronously runs to its end', () => {
  it('an async loop that awaits tf.nextFrame() gives the synchronous loop’s every number', async () => {
    const sync = await runText(LESSON_PAGE_CODE, 'scratch.js');
    const code = lessonAsyncLoop({ after: ["console.log('trained', x.dataSync()[0]);"] });
    const { runs, error, events } = await runText(code, 'scratch.js');
    assert.equal(error, null);
    assertLessonResult(runs);
    assert.deepEqual(runs[0].loss, sync.runs[0].loss);
    assert.deepEqual(runs[0].variables, sync.runs[0].variables);
    assert.match(prints(events).join('\n'), /^trained 0\.003454/m, 'the loop printed after its last epoch, before the run ended');
  });

  it('top-level await, timers and data() reads between epochs', async () => {
    const step = [
      '  optimizer.minimize(() => ys.mul(x).square().mean());',
      '  await new Promise((resolve) => setTimeout(resolve, 1));',
      '  if (i % 100 === 99) console.log(i + 1, (await x.data())[0]);',
    ].join('\n');
    const { runs, error, events } = await runText(lessonPageCodeWithStep(step), 'scratch.js');
    assert.equal(error, null);
    assertLessonResult(runs);
    assert.deepEqual(prints(events).slice(1, 3).map((p) => p.split(' ')[0]), ['100', '200']);
  });

  it('a throw in a timer the scratch set is its run’s error, at the learner’s line', async () => {
    const { error } = await runText(`${LESSON_PAGE_CODE}\nsetTimeout(() => {\n  throw new Error('thrown in a timer');\n}, 5);`, 'scratch.js');
    assert.ok(error);
    assert.match(error.message, /thrown in a timer/);
    assert.deepEqual([error.file, error.line], ['scratch.js', 11]);
  });

  it('a timer the scratch clears is no work left to wait for', async () => {
    const code = `${LESSON_PAGE_CODE}\nclearTimeout(setTimeout(() => console.log('never'), 60000));\nclearImmediate(setImmediate(() => console.log('never')));`;
    const { runs, error, events } = await runText(code, 'scratch.js');
    assert.equal(error, null);
    assertLessonResult(runs);
    assert.ok(!prints(events).includes('never'));
  });

  it('a setInterval loop that clears itself after its last epoch', async () => {
    const code = [
      ...LESSON_PAGE_CODE.split('\n').slice(0, 3),
      'let epoch = 0;',
      'const timer = setInterval(() => {',
      '  optimizer.minimize(() => ys.mul(x).square().mean());',
      '  if (++epoch === 200) clearInterval(timer);',
      '}, 0);',
    ].join('\n');
    const { runs, error } = await runText(code, 'scratch.js');
    assert.equal(error, null);
    assertLessonResult(runs);
  });
});

describe('results that survive the learner’s cleanup', () => {
  const tfjsTestStyle = [
    'const x = tf.tensor1d([1, 2]).variable();',
    'const target = tf.tensor1d([0.5, 1]);',
    'const optimizer = tf.train.adam(0.1);',
    'for (let i = 0; i < 10; i++) optimizer.minimize(() => x.sub(target).square().sum());',
    "console.log('final', Array.from(x.dataSync()).join(' '));",
    'x.dispose();',
    'target.dispose();',
    'optimizer.dispose();',
  ].join('\n');

  it('keeps the variables as they were after the last step, and the loss at them, named as in the code', async () => {
    const { runs, error, events } = await runText(tfjsTestStyle, 'scratch.js');
    assert.equal(error, null);
    const [run] = runs;
    assert.deepEqual(Object.keys(run.variables), ['x'], 'the optimizer’s own variables are not the learner’s');
    const printed = prints(events).find((p) => p.startsWith('final'))?.split(' ').slice(1).map(Number) ?? [];
    assert.deepEqual(run.variables.x, printed);
    const expected = (printed[0] - 0.5) ** 2 + (printed[1] - 1) ** 2;
    assert.ok(Math.abs((run.finalLoss as number) - expected) < 1e-6, `${run.finalLoss} vs ${expected}`);
    assert.notEqual(run.finalLoss, run.loss.at(-1), 'the loss at the final values, not the last cost');
  });

  it('says when the loss at the final values cannot be computed, and shows no number for it', async () => {
    const code = [
      'const x = tf.variable(tf.scalar(1));',
      'const optimizer = tf.train.sgd(0.1);',
      'optimizer.minimize(() => x.square());',
      'const scale = tf.scalar(2);',
      'optimizer.minimize(() => x.mul(scale).square());',
      'scale.dispose();',
    ].join('\n');
    const { runs, error } = await runText(code, 'scratch.js');
    assert.equal(error, null);
    const [run] = runs;
    assert.equal(run.finalLoss, null);
    assert.match(run.finalLossUnavailable ?? '', /^the loss function could not be computed after the run: /);
    assert.match(resultLine(run), /· loss unknown \(the loss function could not be computed after the run/);
    assert.equal(run.status, 'completed');
  });
});

describe('the lesson’s mistakes, in plain words at the learner’s line', () => {
  async function mistake(code: string) {
    const { error, runs } = await runText(code, 'scratch.js');
    assert.ok(error, `no error; runs: ${JSON.stringify(runs)}`);
    assert.equal(error.kind, 'runtime');
    return error;
  }

  it('a number given to tf.variable, as the lesson first writes it', async () => {
    const error = await mistake(LESSON_PAGE_CODE.replace('const x = tf.variable(tf.scalar(4.12));', 'var x = tf.variable(4.12);'));
    assert.equal(error.message, 'tf.variable needs a tensor, not the number 4.12: write tf.variable(tf.scalar(4.12)).');
    assert.deepEqual([error.file, error.line], ['scratch.js', 1]);
  });

  it('an array given to tf.variable', async () => {
    const error = await mistake('const w = tf.variable([1, 2]);');
    assert.equal(error.message, 'tf.variable needs a tensor, not the array [1,2]: write tf.variable(tf.tensor([1,2])).');
  });

  it('minimise, the lesson text’s spelling', async () => {
    const error = await mistake(LESSON_PAGE_CODE.replace('optimizer.minimize(', 'optimizer.minimise('));
    assert.match(error.message, /^optimizer\.minimise is not a function: tfjs spells it minimize\. Write optimizer\.minimize\(…\)\. \(tfjs uses the American spelling, with z\.\)/);
    assert.equal(error.line, 7);
  });

  it('optimiser where the code names it optimizer', async () => {
    const error = await mistake(LESSON_PAGE_CODE.replace('  optimizer.minimize(', '  optimiser.minimize('));
    assert.match(error.message, /^optimiser is not defined: the scratch names it optimizer\. \(the scratch spells it, with z\.\)/);
    assert.equal(error.line, 7);
  });

  it('a misspelt tf name', async () => {
    const error = await mistake('const optimizer = tf.trian.sgd(0.1);');
    assert.match(error.message, /^tf\.trian is not part of tfjs: tfjs spells it tf\.train\./);
    assert.equal(error.line, 1);
  });

  it('a function given to minimize that returns nothing', async () => {
    const error = await mistake(lessonPageCodeWithStep('  optimizer.minimize(() => { ys.mul(x).square().mean(); });'));
    assert.equal(
      error.message,
      'The function given to optimizer.minimize returns nothing (undefined), so there is no loss to minimize: write () => ys.mul(x).square().mean(), or () => { return ys.mul(x).square().mean(); }.',
    );
    assert.equal(error.line, 7);
  });

  it('minimize given a tensor instead of a function', async () => {
    const error = await mistake(lessonPageCodeWithStep('  optimizer.minimize(ys.mul(x).square().mean());'));
    assert.equal(
      error.message,
      'minimize needs a function that computes the loss, and got a tensor (the loss computed once): write optimizer.minimize(() => ys.mul(x).square().mean()), so that the optimizer can compute the loss again at each step.',
    );
    assert.equal(error.line, 7);
  });

  it('.print() used as a value', async () => {
    const error = await mistake('const ys = tf.tensor([1, 2]);\nconst squared = ys.print().square();');
    assert.match(error.message, /^ys\.print\(\) shows the tensor and returns nothing \(undefined\), so \.square cannot be read from its result: print on a line of its own \(ys\.print\(\);\) and use ys itself\./);
    assert.equal(error.line, 2);
  });

  it('a loss that uses no variable names the variables it should use', async () => {
    const error = await mistake(lessonPageCodeWithStep('  optimizer.minimize(() => ys.square().mean());'));
    assert.match(error.message, /^The loss does not use the variables it should train \(x\), so there is nothing to train/);
    assert.equal(error.line, 7);
  });
});

describe('variables named after the identifier they are assigned to', () => {
  it('tensor.variable() as well as tf.variable(…)', async () => {
    const code = [
      'const w = tf.tensor1d([1, 2]).variable();',
      'const b = tf.variable(tf.scalar(0));',
      'const optimizer = tf.train.sgd(0.1);',
      'for (let i = 0; i < 3; i++) optimizer.minimize(() => w.sum().add(b).square());',
    ].join('\n');
    const { runs, error } = await runText(code, 'scratch.js');
    assert.equal(error, null);
    assert.deepEqual(Object.keys(runs[0].variables).sort(), ['b', 'w']);
  });
});
