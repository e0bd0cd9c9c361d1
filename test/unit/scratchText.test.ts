// Which files get a "Run Optimization" CodeLens, and on which line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { looksLikeScratch, runAnchorOffset } from '../../src/shared/scratchText';

const lineOf = (text: string) => {
  const offset = runAnchorOffset(text);
  return offset === null ? null : text.slice(0, offset).split('\n').length;
};

describe('scratch files and their run anchor', () => {
  it("anchors a config scratch at its export default (the lesson's example)", () => {
    const text = readFileSync('media/examples/lesson.ts', 'utf8');
    const line = lineOf(text);
    assert.ok(line !== null);
    assert.match(text.split('\n')[line - 1], /^export default \{/);
  });

  it("anchors the lesson form at its first minimize call (the lesson's own code)", () => {
    const text = readFileSync('media/examples/lesson-code.ts', 'utf8');
    const line = lineOf(text);
    assert.ok(line !== null);
    assert.match(text.split('\n')[line - 1], /\.minimize\(/);
  });

  it('knows tfjs imports in their usual spellings', () => {
    for (const text of [
      "import * as tf from '@tensorflow/tfjs';",
      'import {train} from "@tensorflow/tfjs"',
      "const tf = require('@tensorflow/tfjs');",
      "import '@tensorflow/tfjs-core';",
    ]) {
      assert.ok(looksLikeScratch(text), text);
    }
  });

  it('leaves other files alone', () => {
    assert.equal(runAnchorOffset('export default { a: 1 };'), null);
    assert.equal(runAnchorOffset("import * as tfvis from '@tensorflow/tfjs-vis';\nexport default {};"), null);
    assert.equal(runAnchorOffset("import * as tf from '@tensorflow/tfjs';\nconsole.log(tf.version);"), null);
  });
});
