// The `browser` entry runs in a Web Worker extension host, where Node's modules are not: its
// bundle may require nothing but `vscode`, and loads no Node built-in in any other way.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { it } from 'node:test';

const BUNDLE = join(__dirname, '..', '..', 'web', 'extension.js');

it('the web extension bundle requires only vscode and imports no Node built-in', () => {
  const bundle = readFileSync(BUNDLE, 'utf8');
  const required = new Set([...bundle.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map(([, name]) => name));
  assert.deepEqual([...required], ['vscode']);
  const loaded = new Set([...bundle.matchAll(/(?:\bimport\s*\(\s*|\bfrom\s*)["'`]([^"'`]+)["'`]/g)].map(([, name]) => name));
  const builtins = builtinModules.filter((name) => loaded.has(name));
  assert.deepEqual(builtins, [], `the web bundle imports Node built-ins: ${builtins.join(', ')}`);
  assert.doesNotMatch(bundle, /["'`]node:[a-z]/, 'the web bundle names a node: module');
});
