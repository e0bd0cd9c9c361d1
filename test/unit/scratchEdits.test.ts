// Use in scratch: what the learner tried in the panel, written into the scratch's own text. Only the
// numbers change, options are added in their entry's style, and what cannot be written is named.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { playRate, type PlayChange, type TrainerEvent } from '../../src/shared/protocol';
import { applyEdits, scratchEdits, writtenNumber } from '../../src/shared/scratchEdits';
import { useInScratchProblemText } from '../../src/shared/wording';
import { LESSON_PAGE_CODE } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

const change = (parts: Partial<PlayChange>): PlayChange => ({ start: {}, rateFactor: 1, options: {}, ...parts });

/** The text once the change is written in; fails, naming the problem, if it cannot be. */
function used(text: string, parts: Partial<PlayChange>): string {
  const { edits, problem } = scratchEdits(text, change(parts));
  assert.equal(problem, null, problem ? useInScratchProblemText('scratch.ts', problem) : '');
  return applyEdits(text, edits ?? []);
}

/** Why the change cannot be written, as the learner reads it. */
function refused(text: string, parts: Partial<PlayChange>): string {
  const { edits, problem } = scratchEdits(text, change(parts));
  assert.equal(edits, null);
  assert.ok(problem);
  return useInScratchProblemText('scratch.ts', problem);
}

const lines = (...parts: string[]) => parts.join('\n');

const RACE = lines(
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'export default {',
  '  variables: { x: 4.12 },',
  '  data: { ys: [2, -5, 16, -24, 3] },',
  '  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),',
  '  optimizer: [',
  "    { name: 'sgd', learningRate: 0.001 },",
  "    { name: 'momentum', learningRate: 0.001, momentum: 0.9 },",
  "    { name: 'adam', learningRate: 0.2 },",
  "    { name: 'rmsprop', learningRate: 0.05 },",
  '  ],',
  '  epochs: 300,',
  '};',
);

describe('Use in scratch, config form', () => {
  it("writes the start, each entry's rate times the factor and the options of the entries that take them", () => {
    assert.equal(
      used(RACE, { start: { x: -3 }, rateFactor: 2, options: { momentum: 0.8 } }),
      RACE.replace('x: 4.12', 'x: -3')
        .replace("'sgd', learningRate: 0.001", "'sgd', learningRate: 0.002")
        .replace("learningRate: 0.001, momentum: 0.9", 'learningRate: 0.002, momentum: 0.8')
        .replace('learningRate: 0.2', 'learningRate: 0.4')
        // rmsprop takes a momentum too: added where the entry has none.
        .replace('learningRate: 0.05 }', 'learningRate: 0.1, momentum: 0.8 }'),
    );
  });

  it('rates go through playRate, numbers as a learner writes them', () => {
    const text = lines('export default {', '  variables: { x: 0.3 },', "  optimizer: { name: 'adam', learningRate: 0.1, epsilon: 0.001 },", '};');
    assert.equal(playRate(0.1, 3), 0.3);
    assert.equal(
      used(text, { start: { x: 0.1 + 0.2 }, rateFactor: 3, options: { epsilon: 1e-8, beta1: 0.85 } }),
      lines('export default {', '  variables: { x: 0.3 },', "  optimizer: { name: 'adam', learningRate: 0.3, epsilon: 1e-8, beta1: 0.85 },", '};'),
      'x already says 0.3 (0.1 + 0.2 is not written as 0.30000000000000004)',
    );
    assert.equal(used(text, { rateFactor: 1 / 3 }), text.replace('learningRate: 0.1', 'learningRate: 0.0333'));
    assert.deepEqual([writtenNumber(-3), writtenNumber(0.001), writtenNumber(1e-8), writtenNumber(0.1 + 0.2)], ['-3', '0.001', '1e-8', '0.3']);
  });

  it("keeps the learner's formatting: comments, strings, spacing, quotes and trailing commas", () => {
    const text = lines(
      'export default defineOptimization({',
      '  // learningRate: 5 in a comment, and x: 1 too',
      '  variables: {x:   4.12,   y :-1 , },',
      '  /* optimizer: "sgd" */',
      '  optimizer: [',
      '    {',
      '      "name": "momentum",',
      '      "learningRate": 1e-3, // slow',
      '      "momentum": .9,',
      '    },',
      '    {',
      "      name: 'rmsprop',",
      '      learningRate: 0.01 // no trailing comma',
      '    },',
      "    {name:'adadelta',learningRate:0.5,},",
      '  ],',
      "  note: 'learningRate: 0.01 in a string',",
      '});',
    );
    assert.equal(
      used(text, { start: { x: 2, y: 0.5 }, rateFactor: 10, options: { momentum: 0.5, rho: 0.9 } }),
      lines(
        'export default defineOptimization({',
        '  // learningRate: 5 in a comment, and x: 1 too',
        '  variables: {x:   2,   y :0.5 , },',
        '  /* optimizer: "sgd" */',
        '  optimizer: [',
        '    {',
        '      "name": "momentum",',
        '      "learningRate": 0.01, // slow',
        '      "momentum": 0.5,',
        '    },',
        '    {',
        "      name: 'rmsprop',",
        '      learningRate: 0.1, // no trailing comma',
        '      momentum: 0.5',
        '    },',
        "    {name:'adadelta',learningRate:5, rho: 0.9,},",
        '  ],',
        "  note: 'learningRate: 0.01 in a string',",
        '});',
      ),
    );
  });

  it('writes an element of an array, a matrix or a tensor by its component name', () => {
    const text = lines('export default {', '  variables: { w: [1, -2, 3], m: [[1, 2], [3, 4]], t: tf.tensor([0.5, 0.25]) },', "  optimizer: 'sgd',", '  learningRate: 0.1,', '};');
    assert.equal(
      used(text, { start: { 'w[1]': 0.5, 'm[1][0]': -7, 't[1]': 2 } }),
      text.replace('[1, -2, 3]', '[1, 0.5, 3]').replace('[3, 4]', '[-7, 4]').replace('[0.5, 0.25]', '[0.5, 2]'),
    );
  });

  it('an optimizer given by name takes the top-level rate (each rate of a sweep), and becomes an entry to hold an option', () => {
    const text = lines('export default {', '  variables: { x: 4.12 },', '  optimizer: ["sgd", "adam"],', '  learningRate: [0.0001, 0.001],', '};');
    assert.equal(
      used(text, { rateFactor: 10, options: { beta2: 0.99 } }),
      text.replace('[0.0001, 0.001]', '[0.001, 0.01]').replace('"adam"', '{ name: "adam", beta2: 0.99 }'),
      'the shared rates are multiplied once',
    );
    const single = lines('export default {', '  variables: { x: 4.12 },', "  optimizer: 'momentum',", '  learningRate: 0.01,', '};');
    assert.equal(used(single, { options: { momentum: 0.95 } }), single.replace("'momentum',", "{ name: 'momentum', momentum: 0.95 },"));
  });

  it('a config without an optimizer field is sgd at its learningRate; a rate given by a constant is written there', () => {
    const text = lines('const rate = 0.001;', 'export default {', '  variables: { x: 4.12 },', '  learningRate: rate,', '};');
    assert.equal(used(text, { rateFactor: 0.5 }), text.replace('0.001;', '0.0005;'));
  });

  it('writes nothing when nothing changed', () => {
    assert.deepEqual(scratchEdits(RACE, change({ start: { x: 4.12 } })), { edits: [], problem: null });
  });
});

describe('Use in scratch, lesson form', () => {
  it('writes the start into the tf.variable declared by its name, and the rate into tf.train.sgd', () => {
    assert.equal(
      used(LESSON_PAGE_CODE, { start: { x: -1.5 }, rateFactor: 5 }),
      LESSON_PAGE_CODE.replace('tf.scalar(4.12)', 'tf.scalar(-1.5)').replace('tf.train.sgd(0.0001)', 'tf.train.sgd(0.0005)'),
    );
  });

  it("writes options in tf.train's order, with undefined where tfjs keeps its default", () => {
    const text = lines(
      'const w = tf.variable(tf.tensor1d([1, 2]));',
      'const fast = tf.train.momentum(0.01, 0.9);',
      'const steady = tf.train.adam(0.01);',
      'const other = tf.train.rmsprop(0.001, undefined, 0.2);',
    );
    assert.equal(
      used(text, { start: { 'w[0]': 3 }, options: { momentum: 0.5, beta2: 0.99, decay: 0.8 } }),
      lines(
        'const w = tf.variable(tf.tensor1d([3, 2]));',
        'const fast = tf.train.momentum(0.01, 0.5);',
        'const steady = tf.train.adam(0.01, undefined, 0.99);',
        'const other = tf.train.rmsprop(0.001, 0.8, 0.5);',
      ),
    );
  });

  it('leaves alone what only looks like the code: comments, strings, templates and regular expressions', () => {
    const text = lines(
      '// const x = tf.variable(tf.scalar(1)); tf.train.sgd(1)',
      "const note = 'tf.train.sgd(2)';",
      'const shown = `tf.train.sgd(3) ${"tf.train.sgd(4)"}`;',
      'const pattern = /tf.train.sgd\\(5\\)/g;',
      'const x = tf.variable(tf.scalar(4.12)); /* tf.scalar(6) */',
      'const optimizer = tf.train.sgd(0.0001);',
    );
    assert.equal(used(text, { start: { x: 1 }, rateFactor: 2 }), text.replace('tf.scalar(4.12)', 'tf.scalar(1)').replace('sgd(0.0001)', 'sgd(0.0002)'));
  });
});

describe('Use in scratch, what it cannot write', () => {
  it('names the variable, the element, the optimizer or the option, and writes nothing', () => {
    assert.equal(refused(RACE, { start: { z: 1 } }), 'Use in scratch wrote nothing into scratch.ts: it has no variable "z" in its variables field.');
    assert.equal(refused(RACE, { start: { x: 1, 'x[2]': 1 } }), 'Use in scratch wrote nothing into scratch.ts: there is no element "x[2]" written in the file.');
    assert.equal(
      refused(lines('export default {', '  variables: { w: [1, 2] },', "  optimizer: 'sgd',", '  learningRate: 0.1,', '};'), { start: { 'w[5]': 1 } }),
      'Use in scratch wrote nothing into scratch.ts: there is no element "w[5]" written in the file.',
    );
    assert.equal(
      refused(lines('export default {', '  variables: { x: Math.random() },', "  optimizer: 'adam',", '};'), { start: { x: 1 } }),
      'Use in scratch wrote nothing into scratch.ts: the start of "x" is computed, not a number written in the file.',
    );
    assert.equal(
      refused(lines('export default {', '  variables: { x: 1 },', "  optimizer: 'adam',", '};'), { rateFactor: 2 }),
      "Use in scratch wrote nothing into scratch.ts: adam runs at tfjs's default learning rate; write its learningRate in the file to change it.",
    );
    assert.equal(
      refused(lines('export default {', '  variables: { x: 1 },', "  optimizer: { name: 'momentum', learningRate: 0.1, momentum: 1 - 0.1 },", '};'), { options: { momentum: 0.5 } }),
      'Use in scratch wrote nothing into scratch.ts: the momentum of momentum is computed, not a number written in the file.',
    );
    assert.equal(
      refused(LESSON_PAGE_CODE, { start: { w: 1 } }),
      'Use in scratch wrote nothing into scratch.ts: it declares no variable "w" (const w = tf.variable(…)).',
    );
    assert.equal(
      refused(LESSON_PAGE_CODE.replace('tf.train.sgd(0.0001)', 'tf.train.sgd(0.001 / 10)'), { rateFactor: 2 }),
      'Use in scratch wrote nothing into scratch.ts: the learning rate of sgd is computed, not a number written in the file.',
    );
    assert.equal(refused('const x = tf.variable(tf.scalar(1));', { rateFactor: 2 }), 'Use in scratch wrote nothing into scratch.ts: it names no optimizer Descent can find (an optimizer field, or tf.train.sgd(…) and the like).');
  });
});

describe('Use in scratch, round trip', () => {
  /** Each run's plan and where its first slope says it starts. */
  function starts(events: TrainerEvent[]) {
    const plans = events.flatMap((e) => (e.type === 'runStart' ? [e.plan] : []));
    const at = events.flatMap((e) => (e.type === 'slope' && e.epoch === 0 ? [Object.fromEntries(e.variables.map((name, i) => [name, e.at[i]]))] : []));
    return plans.map((plan, i) => ({ optimizer: plan.optimizer, at: at[i] }));
  }

  it('the edited config trains from the change: its start, its rates and its options', async () => {
    const text = lines(
      'export default {',
      '  variables: { w: [4, -2] },',
      '  loss: ({ w }: Record<string, tf.Tensor>) => w.square().sum(),',
      "  optimizer: [{ name: 'momentum', learningRate: 0.01, momentum: 0.9 }, 'rmsprop'],",
      '  learningRate: 0.02,',
      '  epochs: 3,',
      '};',
    );
    const { runs, error, events } = await runText(used(text, { start: { 'w[1]': 1.5 }, rateFactor: 0.5, options: { momentum: 0.6 } }));
    assert.equal(error, null);
    assert.equal(runs.length, 2);
    assert.deepEqual(starts(events), [
      { optimizer: { name: 'momentum', learningRate: playRate(0.01, 0.5), options: { momentum: 0.6 } }, at: { 'w[0]': 4, 'w[1]': 1.5 } },
      { optimizer: { name: 'rmsprop', learningRate: playRate(0.02, 0.5), options: { momentum: 0.6 } }, at: { 'w[0]': 4, 'w[1]': 1.5 } },
    ]);
  });

  it("the edited lesson code trains from the change's start at its rate", async () => {
    const { runs, error, events } = await runText(used(LESSON_PAGE_CODE, { start: { x: 2 }, rateFactor: 10 }), 'scratch.js');
    assert.equal(error, null);
    assert.equal(runs.length, 1);
    assert.deepEqual(starts(events), [{ optimizer: { name: 'sgd', learningRate: 0.001, options: {} }, at: { x: 2 } }]);
  });
});
