import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileScratch } from '../../src/node/compile';
import { SCRATCH_SCOPE } from '../../src/shared/protocol';
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
