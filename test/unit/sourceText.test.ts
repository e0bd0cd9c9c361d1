// The source cell shows the loss as the learner wrote it, read from their own text.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { expressionAt } from '../../src/trainer/sourceText';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

describe("the learner's loss text", () => {
  it("is the learner's, where the compiler renamed a parameter that clashes with a top-level name", async () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'const ys = [2, -5, 16, -24, 3];',
      'export default {',
      '  variables: { x: 4.12 },',
      '  data: { ys },',
      '  loss: ({ x, ys }: Record<string, tf.Tensor>) =>',
      '    ys.mul(x).square().mean(),',
      "  optimizer: 'sgd', learningRate: 0.0001, epochs: 3,",
      '};',
    ].join('\n');
    const { events } = await runText(text);
    const plan = events.find((e) => e.type === 'plan');
    assert.equal(plan?.type === 'plan' && plan.summary.loss, '({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean()');
  });

  it('keeps the compiled text when the loss is a name for a function defined elsewhere', async () => {
    const text = [
      'const meanSquare = ({ x, ys }: any) => ys.mul(x).square().mean();',
      'export default { variables: { x: 4.12 }, data: { ys: [1, 2] }, loss: meanSquare, optimizer: "sgd", learningRate: 0.01, epochs: 2 };',
    ].join('\n');
    const { events } = await runText(text);
    const plan = events.find((e) => e.type === 'plan');
    assert.match(plan?.type === 'plan' ? plan.summary.loss : '', /=>\s*ys\.mul\(x\)\.square\(\)\.mean\(\)/);
  });

  it('ends an expression at the comma or bracket that closes it, past nested brackets, strings and comments', () => {
    const text = "loss: (a) => f(a, ')', [1, 2]) /* , */ // , }\n  + 1, next: 2 }";
    assert.equal(expressionAt(text, 'loss:'.length), "(a) => f(a, ')', [1, 2]) /* , */ // , }\n  + 1");
    assert.equal(expressionAt('x: { a: 1, b: { c: 2 } } }', 2), '{ a: 1, b: { c: 2 } }');
    assert.equal(expressionAt('loss: (a) => a.mul(', 5), null);
  });
});
