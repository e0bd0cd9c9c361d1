import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../src/trainer/config';
import { LESSON_PLAN, lessonObject } from '../support/lesson';
import { useCpu } from './tfjsCpu';

before(useCpu);

const valid = lessonObject();

function problemWith(changes: Record<string, unknown>): ConfigError {
  try {
    readConfig(lessonObject(changes), { defaultBackend: 'webgl' });
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('the config was accepted');
}

describe('scratch config validation', () => {
  it('reads the lesson config into one plan with the contract defaults', () => {
    const config = readConfig(valid, { defaultBackend: 'webgl' });
    assert.equal(config.plans.length, 1);
    assert.deepEqual(config.plans[0], LESSON_PLAN);
    assert.deepEqual(config.summary.variables, { x: '4.12' });
    assert.deepEqual(config.summary.data, { ys: '[5]' });
  });

  const cases: [string, Record<string, unknown>, string | null, RegExp][] = [
    ['an unknown optimizer, listing the valid ones', { optimizer: 'sgdd' }, 'optimizer', /Unknown optimizer "sgdd" \(did you mean "sgd"\?\)\. Valid optimizers: sgd, momentum, adagrad, adadelta, adam, adamax, rmsprop/],
    ['a missing variables field', { variables: undefined }, 'variables', /"variables" is missing/],
    ['an empty variables object', { variables: {} }, 'variables', /"variables" is empty/],
    ['a variable that is not a number', { variables: { x: 'four' } }, 'variables', /variables\.x should be a number, an array of numbers or a tf\.Tensor; it is "four"/],
    ['a ragged array', { variables: { w: [[1, 2], [3]] } }, 'variables', /variables\.w is not rectangular/],
    ['a NaN start', { variables: { x: NaN } }, 'variables', /variables\.x is NaN/],
    ['a loss that is not a function', { loss: 'mse' }, 'loss', /"loss" should be a function/],
    ['a misspelt field', { epoch: 10 }, 'epoch', /Unknown field "epoch" \(did you mean "epochs"\?\)/],
    ['a negative learning rate', { learningRate: -0.1 }, 'learningRate', /"learningRate" should be a positive number such as 0\.01; it is number -0\.1/],
    ['a bad rate in a sweep', { learningRate: [0.1, 0] }, 'learningRate', /"learningRate\[1\]" should be a positive number/],
    ['zero epochs', { epochs: 0 }, 'epochs', /"epochs" should be a whole number of at least 1/],
    ['missing epochs', { epochs: undefined }, 'epochs', /"epochs" is missing/],
    ['absurd epochs', { epochs: 1e12 }, 'epochs', /the most Descent runs is 10000000/],
    ['a data array of a billion elements', { data: { ys: new Array(1e9) } }, 'data', /^data\.ys has 1000000000 elements; the limit is 50000000\.$/],
    ['a variable of 100 million numbers in rows', { variables: { w: new Array(100_000).fill(new Array(1000).fill(0)) } }, 'variables', /^variables\.w has 100000000 elements; the limit is 50000000\.$/],
    [
      'variables and data too big together',
      { variables: { x: 4.12, w: new Array(30_000).fill(new Array(1000).fill(0)) }, data: { ys: new Array(30_000).fill(new Array(1000).fill(1)) } },
      'data',
      /^"variables" and "data" hold 60000001 numbers together; the most Descent trains with is 50000000\.$/,
    ],
    ['a sweep of 101 learning rates', { learningRate: Array.from({ length: 101 }, (_, i) => (i + 1) / 1000) }, 'learningRate', /plan 101 runs; the most Descent runs at once is 100/],
    ['101 optimizers', { optimizer: new Array(101).fill('sgd') }, 'optimizer', /plan 101 runs; the most Descent runs at once is 100/],
    ['momentum without its momentum', { optimizer: 'momentum' }, 'optimizer', /momentum needs the option "momentum"/],
    ['an option the optimizer does not have', { optimizer: { name: 'adam', rho: 0.9 } }, 'optimizer', /adam has no option "rho"\. Its options: learningRate, beta1, beta2, epsilon/],
    ['sgd without a rate', { learningRate: undefined }, 'learningRate', /"learningRate" is missing: sgd has no default rate/],
    ['a bad stopWhen', { stopWhen: 1e-6 }, 'stopWhen', /"stopWhen" should be \{ loss: number \}/],
    ['an unknown backend', { backend: 'tpu' }, 'backend', /"backend" should be one of webgl, cpu, wasm, auto; it is "tpu"/],
    ['a backend in capitals', { backend: 'WASM' }, 'backend', /"backend" should be one of webgl, cpu, wasm, auto; it is "WASM"/],
    ['an unknown memory mode', { memory: 'gc' }, 'memory', /"memory" should be one of tidy, dispose, none/],
    ['data named like a variable', { data: { x: [1] } }, 'data', /"x" is both a variable and data/],
  ];
  for (const [what, changes, field, message] of cases) {
    it(`names the field for ${what}`, () => {
      const error = problemWith(changes);
      assert.match(error.message, message);
      assert.equal(error.field, field);
    });
  }

  it("accepts the wasm backend and 'auto', which the trainer resolves before each run", () => {
    for (const backend of ['wasm', 'auto'] as const) {
      assert.deepEqual(readConfig(lessonObject({ backend }), { defaultBackend: 'webgl' }).plans[0], { ...LESSON_PLAN, backend });
      assert.equal(readConfig(valid, { defaultBackend: backend }).plans[0].backend, backend, 'as the default backend (the setting)');
    }
  });

  it('holds an epochs override (the CLI\'s --epochs) to the same limit', () => {
    assert.throws(
      () => readConfig(valid, { defaultBackend: 'cpu', epochs: 1e12 }),
      (e: unknown) => e instanceof ConfigError && e.field === 'epochs' && /"epochs" is 1000000000000; the most Descent runs is 10000000/.test(e.message),
    );
  });

  it('explains a missing default export', () => {
    assert.throws(() => readConfig(undefined, { defaultBackend: 'cpu' }), /no default export/);
  });

  it('uses tfjs defaults for rates where tfjs has them', () => {
    const config = readConfig(lessonObject({ optimizer: ['adam', 'adamax', 'adadelta'], learningRate: undefined }), { defaultBackend: 'cpu' });
    assert.deepEqual(
      config.plans.map((p) => p.label),
      ['adam lr=0.001', 'adamax lr=0.002', 'adadelta lr=0.001'],
    );
  });
});
