// Builds every bundle: the extension for VS Code's Node host and the CLI (node), the extension for
// its web host, the webview UI and the trainer worker (browser), and the test suites. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'silent',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'esbuild-wasm'] };
const browser = { ...common, platform: 'browser', format: 'iife', target: 'chrome110' };
// VS Code for the Web loads a `browser` entry as a CommonJS module in its Web Worker extension host.
const webHost = { ...common, platform: 'browser', format: 'cjs', target: 'chrome110', external: ['vscode'] };

/** Programs in the test tree besides the suites: the in-editor integration suite, `npm start` and `npm run bench`. */
const TEST_PROGRAMS = [
  join('test', 'electron', 'index.ts'),
  join('test', 'e2e', 'start.ts'),
  join('test', 'bench', 'bench.ts'),
  join('test', 'bench', 'nodeBareLoop.ts'),
];

/**
 * The TypeScript server plugin is a local package (a `file:` dependency, so npm links it into
 * node_modules, where tsserver looks for plugins). Its package.json is committed; the build fills
 * in the rest: the bundled plugin and the type definitions it resolves to, tfjs's own and
 * Descent's config, and the declaration of tfjs as the global `tf`.
 */
const TYPESCRIPT_PLUGIN = join('media', 'typescript-plugin');
// The backends' own types (kernels, GPGPU internals) would add 500 files for nothing a scratch uses.
const TFJS_PACKAGES = ['tfjs', 'tfjs-core', 'tfjs-layers', 'tfjs-converter', 'tfjs-data'];

function writeTypescriptPluginPackage() {
  const types = join(TYPESCRIPT_PLUGIN, 'types', 'node_modules');
  const writePackage = (dir, manifest) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  };
  const tensorflow = join(types, '@tensorflow');
  const shipped = existsSync(tensorflow) ? readdirSync(tensorflow) : [];
  for (const stale of shipped.filter((name) => !TFJS_PACKAGES.includes(name))) rmSync(join(tensorflow, stale), { recursive: true, force: true });
  for (const name of TFJS_PACKAGES) {
    const from = join('node_modules', '@tensorflow', name);
    const to = join(tensorflow, name);
    const { version, types: entry } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
    // A thousand files: copied once per tfjs version, not on every build (watch, tests and package build often).
    if (existsSync(join(to, 'package.json')) && JSON.parse(readFileSync(join(to, 'package.json'), 'utf8')).version === version) continue;
    rmSync(to, { recursive: true, force: true });
    cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true, filter: (path) => path.endsWith('.d.ts') || statSync(path).isDirectory() });
    writePackage(to, { name: `@tensorflow/${name}`, version, types: entry });
  }
  const descent = join(types, 'descent');
  writePackage(descent, { name: 'descent', types: 'index.d.ts' });
  cpSync(join('media', 'types', 'descent.d.ts'), join(descent, 'index.d.ts'));
  cpSync(join('media', 'types', 'tf-global.d.ts'), join(TYPESCRIPT_PLUGIN, 'types', 'tf-global.d.ts'));
}

/**
 * The wasm backend's binaries, loaded at run time from dist/webview/wasm (src/trainer/wasmBackend.ts):
 * the plain and the SIMD build. The threaded one needs cross-origin isolation, which a webview lacks.
 */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

function copyWasmFiles() {
  const to = join('dist', 'webview', 'wasm');
  mkdirSync(to, { recursive: true });
  for (const name of WASM_FILES) cpSync(join('node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist', name), join(to, name));
}

function testEntries(folder) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.test.ts') || TEST_PROGRAMS.includes(path)) found.push(path);
    }
  };
  walk(folder);
  return found;
}

const builds = [
  { ...node, entryPoints: ['src/desktop/extension.ts'], outfile: 'dist/extension.js' },
  { ...webHost, entryPoints: ['src/web/extension.ts'], outfile: 'dist/web/extension.js' },
  { ...node, entryPoints: ['src/node/compilerThread.ts'], outfile: 'dist/compilerThread.js' },
  { ...node, entryPoints: ['src/tsserver/typescriptPlugin.ts'], outfile: join(TYPESCRIPT_PLUGIN, 'index.js'), sourcemap: false },
  { ...node, entryPoints: ['src/cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/cli/cliTrainer.ts'], outfile: 'dist/cliTrainer.js' },
  { ...browser, entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js' },
  // The worker is started from a blob that puts the compiled scratch first, so it must be one classic script.
  { ...browser, entryPoints: ['webview/worker.ts'], outfile: 'dist/webview/worker.js', sourcemap: false },
  ...(production
    ? []
    : [
        {
          ...node,
          entryPoints: testEntries('test'),
          outdir: 'dist/test',
          outbase: 'test',
          external: [...node.external, 'playwright-core', '@vscode/test-electron'],
        },
        // The bench's plain-tfjs worker, started from a blob like the trainer's.
        { ...browser, entryPoints: ['test/bench/worker/plainLoopsWorker.ts'], outfile: 'dist/test/bench/worker/plainLoopsWorker.js', sourcemap: false },
        // The test workspace's file system in Code - OSS for the web (test/e2e/codeOss.ts serves it).
        { ...webHost, entryPoints: ['test/e2e/workspaceFs/extension.ts'], outfile: 'dist/test/e2e/workspaceFs/extension.js', sourcemap: false },
      ]),
];

/** Prints what VS Code's $esbuild-watch problem matcher reads (see .vscode/tasks.json). */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

writeTypescriptPluginPackage();
copyWasmFiles();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [problemMatcher] })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  // Test bundles of deleted tests must not linger and run again.
  if (!production) rmSync(join('dist', 'test'), { recursive: true, force: true });
  const results = await Promise.allSettled(builds.map((b) => esbuild.build(b)));
  const failed = results.filter((r) => r.status === 'rejected');
  for (const f of failed) {
    for (const e of f.reason.errors ?? [f.reason]) {
      console.error(e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : String(e.text ?? e));
    }
  }
  if (failed.length) process.exit(1);
}
