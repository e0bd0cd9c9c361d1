// Which files get a "Run Optimization" CodeLens, and on which line; where a run's final values go.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { RunSummary } from '../../src/shared/protocol';
import { looksLikeScratch, mayImportOtherFiles, pageRunAnchorOffset, resultAnchorOffset, runAnchorOffset } from '../../src/shared/scratchText';
import { inlineResultText } from '../../src/shared/wording';
import { COURSE_INDEX_HTML } from '../support/coursePage';
import { LESSON_PAGE_CODE } from '../support/lesson';

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

  it("anchors the course's scratch.js, which uses the page's global tf, at its minimize call", () => {
    assert.equal(lineOf(LESSON_PAGE_CODE), 7);
    assert.ok(resultAnchorOffset(LESSON_PAGE_CODE) !== null);
  });

  it('leaves other files alone', () => {
    assert.equal(runAnchorOffset('export default { a: 1 };'), null);
    assert.equal(runAnchorOffset("import * as tf from './myTensors';\nconst x = tf.variable(1);\nopt.minimize(f);"), null, 'a tf of its own is not the page’s');
    assert.equal(runAnchorOffset('const w = stf.variable(1);\nopt.minimize(f);'), null);
    assert.equal(runAnchorOffset("import * as tfvis from '@tensorflow/tfjs-vis';\nexport default {};"), null);
    assert.equal(runAnchorOffset("import * as tf from '@tensorflow/tfjs';\nconsole.log(tf.version);"), null);
  });
});

describe("the course's index.html and its run anchor", () => {
  it('anchors a page at its script tag that loads tfjs', () => {
    const offset = pageRunAnchorOffset(COURSE_INDEX_HTML);
    assert.ok(offset !== null);
    assert.match(COURSE_INDEX_HTML.slice(offset), /^<script src="https:\/\/cdn\.jsdelivr\.net\/npm\/@tensorflow\/tfjs@2\.0\.0\//);
  });

  it('leaves pages that do not load tfjs alone, also one that names it only in a comment', () => {
    for (const html of [
      '<html><body><h1>Hello</h1><script src="app.js"></script></body></html>',
      '<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-vis"></script>',
      '<!-- <script src="tf.min.js"></script> -->\n<script src="main.js"></script>',
    ]) {
      assert.equal(pageRunAnchorOffset(html), null, html);
    }
  });
});

describe('a scratch that may import other files (compiled at Run, never ahead of it)', () => {
  it("sees a page's script files", () => {
    assert.equal(mayImportOtherFiles(COURSE_INDEX_HTML), true);
  });

  it("sees relative imports in every spelling, and none in the lesson's files", () => {
    for (const text of ["import { ys } from './data';", 'import fit from "../fit";', "const d = require('./data.json');", 'const m = await import(`./model`);']) {
      assert.equal(mayImportOtherFiles(text), true, text);
    }
    for (const file of ['lesson.ts', 'lesson-code.ts']) assert.equal(mayImportOtherFiles(readFileSync(`media/examples/${file}`, 'utf8')), false, file);
  });
});

describe("where a run's final values go", () => {
  const lineAt = (text: string) => {
    const offset = resultAnchorOffset(text);
    return offset === null ? null : text.split('\n')[text.slice(0, offset).split('\n').length - 1];
  };

  it("at the end of a config's variables line, and of the lesson form's first tf.variable line", () => {
    assert.match(lineAt(readFileSync('media/examples/lesson.ts', 'utf8')) ?? '', /^\s+variables: \{ x: 4\.12 \},$/);
    assert.match(lineAt(readFileSync('media/examples/lesson-code.ts', 'utf8')) ?? '', /tf\.variable\(/);
  });

  it("skips a variables: that comes before the export default, and has none in a file without one", () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'const variables: string[] = [];', 'export default {', '  loss: () => tf.scalar(1),', '  variables:', '    { x: 1 },', '};'].join('\n');
    assert.equal(lineAt(text), '  variables:');
    assert.equal(resultAnchorOffset("import * as tf from '@tensorflow/tfjs';\nexport default {};"), null);
    assert.equal(resultAnchorOffset('export default { variables: { x: 1 } };'), null, 'not a scratch file');
  });

  it('words the values and the loss, and of several runs the one with the lowest loss', () => {
    const run = (label: string, finalLoss: number | null, x: number): RunSummary => ({ label, optimizer: { name: 'sgd', learningRate: 0.1 }, status: 'completed', epochs: 1, finalLoss, variables: { x }, backend: 'cpu', tensorsLeaked: 0, ms: 1, reason: null });
    assert.equal(inlineResultText([run('sgd lr=0.0001', 0.0020762, 0.0034543)]), '→ x = 0.0034543 · loss 0.0020762');
    assert.equal(inlineResultText([run('sgd', 2, 1), run('adam', 0.5, 0.2), run('rmsprop', null, NaN)]), '→ adam (lowest loss of 3): x = 0.2 · loss 0.5');
    assert.equal(inlineResultText([]), '');
  });
});
