// IntelliSense with nothing installed: the real tsserver, started the way VS Code starts it with
// Descent's contributed plugin, answers for scratch files in a folder without node_modules.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

interface Response {
  request_seq: number;
  success: boolean;
  message?: string;
  body?: unknown;
}

/** tsserver over stdio: requests as JSON lines, responses framed by Content-Length. */
class TsServer {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, (response: Response) => void>();
  private buffer = Buffer.alloc(0);
  private seq = 0;

  constructor() {
    const tsserver = join(REPO_ROOT, 'node_modules', 'typescript', 'lib', 'tsserver.js');
    // As VS Code starts it: files opened with a project root share that root's inferred project.
    this.process = spawn(process.execPath, [
      tsserver,
      '--globalPlugins',
      'descent-typescript-plugin',
      '--pluginProbeLocations',
      REPO_ROOT,
      '--disableAutomaticTypingAcquisition',
      '--useInferredProjectPerProjectRoot',
    ]);
    this.process.stdout.on('data', (chunk: Buffer) => this.read(chunk));
  }

  request<T>(command: string, args: object): Promise<T> {
    const seq = ++this.seq;
    this.process.stdin.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    return new Promise<Response>((answer) => this.waiting.set(seq, answer)).then((response) => {
      if (!response.success) throw new Error(`tsserver ${command}: ${response.message}`);
      return response.body as T;
    });
  }

  /** Opens a file without waiting: `open` gets no response. Without a project root the file gets a project of its own. */
  open(file: string, projectRootPath?: string): void {
    this.process.stdin.write(`${JSON.stringify({ seq: ++this.seq, type: 'request', command: 'open', arguments: { file, projectRootPath } })}\n`);
  }

  /** Types `text` at the start of an open file; `change` gets no response either. */
  typeAtStart(file: string, text: string): void {
    const args = { file, line: 1, offset: 1, endLine: 1, endOffset: 1, insertString: text };
    this.process.stdin.write(`${JSON.stringify({ seq: ++this.seq, type: 'request', command: 'change', arguments: args })}\n`);
  }

  stop(): void {
    this.process.kill();
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const header = /^Content-Length: (\d+)\r\n\r\n/.exec(this.buffer.toString('latin1', 0, Math.min(this.buffer.length, 64)));
      if (!header) return;
      const start = header[0].length;
      const end = start + Number(header[1]);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.toString('utf8', start, end)) as Response & { type: string };
      this.buffer = this.buffer.subarray(end);
      if (message.type === 'response') this.waiting.get(message.request_seq)?.(message);
    }
  }
}

/** The lesson's own code as the course's scratch.js has it: no import, the page's global `tf`. */
const COURSE_SCRATCH = readFileSync(join(REPO_ROOT, 'media', 'examples', 'lesson-code.ts'), 'utf8').replace("import * as tf from '@tensorflow/tfjs';\n", '');

/** tsserver's 1-based line and offset just after the first `before` in `text`. */
function positionAfter(text: string, before: string): { line: number; offset: number } {
  const at = text.indexOf(before);
  if (at < 0) throw new Error(`the text has no "${before}"`);
  const lines = text.slice(0, at + before.length).split('\n');
  return { line: lines.length, offset: (lines.at(-1) ?? '').length + 1 };
}

interface CodeEdits {
  changes: { textChanges: { newText: string }[] }[];
}

/** What a fix inserts, each piece trimmed. */
const newTexts = (edits: CodeEdits) => edits.changes.flatMap((change) => change.textChanges.map((t) => t.newText.trim())).join(' ');

interface Diagnostic {
  text: string;
  start: { line: number; offset: number };
}

describe('IntelliSense in a scratch file with nothing installed (tsserver with the Descent plugin)', () => {
  let server: TsServer;
  let folder: string;

  /** Writes and opens a file; under `root`, a folder that is the project root of the files in it. */
  const scratch = (name: string, text: string, root?: string) => {
    const file = root ? join(folder, root, name) : join(folder, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    server.open(file, root && join(folder, root));
    return file;
  };
  const completionsAt = async (file: string, text: string, before: string) => {
    const body = await server.request<{ entries: { name: string }[] }>('completionInfo', { file, ...positionAfter(text, before) });
    return body.entries.map((entry) => entry.name);
  };
  const errorsOf = async (file: string) => {
    const found = await Promise.all(
      ['syntacticDiagnosticsSync', 'semanticDiagnosticsSync'].map((command) => server.request<Diagnostic[]>(command, { file })),
    );
    return found.flat().map((d) => `${d.start.line}:${d.start.offset} ${d.text}`);
  };

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'descent-intellisense-'));
    server = new TsServer();
    // What VS Code gives files outside any tsconfig (typescript-language-features' defaults).
    await server.request('compilerOptionsForInferredProjects', {
      options: { module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', allowJs: true, allowSyntheticDefaultImports: true, allowNonTsExtensions: true, strictNullChecks: true, strictFunctionTypes: true },
    });
  });
  after(() => {
    server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('completes tf. with tfjs names, train among them', async () => {
    const text = "import * as tf from '@tensorflow/tfjs';\nconst optimizer = tf.";
    const file = scratch('scratch.ts', text);
    const body = await server.request<{ entries: { name: string }[] }>('completionInfo', { file, line: 2, offset: 'const optimizer = tf.'.length + 1 });
    const names = body.entries.map((entry) => entry.name);
    for (const name of ['train', 'variable', 'tensor1d', 'tidy', 'sequential']) assert.ok(names.includes(name), `tf. completes ${name}; got ${names.length} names`);
  });

  it('types the lesson scratch and the tf.train optimizers without errors', async () => {
    const file = scratch('lesson.ts', readFileSync(join(REPO_ROOT, 'media', 'examples', 'lesson.ts'), 'utf8'));
    assert.deepEqual(await errorsOf(file), []);
    const quickInfo = await server.request<{ displayString: string }>('quickinfo', { file, line: 8, offset: 'loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.'.length + 1 });
    assert.match(quickInfo.displayString, /ys: tf\.Tensor<tf\.Rank>/);
  });

  it("checks a defineOptimization config's fields and types its loss arguments", async () => {
    const good = scratch('line-fit.ts', readFileSync(join(REPO_ROOT, 'media', 'examples', 'line-fit.ts'), 'utf8'));
    assert.deepEqual(await errorsOf(good), []);

    const config = (optimizer: string, logEvery: string) =>
      [
        "import { defineOptimization } from 'descent';",
        'export default defineOptimization({',
        '  variables: { x: 4.12 },',
        '  data: { ys: [2, -5, 16, -24, 3] },',
        '  loss: ({ x, ys }) => ys.mul(x).square().mean(),',
        `  optimizer: '${optimizer}',`,
        '  epochs: 200,',
        `  ${logEvery}: 20,`,
        '});',
      ].join('\n');
    const unknownOptimizer = await errorsOf(scratch('unknown-optimizer.ts', config('adamw', 'logEvery')));
    assert.ok(unknownOptimizer.some((e) => e.startsWith('6:') && /"adamw"/.test(e)), `an unknown optimizer is marked on line 6:\n${unknownOptimizer.join('\n')}`);
    const misspelt = scratch('misspelt.ts', config('adam', 'logEvry'));
    const misspeltField = await errorsOf(misspelt);
    assert.ok(misspeltField.some((e) => e.startsWith('8:') && /logEvry/.test(e)), `a misspelt field is marked on line 8:\n${misspeltField.join('\n')}`);

    const lossArgument = await server.request<{ displayString: string }>('quickinfo', { file: misspelt, line: 5, offset: '  loss: ({ x, '.length + 1 });
    assert.match(lossArgument.displayString, /ys: Tensor/);
  });

  for (const name of ['scratch.js', 'scratch.ts']) {
    it(`gives a ${name} that names the global tf with no import, as the course's does, tfjs there`, async () => {
      assert.doesNotMatch(COURSE_SCRATCH, /import/);
      // Checked, so that a name it cannot find would be reported in JavaScript too.
      const text = name.endsWith('.js') ? `// @ts-check\n${COURSE_SCRATCH}` : COURSE_SCRATCH;
      const file = scratch(name, text, `course-${name.replace('.', '-')}`);
      const names = await completionsAt(file, text, 'const optimizer = tf.');
      assert.ok(names.includes('train'), `tf. completes train; got ${names.length} names`);
      const hover = await server.request<{ displayString: string; documentation: string }>('quickinfo', { file, ...positionAfter(text, 'tf.v') });
      assert.match(hover.displayString, /variable/);
      assert.match(hover.documentation, /Creates a new variable/);
      assert.deepEqual(await errorsOf(file), []);
    });
  }

  it('gives a module, one that imports something else, no global tf, even beside a scratch that has it', async () => {
    const root = 'course-and-module';
    const course = scratch('scratch.ts', COURSE_SCRATCH, root);
    assert.deepEqual(await errorsOf(course), []);
    const text = "import { defineOptimization } from 'descent';\n\nexport const optimizer = tf.train.sgd(0.0001);\nexport { defineOptimization };\n";
    const file = scratch('module.ts', text, root);
    const errors = await errorsOf(file);
    const { line, offset } = positionAfter(text, 'optimizer = ');
    assert.ok(errors.some((e) => e.startsWith(`${line}:${offset} `) && e.includes("'tf'")), `an error for tf at ${line}:${offset}:\n${errors.join('\n')}`);

    // Its quick fix imports tfjs, not the file in the extension that declares the global.
    const span = { file, startLine: line, startOffset: offset, endLine: line, endOffset: offset + 'tf'.length };
    const fixes = await server.request<(CodeEdits & { description: string })[]>('getCodeFixes', { ...span, errorCodes: [2686] });
    assert.deepEqual(
      fixes.map((fix) => `${fix.description}: ${newTexts(fix)}`),
      [`Add import from "@tensorflow/tfjs": import * as tf from '@tensorflow/tfjs';`],
    );
    // "Add all missing imports", which takes this error along with the others it fixes.
    const all = await server.request<CodeEdits>('getCombinedCodeFix', { scope: { type: 'file', args: { file } }, fixId: 'fixMissingImport' });
    assert.equal(newTexts(all), "import * as tf from '@tensorflow/tfjs';");
  });

  it('leaves the global out of a project with no such script, so its program never loads tfjs for it', async () => {
    const root = 'modules-only';
    scratch('rate.ts', 'export const rate = 0.1;\n', root);
    const file = scratch('module.ts', "import { rate } from './rate';\nexport const halved = rate / 2;\n", root);
    const info = await server.request<{ fileNames: string[] }>('projectInfo', { file, needFileNameList: true });
    assert.ok(info.fileNames.some((name) => name.endsWith('/rate.ts')), 'the project holds what the module imports');
    assert.ok(!info.fileNames.some((name) => name.endsWith('tf-global.d.ts') || name.includes('@tensorflow')), `no tfjs in the project:\n${info.fileNames.join('\n')}`);
  });

  it('gives tf to an empty script once the learner types it', async () => {
    const file = scratch('scratch.js', '', 'typed-in');
    assert.ok(!(await completionsAt(file, '', '')).includes('tf'), 'no global tf before any file names it');
    server.typeAtStart(file, 'tf.');
    const names = await completionsAt(file, 'tf.', 'tf.');
    assert.ok(names.includes('train'), `tf. completes train; got ${names.length} names`);
  });

  it("gives the global tf the workspace's own tfjs where it has one", async () => {
    const root = 'own-tfjs';
    const tfjs = join(folder, root, 'node_modules', '@tensorflow', 'tfjs');
    mkdirSync(tfjs, { recursive: true });
    writeFileSync(join(tfjs, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs', version: '0.0.1', types: 'index.d.ts' }));
    writeFileSync(join(tfjs, 'index.d.ts'), 'export declare function ownTfjs(): void;\n');
    const text = 'tf.';
    const names = await completionsAt(scratch('scratch.js', text, root), text, 'tf.');
    assert.ok(names.includes('ownTfjs') && !names.includes('train'), `tf. completes the workspace's tfjs; got ${names.slice(0, 10).join(', ')}`);
  });
});
