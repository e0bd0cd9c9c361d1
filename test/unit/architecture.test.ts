// The import rules of ARCHITECTURE.md, checked by dependency-cruiser against .dependency-cruiser.cjs:
// a broken rule fails here with the offending import named.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

it('every folder imports only what its room may: no cycles, no VS Code, Node or tfjs where they do not run', () => {
  const cruiser = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const checked = spawnSync(process.execPath, [cruiser, 'src', 'webview', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(checked.error, undefined);
  assert.equal(checked.status, 0, `${checked.stdout}${checked.stderr}`);
  assert.match(checked.stdout, /no dependency violations found \(\d+ modules/);
});
