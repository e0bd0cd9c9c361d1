import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { holdsPoint, lowestPoint } from '../../src/shared/landscapeRange';
import { COURSE_FILES, COURSE_INLINE_PRINT, COURSE_TFJS_SRC, COURSE_TFJS_VERSION } from '../support/coursePage';
import { LESSON_FINAL_LOSS, LESSON_FINAL_X, LESSON_FIRST_LOSS, LESSON_FIRST_PRINT, LESSON_PAGE_CODE, LESSON_START_X, LESSON_X_AFTER_ONE_EPOCH } from '../support/lesson';
import { leastSquaresLine, lineFitConfig, lineFitVectorConfig } from '../support/lineFit';

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
    for (const piece of ['x = 4.12, loss 2953.55', 'L(4.11) = 2939.2', 'L(4.13) = 2967.9', 'dL/dx = 1433.76', 'sgd moves x by −0.0001 × 1433.76 = −0.143376, to 3.976624']) {
      assert.ok(lines[1].includes(piece), `which way is down from the start, "${piece}": ${lines[1]}`);
    }
    assert.equal(lines[2], '  x: gradient 1433.76 · step size lr = 0.0001 · step −size × g = −0.143376 · moved −0.143376', 'the first step taken apart');
    assert.match(lines[3], /^ {2}epoch {2}20\/200 · loss 768\.7\d* · x = 2\.028/);
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
    assert.match(error.message, /^The loss does not use the variables it should train \(x\).*tfjs says: Cannot find a connection between any variable and the result of the loss function/);
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
    [['run', 'scratch.ts', '--json', '--csv'], /--json and --csv each print the whole document: give one of them/],
    [['run', 'scratch.ts', '--csv', '--landscape'], /--landscape adds to the JSON document/],
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

describe("descent run: each optimizer's first step taken apart", () => {
  const start = { x: 1.5, w: [2, -1] };
  /** dL/dx = 2(x + 2), dL/dw = 2w at the start. */
  const gradients = { x: 7, 'w[0]': 4, 'w[1]': -2 };
  const optimizers: [Record<string, unknown>, string[]][] = [
    [{ name: 'sgd', learningRate: 0.05 }, []],
    [{ name: 'momentum', learningRate: 0.05, momentum: 0.9, useNesterov: true }, ['momentum']],
    [{ name: 'adagrad', learningRate: 0.3, initialAccumulatorValue: 0.5 }, ['accumulator']],
    [{ name: 'adadelta', learningRate: 0.05, rho: 0.8 }, ['accum_grad', 'accum_var']],
    [{ name: 'adam', learningRate: 0.2, beta1: 0.8 }, ['m', 'v']],
    [{ name: 'adamax', learningRate: 0.2, decay: 0.1 }, ['m', 'u']],
    [{ name: 'rmsprop', learningRate: 0.05, centered: true, momentum: 0.5 }, ['rms', 'momentum', 'mg']],
  ];
  const file = scratch('every-optimizer.ts', [
    header,
    'export default {',
    `  variables: ${JSON.stringify(start)},`,
    '  loss: ({ x, w }: Record<string, tf.Tensor>) => x.sub(-2).square().add(w.square().sum()),',
    `  optimizer: ${JSON.stringify(optimizers.map(([spec]) => spec))},`,
    '  epochs: 1,',
    '};',
  ]);

  it("gives each run's firstStep in --json: the gradient, tfjs's state after the step by its names, and the step each variable took", () => {
    const { code, stdout, stderr } = descent('run', file, '--json');
    assert.equal(code, 0, stderr);
    const { runs } = JSON.parse(stdout) as { runs: { label: string; variables: { x: number; w: number[] }; firstStep: Record<string, { gradient: number; state: Record<string, number>; explained: number; step: number }> }[] };
    assert.equal(runs.length, optimizers.length);
    runs.forEach((run, i) => {
      const [spec, slots] = optimizers[i];
      assert.deepEqual(Object.keys(run.firstStep), ['x', 'w[0]', 'w[1]'], run.label);
      const moved = { x: run.variables.x - start.x, 'w[0]': run.variables.w[0] - start.w[0], 'w[1]': run.variables.w[1] - start.w[1] };
      for (const [name, { gradient, state, explained, step }] of Object.entries(run.firstStep)) {
        const what = `${String(spec.name)} ${name}`;
        assert.equal(gradient, gradients[name as keyof typeof gradients], `${what}: the gradient`);
        assert.deepEqual(Object.keys(state).sort(), [...slots].sort(), `${what}: the state, as tfjs names it`);
        Object.values(state).forEach((value) => assert.ok(Number.isFinite(value) && value !== 0, `${what}: ${JSON.stringify(state)}`));
        assert.ok(Math.abs(step - moved[name as keyof typeof moved]) < 1e-6, `${what}: the step ${step} is where epoch 1 took it, ${moved[name as keyof typeof moved]}`);
        assert.ok(step !== 0 && Math.abs(explained - step) <= 1e-5 * Math.abs(step), `${what}: the rule's step ${explained}, taken ${step}`);
      }
    });
  });

  it("says each run's first step in one line per variable, in the numbers it took", () => {
    const { code, stdout, stderr } = descent('run', file);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    const starts = lines.flatMap((line, index) => (line.startsWith('▶') ? [index] : []));
    assert.equal(starts.length, optimizers.length);
    starts.forEach((index, i) => {
      const name = String(optimizers[i][0].name);
      assert.match(lines[index + 1], /^ {2}↘ start: /, `which way is down, then the step (${name})`);
      ['x', 'w[0]', 'w[1]'].forEach((variable, k) => {
        const line = lines[index + 2 + k];
        assert.ok(line.startsWith(`  ${variable}: gradient ${String(gradients[variable as keyof typeof gradients]).replace('-', '−')} · `), `${name}: ${line}`);
        for (const slot of optimizers[i][1]) assert.ok(line.includes(`${slot} = `), `${name}'s ${slot}: ${line}`);
        const [, explained, moved] = /· step .* = (\S+) · moved (\S+)$/.exec(line) ?? [];
        const number = (text: string) => Number(text.replace('−', '-'));
        assert.ok(explained && Math.abs(number(explained) - number(moved)) <= 1e-5 * Math.abs(number(moved)), `${name}: the rule's step is the one taken: ${line}`);
      });
    });
  });
});

describe("descent run index.html (the course's page)", () => {
  mkdirSync(join(dir, 'course'));
  for (const [name, text] of Object.entries(COURSE_FILES)) writeFileSync(join(dir, 'course', name), text);
  const page = (name: string, lines: string[]) => scratch(join('course', name), lines);
  const bundled = (JSON.parse(readFileSync(resolve('node_modules', '@tensorflow', 'tfjs', 'package.json'), 'utf8')) as { version: string }).version;
  const standIn = `index.html: <script src="${COURSE_TFJS_SRC}"> runs as Descent's own tfjs ${bundled} (the page asks for ${COURSE_TFJS_VERSION}).`;

  it("runs the page's scripts in order in one scope, on Descent's tfjs, and says so once with the version the page asked for", () => {
    const { code, stdout, stderr } = descent('run', 'course/index.html');
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], standIn);
    assert.equal(lines.filter((line) => line.includes('runs as Descent')).length, 1);
    assert.equal(lines[1], LESSON_FIRST_PRINT);
    assert.match(lines[2], /^▶ course\/index\.html · sgd lr=0\.0001 · backend cpu$/);
    const inline = lines.findIndex((line) => COURSE_INLINE_PRINT.test(line));
    assert.ok(inline > 2, `the inline script reads lesson.js's var and scratch.js's x after the run:\n${stdout}`);
    assert.match(lines[lines.length - 1], /^✓ sgd lr=0\.0001 completed · 200 epochs in .* · loss 0\.00207\d* · \S+ = 0\.0034543 · tensors leaked 4$/);
  });

  it('prints one JSON document with --json: the run completed, 200 epochs, x ≈ 0.0034543', () => {
    const { code, stdout, stderr } = descent('run', 'course/index.html', '--json');
    assert.equal(code, 0, stderr);
    const doc = JSON.parse(stdout);
    assert.deepEqual([doc.file, doc.error, doc.runs.length], ['course/index.html', null, 1]);
    const [run] = doc.runs;
    assert.deepEqual([run.status, run.epochs, run.loss.length], ['completed', 200, 200]);
    const values = Object.values(run.variables) as number[];
    assert.equal(values.length, 1);
    assert.ok(Math.abs(values[0] - LESSON_FINAL_X) < 1e-7, `x = ${values[0]}`);
    assert.equal(stderr.split('\n')[0], standIn, "the page's note and prints go to stderr");
    const [[name, first]] = Object.entries(run.firstStep) as [string, { gradient: number; state: object; step: number }][];
    assert.equal(name, Object.keys(run.variables)[0], 'the first step of the variable the page trains');
    assert.ok(Math.abs(first.gradient - 1433.76) < 1e-3, `its gradient at 4.12: ${first.gradient}`);
    assert.deepEqual(first.state, {}, 'sgd keeps no state');
    assert.ok(Math.abs(first.step - (LESSON_X_AFTER_ONE_EPOCH - LESSON_START_X)) < 1e-6, `its step: ${first.step}`);
  });

  it('names no version when the page asks for the one Descent has', () => {
    const file = page('same.html', [`<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@${bundled}"></script>`, '<script src="scratch.js"></script>']);
    const { code, stdout } = descent('run', file);
    assert.equal(code, 0);
    assert.equal(stdout.split('\n')[0], `same.html: <script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@${bundled}"> runs as Descent's own tfjs ${bundled}.`);
  });

  it('exits 1 naming a script it cannot load, at its tag in the page', () => {
    const file = page('missing.html', ['<html><body>', `  <script src="${COURSE_TFJS_SRC}"></script>`, '    <script src="sratch.js"></script>', '</body></html>']);
    const { code, stdout, stderr } = descent('run', file, '--json');
    assert.equal(code, 1);
    const { error, runs } = JSON.parse(stdout);
    assert.deepEqual(runs, []);
    assert.deepEqual(error, { kind: 'compile', message: 'Cannot load <script src="sratch.js">: there is no file course/sratch.js.', file: 'course/missing.html', line: 3, column: 5 });
    assert.match(stderr, /✗ compile error: course\/missing\.html:3:5: Cannot load <script src="sratch\.js">/);
  });

  it('exits 1 with a runtime error inside a script file at its line there, not the page', () => {
    const throws = COURSE_FILES['scratch.js'].replace('ys.mul(x)', 'ys.mul(x).nope()');
    writeFileSync(join(dir, 'course', 'throws.js'), throws);
    const line = throws.split('\n').findIndex((text) => text.includes('nope')) + 1;
    const column = throws.split('\n')[line - 1].indexOf('nope') + 1;
    const file = page('throws.html', [`<script src="${COURSE_TFJS_SRC}"></script>`, '<script src="throws.js"></script>']);
    const { code, stdout } = descent('run', file, '--json');
    assert.equal(code, 1);
    const { error } = JSON.parse(stdout);
    assert.deepEqual({ ...error, message: undefined }, { kind: 'runtime', message: undefined, file: 'course/throws.js', line, column });
    assert.match(error.message, /nope is not a function/);
  });
});

describe('descent run --csv', () => {
  it("prints a row per epoch of every run, its loss and each recorded series, numbers that read back to the JSON document's", () => {
    const file = scratch('sweep.ts', [header, 'export default {', '  variables: { x: 4.12, w: [1, -2] },', '  data: { ys: [2, -5, 16, -24, 3] },', '  loss: ({ x, w, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean().add(w.square().sum()),', '  learningRate: [0.0001, 0.001], epochs: 30,', '};']);
    const csv = descent('run', file, '--csv', '--backend', 'cpu');
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'run,epoch,loss,x,w[0],w[1],‖w‖');
    assert.equal(lines.length, 1 + 2 * 30);
    const json = JSON.parse(descent('run', file, '--json', '--landscape', '--backend', 'cpu').stdout);
    json.runs.forEach((run: { label: string; loss: number[]; path: Record<string, number[]> }, r: number) => {
      for (let k = 0; k < 30; k++) {
        const fields = lines[1 + r * 30 + k].split(',');
        assert.deepEqual(fields.slice(0, 2), [run.label, String(k + 1)]);
        assert.equal(Number(fields[2]), run.loss[k], `${run.label} epoch ${k + 1}'s loss`);
        ['x', 'w[0]', 'w[1]', '‖w‖'].forEach((name, c) => assert.equal(Number(fields[3 + c]), run.path[name][k], `${run.label} epoch ${k + 1}'s ${name}`));
      }
    });
  });

  it('leaves a loss that was not finite empty, and the scratch\'s prints go to stderr', () => {
    const file = scratch('diverge.ts', [header, "console.log('hello');", 'export default {', '  variables: { x: 4.12 },', '  data: { ys: [2, -5, 16, -24, 3] },', '  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),', '  learningRate: 1, epochs: 100,', '};']);
    const csv = descent('run', file, '--csv');
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.trimEnd().split('\n').slice(1).map((line) => line.split(','));
    assert.equal(rows.at(-1)?.[2], '', 'the epoch that diverged has no loss');
    assert.ok(rows.slice(0, -1).every((row) => Number.isFinite(Number(row[2])) && row[2] !== ''), 'every epoch before it has one');
    assert.match(csv.stderr, /hello/);
    assert.doesNotMatch(csv.stdout, /hello/);
  });
});

describe('descent run --landscape', () => {
  /** The trainer records each run's path (progress.path) from the epoch it lands; until then a run's path is empty. */
  const lesson = () => JSON.parse(descent('run', 'scratch.ts', '--json', '--landscape').stdout);
  const lineFit = () => {
    const file = scratch('line.ts', [lineFitConfig(0.5, 0.25, "['sgd', 'adam']")]);
    const run = descent('run', file, '--json', '--landscape');
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout);
  };

  it("adds the lesson's curve to the document: x from −5.15 to 5.15, loss 174·x²", () => {
    const { landscape, error } = lesson();
    assert.equal(error, null);
    assert.deepEqual(landscape.variables, ['x']);
    assert.equal(landscape.axes.length, 1);
    const [xs] = landscape.axes;
    assert.equal(xs.length, 101);
    assert.ok(Math.abs(xs[0] + 5.15) < 1e-12 && Math.abs(xs[100] - 5.15) < 1e-12);
    assert.equal(landscape.loss.length, 101);
    xs.forEach((x: number, i: number) => assert.ok(Math.abs(landscape.loss[i] - 174 * x * x) <= 1e-5 * 174 * x * x + 1e-9, `L(${x}) = ${landscape.loss[i]}`));
    assert.ok(Math.abs(landscape.loss[xs.findIndex((x: number) => Math.abs(x - LESSON_START_X) < 1e-12)] - LESSON_FIRST_LOSS) < 1e-3);
  });

  it("gives each run its path: x after every epoch, from 3.976624 to the run's final x", () => {
    const [run] = lesson().runs;
    assert.deepEqual(Object.keys(run.path), ['x']);
    assert.equal(run.path.x.length, run.epochs);
    assert.ok(Math.abs(run.path.x[0] - LESSON_X_AFTER_ONE_EPOCH) < 1e-6, `x after epoch 1: ${run.path.x[0]}`);
    assert.equal(run.path.x[run.epochs - 1], run.variables.x);
  });

  it('adds a line fit’s surface: two axes, loss[i][j] at (m_i, b_j), lowest at the least-squares (m, b)', () => {
    const { landscape } = lineFit();
    assert.deepEqual(landscape.variables, ['m', 'b']);
    const [ms, bs] = landscape.axes;
    assert.deepEqual([ms.length, bs.length], [41, 41]);
    assert.equal(landscape.loss.length, 41);
    assert.ok(landscape.loss.every((row: unknown[]) => row.length === 41));
    const flat = { axes: landscape.axes, loss: landscape.loss.flat() };
    assert.ok(holdsPoint(flat, [0.5, 0.25]), 'the start');
    const [i, j] = lowestPoint(flat)!;
    const best = leastSquaresLine();
    assert.ok(Math.abs(ms[i] - best.m) <= ms[1] - ms[0] && Math.abs(bs[j] - best.b) <= bs[1] - bs[0], `lowest at (${ms[i]}, ${bs[j]})`);
  });

  it('holds every run’s path across the line fit’s surface, each path ending at its run’s (m, b)', () => {
    const { landscape, runs } = lineFit();
    const flat = { axes: landscape.axes, loss: landscape.loss.flat() };
    assert.equal(runs.length, 2);
    for (const run of runs) {
      assert.deepEqual(Object.keys(run.path).sort(), ['b', 'm']);
      assert.equal(run.path.m.length, run.epochs);
      run.path.m.forEach((m: number, k: number) => assert.ok(holdsPoint(flat, [m, run.path.b[k]]), `${run.label} after epoch ${k + 1}`));
      assert.deepEqual([run.path.m[run.epochs - 1], run.path.b[run.epochs - 1]], [run.variables.m, run.variables.b]);
    }
  });

  it('prints one line with the range and the lowest point in text mode', () => {
    const { code, stdout } = descent('run', 'scratch.ts', '--landscape');
    assert.equal(code, 0);
    assert.equal(stdout.trim().split('\n').pop(), 'landscape · x from -5.15 to 5.15 (101 points) · lowest loss 0 at x = 0');
  });

  it("draws a vector's two components as a line fit's m and b, its minimum at the least-squares line", () => {
    const file = scratch('vector.ts', [lineFitVectorConfig(0.5, 0.25)]);
    const run = descent('run', file, '--json', '--landscape');
    assert.equal(run.code, 0, run.stderr);
    const { landscape, runs } = JSON.parse(run.stdout);
    assert.deepEqual(landscape.variables, ['w[0]', 'w[1]']);
    const flat = { axes: landscape.axes, loss: landscape.loss.flat() };
    assert.ok(holdsPoint(flat, [0.5, 0.25]), 'the start');
    const [i, j] = lowestPoint(flat)!;
    const [ms, bs] = landscape.axes;
    const best = leastSquaresLine();
    assert.ok(Math.abs(ms[i] - best.m) <= ms[1] - ms[0] && Math.abs(bs[j] - best.b) <= bs[1] - bs[0], `lowest at (${ms[i]}, ${bs[j]})`);
    const [{ path, epochs, variables }] = runs;
    assert.deepEqual(Object.keys(path), ['w[0]', 'w[1]', '‖w‖']);
    assert.deepEqual([path['w[0]'][epochs - 1], path['w[1]'][epochs - 1]], variables.w);
    path['w[0]'].forEach((m: number, k: number) => assert.ok(holdsPoint(flat, [m, path['w[1]'][k]]), `after epoch ${k + 1}`));
  });

  it('says why there is no landscape for a tensor of three components, and exits 1', () => {
    const file = scratch('tensor.ts', [header, 'export default {', '  variables: { w: [1, 2, 3] },', '  loss: ({ w }: Record<string, tf.Tensor>) => w.square().sum(),', '  learningRate: 0.05, epochs: 3,', '};']);
    const text = descent('run', file, '--landscape');
    assert.equal(text.code, 1);
    assert.match(text.stderr, /^descent: no landscape: --landscape draws the loss over one or two scalar variables or components, and the runs follow 3: w\[0\], w\[1\], w\[2\]\.$/m);
    assert.match(text.stdout, /✓ sgd lr=0\.05 completed · 3 epochs/, 'the runs are reported all the same');
    const json = descent('run', file, '--json', '--landscape');
    assert.equal(json.code, 1);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.landscape, null);
    assert.equal(doc.runs[0].status, 'completed');
  });

  it('says why there is no landscape for a tensor too large to follow', () => {
    const file = scratch('large.ts', [header, 'export default {', '  variables: { w: Array.from({ length: 100 }, () => 1) },', '  loss: ({ w }: Record<string, tf.Tensor>) => w.square().sum(),', '  learningRate: 0.05, epochs: 3,', '};']);
    const text = descent('run', file, '--landscape');
    assert.equal(text.code, 1);
    assert.match(text.stderr, /^descent: no landscape: .*, and the runs follow none: its variables are tensors too large to follow \(w \[100\]\)\.$/m);
  });

  it("runs the course's scratch.js, which uses the page's global tf, to x ≈ 0.0034543", () => {
    const file = scratch('course.js', [LESSON_PAGE_CODE]);
    const { code, stdout, stderr } = descent('run', file);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Float32Array\(1\) \[ 4\.119999885559082 \]$/m);
    assert.match(stdout, /^✓ sgd lr=0\.0001 completed · 200 epochs in .* · loss 0\.00207\d* · x = 0\.0034543 · tensors leaked 4$/m);
  });

  it('ends a run whose async loop fails with that error, at the learner’s line, never as completed', () => {
    const file = scratch('asyncFails.js', [
      'const x = tf.variable(tf.scalar(4.12));',
      'const ys = tf.tensor([2, -5, 16, -24, 3]);',
      'const optimizer = tf.train.sgd(0.0001);',
      'async function train() {',
      '  for (let i = 0; i < 20; i++) {',
      '    optimizer.minimize(() => ys.mul(i < 10 ? x : ys).square().mean());',
      '    await tf.nextFrame();',
      '  }',
      '}',
      'train();',
    ]);
    const { code, stdout } = descent('run', file, '--json');
    assert.equal(code, 1);
    const { runs, error } = JSON.parse(stdout);
    assert.equal(error.kind, 'runtime');
    assert.equal(error.line, 6);
    assert.match(error.message, /^The loss does not use the variables it should train \(x\)/);
    assert.ok(runs.every((run: { status: string }) => run.status !== 'completed'), JSON.stringify(runs));
  });

  it('draws the landscape of an async loop, whose first epoch comes after an await', () => {
    const file = scratch('asyncLandscape.js', [
      'const x = tf.variable(tf.scalar(4.12));',
      'const ys = tf.tensor([2, -5, 16, -24, 3]);',
      'const optimizer = tf.train.sgd(0.0001);',
      'async function train() {',
      '  await tf.nextFrame();',
      '  for (let i = 0; i < 50; i++) {',
      '    optimizer.minimize(() => ys.mul(x).square().mean());',
      '    await tf.nextFrame();',
      '  }',
      '}',
      'train();',
    ]);
    const { code, stdout, stderr } = descent('run', file, '--json', '--landscape');
    assert.equal(code, 0, stderr);
    const { runs, landscape, error } = JSON.parse(stdout);
    assert.equal(error, null);
    assert.equal(runs[0].epochs, 50);
    assert.deepEqual(landscape.variables, ['x']);
    assert.ok(holdsPoint(landscape, [LESSON_START_X]));
  });

  it('stops an async loop that never ends at --timeout, as it stops a synchronous one', () => {
    const file = scratch('forever.js', [
      'const x = tf.variable(tf.scalar(4.12));',
      'const optimizer = tf.train.sgd(0.0001);',
      'setInterval(() => optimizer.minimize(() => x.square()), 1);',
    ]);
    const { code, stdout } = descent('run', file, '--json', '--timeout', '2');
    assert.equal(code, 1);
    assert.equal(JSON.parse(stdout).error.kind, 'timeout');
  });

  it('says a lesson mistake in plain words with its file, line and column', () => {
    const file = scratch('mistake.js', [LESSON_PAGE_CODE.replace('const x = tf.variable(tf.scalar(4.12));', 'var x = tf.variable(4.12);')]);
    const text = descent('run', file);
    assert.equal(text.code, 1);
    assert.match(text.stdout + text.stderr, /mistake\.js:1:\d+: tf\.variable needs a tensor, not the number 4\.12: write tf\.variable\(tf\.scalar\(4\.12\)\)\./);
  });
});
