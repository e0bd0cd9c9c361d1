import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { LESSON_FINAL_LOSS, LESSON_FINAL_X, LESSON_FIRST_LOSS, LESSON_X_AFTER_ONE_EPOCH } from '../support/lesson';

const CLI = resolve('dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'descent-cli-'));
copyFileSync(resolve('media', 'examples', 'lesson.ts'), join(dir, 'scratch.ts'));

function scratch(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), lines.join('\n'));
  return name;
}

function descent(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const header = "import * as tf from '@tensorflow/tfjs';";

describe('descent run (the CLI)', () => {
  it('prints what the output channel prints for the lesson, ending at x ≈ 0.0034543', () => {
    const { code, stdout, stderr } = descent('run', 'scratch.ts');
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], '▶ scratch.ts · sgd lr=0.0001 · 200 epochs · backend cpu');
    assert.match(lines[1], /^ {2}epoch {2}20\/200 · loss 768\.7\d* · x = 2\.028/);
    assert.match(lines[lines.length - 1], /^✓ sgd lr=0\.0001 completed · 200 epochs in .* · loss 0\.00207\d* · x = 0\.0034543 · tensors leaked 0$/);
    assert.doesNotMatch(stdout + stderr, /tfjs-node|Hi, looks like/, 'no tfjs banner');
  });

  it('prints exactly one JSON document with --json', () => {
    const { code, stdout } = descent('run', 'scratch.ts', '--json');
    assert.equal(code, 0);
    const doc = JSON.parse(stdout);
    assert.equal(doc.file, 'scratch.ts');
    assert.equal(doc.error, null);
    const [run] = doc.runs;
    assert.deepEqual(
      { label: run.label, optimizer: run.optimizer, status: run.status, epochs: run.epochs, backend: run.backend, tensorsLeaked: run.tensorsLeaked },
      { label: 'sgd lr=0.0001', optimizer: { name: 'sgd', learningRate: 0.0001 }, status: 'completed', epochs: 200, backend: 'cpu', tensorsLeaked: 0 },
    );
    assert.equal(run.loss.length, 200);
    assert.ok(Math.abs(run.loss[0] - LESSON_FIRST_LOSS) < 1e-3);
    assert.ok(Math.abs(run.finalLoss - LESSON_FINAL_LOSS) < 1e-6);
    assert.ok(Math.abs(run.variables.x - LESSON_FINAL_X) < 1e-7);
    assert.equal(typeof run.ms, 'number');
  });

  it('trains the lesson on WebAssembly with --backend wasm, to the same x after 200 epochs', () => {
    const { code, stdout, stderr } = descent('run', 'scratch.ts', '--json', '--backend', 'wasm');
    assert.equal(code, 0, stderr);
    const [run] = JSON.parse(stdout).runs;
    assert.deepEqual([run.backend, run.status, run.epochs, run.tensorsLeaked], ['wasm', 'completed', 200, 0]);
    assert.ok(Math.abs(run.loss[0] - LESSON_FIRST_LOSS) < 1e-3);
    assert.ok(Math.abs(run.finalLoss - LESSON_FINAL_LOSS) < 1e-6);
    assert.ok(Math.abs(run.variables.x - LESSON_FINAL_X) < 1e-7, `x = ${run.variables.x}`);
    assert.doesNotMatch(stderr, /tfjs-node|Hi, looks like/, 'no tfjs banner');
  });

  it("runs the lesson's own code on the backend --backend names", () => {
    copyFileSync(resolve('media', 'examples', 'lesson-code.ts'), join(dir, 'lesson-code.ts'));
    for (const backend of ['wasm', 'cpu']) {
      const { code, stdout, stderr } = descent('run', 'lesson-code.ts', '--json', '--backend', backend);
      assert.equal(code, 0, stderr);
      const [run] = JSON.parse(stdout).runs;
      assert.deepEqual([run.backend, run.status, run.epochs], [backend, 'completed', 200], `--backend ${backend}`);
      assert.ok(Math.abs(run.variables.x - LESSON_FINAL_X) < 1e-7, `x = ${run.variables.x} on ${backend}`);
    }
  });

  it('ends quietly when its reader stops early, as `descent run scratch.ts | head -1` does', () => {
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" run scratch.ts | head -1`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.match(run.stdout, /^▶ scratch\.ts · /);
    assert.equal(run.stderr, '', 'nothing on stderr: no EPIPE stack');
  });

  it('names the backend a run really used when the one the scratch asks for cannot start here', () => {
    const lesson = readFileSync(join(dir, 'scratch.ts'), 'utf8');
    writeFileSync(join(dir, 'on-webgl.ts'), lesson.replace('logEvery: 20,', "logEvery: 20,\n  backend: 'webgl',"));
    const { code, stdout, stderr } = descent('run', 'on-webgl.ts');
    assert.equal(code, 0, stderr);
    assert.match(stdout.split('\n')[0], /^▶ on-webgl\.ts · .* · backend cpu \(webgl is not available here\)$/);
  });

  it("says which backend --backend auto chose and why, with each backend's time per epoch", () => {
    const { code, stdout, stderr } = descent('run', 'scratch.ts', '--backend', 'auto');
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    const header = /^▶ scratch\.ts · sgd lr=0\.0001 · 200 epochs · backend (cpu|wasm) \(auto: (cpu|wasm) ([\d.e-]+) ms\/epoch, (cpu|wasm) ([\d.e-]+)\)$/.exec(lines[0]);
    assert.ok(header, lines[0]);
    const [, chosen, fastest, fastestMs, other, otherMs] = header;
    assert.equal(chosen, fastest, 'the fastest is chosen');
    assert.notEqual(fastest, other);
    assert.ok(Number(fastestMs) <= Number(otherMs), lines[0]);
    assert.match(lines[lines.length - 1], /^✓ sgd lr=0\.0001 completed · 200 epochs in .* · x = 0\.0034543 · tensors leaked 0$/);
  });

  it('overrides epochs with --epochs', () => {
    const doc = JSON.parse(descent('run', 'scratch.ts', '--json', '--epochs', '1').stdout);
    assert.ok(Math.abs(doc.runs[0].variables.x - LESSON_X_AFTER_ONE_EPOCH) < 1e-6);
  });

  it('exits 1 with a located compile error', () => {
    const file = scratch('broken.ts', [header, 'export default {', '  variables: { x: 4.12 }', '  loss: () => 0,', '};']);
    const { code, stdout, stderr } = descent('run', file, '--json');
    assert.equal(code, 1);
    const { error, runs } = JSON.parse(stdout);
    assert.deepEqual(runs, []);
    assert.deepEqual({ kind: error.kind, file: error.file, line: error.line, column: error.column }, { kind: 'compile', file: 'broken.ts', line: 4, column: 3 });
    assert.match(stderr, /✗ compile error: broken\.ts:4:3: Expected "}" but found "loss"/);
  });

  it('exits 1 with a config error that names the field and its line', () => {
    const file = scratch('typo.ts', [header, 'export default {', '  variables: { x: 4.12 },', "  optimizer: 'adamm',", '  loss: ({ x }: any) => x.square(),', '  epochs: 5,', '};']);
    const { code, stdout } = descent('run', file, '--json');
    assert.equal(code, 1);
    const { error } = JSON.parse(stdout);
    assert.equal(error.kind, 'config');
    assert.match(error.message, /Unknown optimizer "adamm" \(did you mean "adam"\?\)\. Valid optimizers: sgd, momentum/);
    assert.deepEqual([error.file, error.line, error.column], ['typo.ts', 4, 3]);
  });

  it("exits 1 with a runtime error at the learner's line, through the source map", () => {
    const file = scratch('throws.ts', [
      header,
      '',
      'function shaky(x: tf.Tensor): tf.Tensor {',
      "  throw new Error('the loss gave up');",
      '}',
      'export default {',
      '  variables: { x: 1 },',
      '  loss: ({ x }: Record<string, tf.Tensor>) => shaky(x),',
      "  optimizer: 'sgd', learningRate: 0.1, epochs: 5,",
      '};',
    ]);
    const { code, stdout } = descent('run', file, '--json');
    assert.equal(code, 1);
    const { error } = JSON.parse(stdout);
    assert.deepEqual(error, { kind: 'runtime', message: 'the loss gave up', file: 'throws.ts', line: 4, column: 9 });
  });

  it('explains in plain words a loss that ignores the variables, then gives tfjs’s message', () => {
    const file = scratch('ignores.ts', [
      header,
      'export default {',
      '  variables: { x: 1 },',
      '  data: { ys: [1, 2] },',
      '  loss: ({ ys }: Record<string, tf.Tensor>) => ys.square().mean(),',
      "  optimizer: 'sgd', learningRate: 0.1, epochs: 5,",
      '};',
    ]);
    const { error } = JSON.parse(descent('run', file, '--json').stdout);
    assert.equal(error.kind, 'runtime');
    assert.match(error.message, /^The loss does not use any of the variables.*tfjs says: Cannot find a connection between any variable and the result of the loss function/);
    assert.equal(error.line, 5);
  });

  it('explains a loss that is not a scalar', () => {
    const file = scratch('vector.ts', [
      header,
      'export default {',
      '  variables: { x: 1 },',
      '  data: { ys: [1, 2] },',
      '  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square(),',
      "  optimizer: 'sgd', learningRate: 0.1, epochs: 5,",
      '};',
    ]);
    const { error } = JSON.parse(descent('run', file, '--json').stdout);
    assert.match(error.message, /^The loss must return a single number \(a scalar tensor\).*tfjs says: The f passed in variableGrads\(f\) must return a scalar/);
  });

  it('reports a diverging run as a result, exit 0', () => {
    const file = scratch('diverges.ts', [header, 'export default {', '  variables: { x: 4.12 }, data: { ys: [2, -5, 16, -24, 3] },', '  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),', "  optimizer: 'sgd', learningRate: 1, epochs: 100,", '};']);
    const { code, stdout } = descent('run', file, '--json');
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).runs[0].status, 'diverged');
  });

  it("sends the learner's console output to stderr in --json mode and to stdout otherwise", () => {
    const file = scratch('prints.ts', [header, "console.log('hello from the scratch');", 'export default {', '  variables: { x: 1 }, loss: ({ x }: Record<string, tf.Tensor>) => x.square(),', "  optimizer: 'sgd', learningRate: 0.1, epochs: 2,", '};']);
    const json = descent('run', file, '--json');
    assert.match(json.stderr, /hello from the scratch/);
    JSON.parse(json.stdout);
    assert.match(descent('run', file).stdout, /^hello from the scratch$/m);
  });

  it('stops an endless loop at --timeout with kind "timeout"', () => {
    const file = scratch('endless.ts', [header, 'export default {', '  variables: { x: 1 },', '  loss: ({ x }: Record<string, tf.Tensor>) => { for (;;) {} return x; },', "  optimizer: 'sgd', learningRate: 0.1, epochs: 2,", '};']);
    const { code, stdout } = descent('run', file, '--json', '--timeout', '2');
    assert.equal(code, 1);
    assert.equal(JSON.parse(stdout).error.kind, 'timeout');
  });

  for (const [args, message] of [
    [[], /No command given/],
    [['train', 'scratch.ts'], /Unknown command "train"/],
    [['run'], /No scratch file given/],
    [['run', 'scratch.ts', '--epochs', 'many'], /--epochs should be a positive number, not "many"/],
    [['run', 'scratch.ts', '--backend', 'webgl'], /--backend should be one of cpu, wasm, auto, not "webgl"/],
    [['run', 'scratch.ts', '--fast'], /Unknown option "--fast"/],
  ] as const) {
    it(`exits 2 on a wrong command line: ${args.join(' ') || '(nothing)'}`, () => {
      const { code, stderr, stdout } = descent(...args);
      assert.equal(code, 2);
      assert.match(stderr, message);
      assert.match(stderr, /Usage: descent run <file>/);
      assert.equal(stdout, '');
    });
  }
});
