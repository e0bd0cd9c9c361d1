// Runs test/electron/index.ts inside a desktop VS Code through @vscode/test-electron. It needs a
// VS Code binary; this suite never downloads one.
import { runTests } from '@vscode/test-electron';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';

const executable = process.env.DESCENT_VSCODE_EXECUTABLE;
const skip = executable
  ? false
  : 'no VS Code binary on this machine (@vscode/test-electron downloads one, and this network cannot); set DESCENT_VSCODE_EXECUTABLE to a VS Code executable to run it';

it('passes the integration suite inside a desktop VS Code', { skip }, async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'descent-electron-'));
  copyFileSync(resolve('media', 'examples', 'lesson.ts'), join(workspace, 'scratch.ts'));
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: resolve('.'),
    extensionTestsPath: resolve('dist', 'test', 'electron', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
});
