// IntelliSense with nothing installed: the real tsserver, started the way VS Code starts it with
// Descent's contributed plugin, answers for scratch files in a folder without node_modules.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
    this.process = spawn(process.execPath, [tsserver, '--globalPlugins', 'descent-typescript-plugin', '--pluginProbeLocations', REPO_ROOT, '--disableAutomaticTypingAcquisition']);
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

  /** Opens a file without waiting: `open` gets no response. */
  open(file: string): void {
    this.process.stdin.write(`${JSON.stringify({ seq: ++this.seq, type: 'request', command: 'open', arguments: { file } })}\n`);
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

interface Diagnostic {
  text: string;
  start: { line: number; offset: number };
}

describe('IntelliSense in a scratch file with nothing installed (tsserver with the Descent plugin)', () => {
  let server: TsServer;
  let folder: string;

  const scratch = (name: string, text: string) => {
    const file = join(folder, name);
    writeFileSync(file, text);
    server.open(file);
    return file;
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
});
