// The extension host's compiler: esbuild's browser build in a worker thread of this process,
// which needs no `node` on PATH (a machine with VS Code alone has none) and compiles as the
// Node API does.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileScratch } from '../../src/node/compile';
import { Compiler } from '../../src/desktop/compiler';
import { COURSE_FILES } from '../support/coursePage';
import { exportsOf } from '../support/scratchRuns';

const THREAD = join(__dirname, '..', '..', 'compilerThread.js');
const LESSON = readFileSync(join(__dirname, '..', '..', '..', 'media', 'examples', 'lesson.ts'), 'utf8');

describe('the extension host compiles in its own process, with no node on PATH', () => {
  let compiler: Compiler;
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'descent-compiler-'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'index.ts'), "export { start } from './start';\n");
    writeFileSync(join(dir, 'lib', 'start.ts'), 'export const start: number = 4.12;\n');
    // The thread takes the environment it is started with: one where spawning `node` would fail.
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      compiler = new Compiler(THREAD);
      compiler.warmUp();
    } finally {
      process.env.PATH = path;
    }
  });
  after(() => compiler.dispose());

  it('compiles the lesson exactly as the Node API does', async () => {
    const scratch = { text: LESSON, file: 'lesson.ts', dir };
    const [inProcess, nodeApi] = await Promise.all([compiler.compile(scratch), compileScratch(scratch)]);
    assert.ok(inProcess.ok, JSON.stringify(inProcess));
    assert.deepEqual(inProcess, nodeApi);
  });

  it("reads the learner's relative imports, folders with an index among them", async () => {
    const text = "import { start } from './lib';\nexport default { variables: { x: start } };\n";
    const compiled = await compiler.compile({ text, file: 'scratch.ts', dir });
    assert.ok(compiled.ok, JSON.stringify(compiled));
    if (!compiled.ok) return;
    const scratch = (await exportsOf(compiled.code)) as { default: unknown };
    assert.deepEqual(scratch.default, { variables: { x: 4.12 } });
    assert.deepEqual((JSON.parse(compiled.sourceMap).sources as string[]).sort(), ['lib/start.ts', 'scratch.ts']);
  });

  it('points a syntax error, and an import that is not there, at their line and column', async () => {
    const broken = await compiler.compile({ text: 'const a = 1;\nexport default {\n', file: 'broken.ts', dir });
    assert.deepEqual(broken.ok ? null : { ...broken.error, message: undefined }, { kind: 'compile', message: undefined, file: 'broken.ts', line: 3, column: 1 });
    const missing = await compiler.compile({ text: "\nimport './nowhere';\n", file: 'missing.ts', dir });
    assert.deepEqual(missing.ok ? null : missing.error, { kind: 'compile', message: 'Could not resolve "./nowhere"', file: 'missing.ts', line: 2, column: 8 });
  });

  it("reads a course page's scripts as the Node API does", async () => {
    const course = join(dir, 'course');
    mkdirSync(course);
    for (const [name, text] of Object.entries(COURSE_FILES)) writeFileSync(join(course, name), text);
    const page = { text: COURSE_FILES['index.html'], file: 'course/index.html', dir: course };
    const [inProcess, nodeApi] = await Promise.all([compiler.compile(page), compileScratch(page)]);
    assert.ok(inProcess.ok, JSON.stringify(inProcess));
    assert.deepEqual(inProcess, nodeApi);
    assert.deepEqual(JSON.parse(inProcess.sourceMap).sources, ['index.html', 'lesson.js', 'scratch.js']);
  });
});
