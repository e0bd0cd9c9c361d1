// Reading an HTML page's scripts: which run, in which order, where their tags stand; and which of
// them load TensorFlow.js, in which version.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineAndColumn, pageScripts } from '../../src/shared/pageScripts';
import { tfjsScript } from '../../src/shared/tfjsScript';
import { COURSE_INDEX_HTML, COURSE_TFJS_SRC } from '../support/coursePage';

describe("a page's scripts", () => {
  it("finds the course page's scripts in document order, with the inline one's text", () => {
    const scripts = pageScripts(COURSE_INDEX_HTML);
    assert.deepEqual(
      scripts.map((s) => s.src ?? s.text.trim()),
      [COURSE_TFJS_SRC, 'lesson.js', 'scratch.js', "console.log(lesson + ': x = ' + x.dataSync()[0]);"],
    );
    assert.deepEqual(lineAndColumn(COURSE_INDEX_HTML, scripts[2].tagOffset), { line: 10, column: 3 });
    assert.equal(COURSE_INDEX_HTML.slice(scripts[3].textOffset).indexOf('console.log'), '\n    '.length);
  });

  it('skips comments and scripts a browser does not run, and reads any attribute spelling', () => {
    const html = [
      '<!-- <script src="old.js"></script> -->',
      '<SCRIPT type="text/template"><script src="inner.js"></script></SCRIPT>',
      '<script type="application/json">{"a": 1}</script>',
      "<script data-note='a > b' src=one.js></script>",
      '<script type="module" src="two.js"></script>',
      '<script type="text/javascript">var three = 3;</script>',
      '<scripted src="no.js"></scripted>',
    ].join('\n');
    assert.deepEqual(
      pageScripts(html).map((s) => s.src ?? s.text),
      ['one.js', 'two.js', 'var three = 3;'],
    );
  });
});

describe('a script tag that loads TensorFlow.js', () => {
  it('is known from a CDN or a copy beside the page, with the version it names', () => {
    const cases: [string, string | null][] = [
      [COURSE_TFJS_SRC, '2.0.0'],
      ['https://unpkg.com/@tensorflow/tfjs@1.7.4', '1.7.4'],
      ['https://cdn.jsdelivr.net/npm/@tensorflow/tfjs', null],
      ['https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@latest/dist/tf.min.js', null],
      ['https://cdnjs.cloudflare.com/ajax/libs/tensorflow/4.22.0/tf.min.js', '4.22.0'],
      ['node_modules/@tensorflow/tfjs/dist/tf.es2017.js', null],
      ['lib/tf.min.js?v=3', null],
      ['tf.js', null],
    ];
    for (const [src, version] of cases) assert.deepEqual(tfjsScript(src), { version }, src);
  });

  it('is not any other script, tfjs-vis and tfjs backends included', () => {
    for (const src of ['scratch.js', 'https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-vis', 'https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.js', 'https://cdn.jsdelivr.net/npm/chart.js', 'stuff.js']) {
      assert.equal(tfjsScript(src), null, src);
    }
  });
});
