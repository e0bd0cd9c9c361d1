import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileScratch } from '../../src/node/compile';
import { SCRATCH_SCOPE } from '../../src/shared/protocol';
import { COURSE_FILES } from '../support/coursePage';
import { exportsOf } from '../support/scratchRuns';

describe('compiling a scratch file in memory', () => {
  it('points a syntax error at its file, line and column', async () => {
    const text = ['const a = 1;', 'export default {', '  variables: { x: 4.12 }', '  loss: () => 0,', '};'].join('\n');
    const result = await compileScratch({ text, file: 'lessons/broken.ts', dir: tmpdir() });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual({ ...result.error, message: undefined }, { kind: 'compile', message: undefined, file: 'lessons/broken.ts', line: 4, column: 3 });
    assert.match(result.error.message, /Expected "}" but found "loss"/);
  });

  it('gives `descent` its defineOptimization at run time, which returns the config unchanged', async () => {
    const text = "import { defineOptimization } from 'descent';\nexport default defineOptimization({ epochs: 7 });\n";
    const result = await compileScratch({ text, file: 'scratch.ts', dir: tmpdir() });
    assert.ok(result.ok);
    if (!result.ok) return;
    const scratch = (await exportsOf(result.code)) as { default: unknown };
    assert.deepEqual(scratch.default, { epochs: 7 });
  });

  it('bundles relative imports and leaves tfjs to the runtime', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-compile-'));
    writeFileSync(join(dir, 'start.ts'), 'export const start: number = 4.12;\n');
    const text = "import * as tf from '@tensorflow/tfjs';\nimport { start } from './start';\nexport default { start, tf };\n";
    const result = await compileScratch({ text, file: 'scratch.ts', dir });
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.match(result.code, new RegExp(`globalThis\\.${SCRATCH_SCOPE}\\.tf`));
    assert.doesNotMatch(result.code, /class Tensor/, 'tfjs itself is not bundled');
    const map = JSON.parse(result.sourceMap) as { sources: string[] };
    assert.deepEqual(map.sources.filter((s) => !s.startsWith('descent-runtime:')).sort(), ['scratch.ts', 'start.ts']);
  });

  it('names an import that cannot be found, at its line', async () => {
    const text = "import { helper } from './missing';\nexport default helper;\n";
    const result = await compileScratch({ text, file: 'scratch.ts', dir: tmpdir() });
    assert.ok(!result.ok);
    if (result.ok) return;
    assert.match(result.error.message, /Could not resolve "\.\/missing"/);
    assert.equal(result.error.line, 1);
  });

  it('compiles plain JavaScript scratch files too', async () => {
    const result = await compileScratch({ text: 'export default { epochs: 3 };\n', file: 'scratch.js', dir: tmpdir() });
    assert.ok(result.ok);
  });
});

describe("compiling the course's index.html", () => {
  const course = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-course-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return (html: string) => compileScratch({ text: html, file: 'course/index.html', dir });
  };

  it("runs the page's scripts in order in one scope, tfjs's tag saying what stands in for it", async () => {
    const result = await course(COURSE_FILES)(COURSE_FILES['index.html']);
    assert.ok(result.ok, JSON.stringify(result));
    const printed: string[] = [];
    const fakeTf = { version: { tfjs: '9.9.9' }, variable: () => ({ dataSync: () => [0.5] }), scalar: () => 0, tensor: () => 0, train: { sgd: () => ({ minimize: () => undefined }) } };
    const print = (...args: unknown[]) => printed.push(args.join(' '));
    new Function('tf', 'console', 'globalThis', result.code)(fakeTf, { log: print, info: print }, { [SCRATCH_SCOPE]: { tf: fakeTf } });
    assert.deepEqual(printed, [
      `index.html: <script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@2.0.0/dist/tf.min.js"> runs as Descent's own tfjs 9.9.9 (the page asks for 2.0.0).`,
      '0.5',
      '0.5',
      'Optimizers: x = 0.5',
    ]);
  });

  it('points a syntax error in a script file at that file, line and column', async () => {
    const result = await course({ 'broken.js': 'var a = 1;\nvar b = = 2;\n' })('<p>\n<script src="tf.min.js"></script>\n<script src="broken.js"></script>');
    assert.deepEqual(result.ok ? null : { ...result.error, message: undefined }, { kind: 'compile', message: undefined, file: 'course/broken.js', line: 2, column: 9 });
  });

  it('points a syntax error in an inline script at its place in the page', async () => {
    const result = await course({})('<p>\n  <script>var ok = 1;\n  var b = = 2;</script>');
    assert.deepEqual(result.ok ? null : { ...result.error, message: undefined }, { kind: 'compile', message: undefined, file: 'course/index.html', line: 3, column: 11 });
  });

  it('names a script it cannot load, at its tag', async () => {
    const compile = course({});
    const missing = await compile('<p>\n  <script src="missing.js"></script>');
    assert.deepEqual(missing.ok ? null : missing.error, {
      kind: 'compile',
      message: 'Cannot load <script src="missing.js">: there is no file course/missing.js.',
      file: 'course/index.html',
      line: 2,
      column: 3,
    });
    const remote = await compile('<script src="https://cdn.jsdelivr.net/npm/chart.js"></script>');
    assert.ok(!remote.ok);
    assert.match(remote.error.message, /^Cannot load <script src="https:\/\/cdn\.jsdelivr\.net\/npm\/chart\.js">: Descent runs the page's own scripts/);
    assert.deepEqual([remote.error.line, remote.error.column], [1, 1]);
  });
});
