// Packages the extension the way it ships (`npm run package`), so the e2e tests install the real .vsix.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';

const PACKAGE_TIMEOUT_MS = 180_000;

/** Runs `npm run package` in the repository and returns the path of the descent.vsix it wrote. */
export function packageExtension(): Promise<string> {
  const vsix = join(REPO_ROOT, 'descent.vsix');
  return new Promise((resolve, reject) => {
    execFile('npm', ['run', 'package'], { cwd: REPO_ROOT, timeout: PACKAGE_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`npm run package failed: ${error.message}\n${`${stdout}\n${stderr}`.trim().slice(-3000)}`));
      } else if (!existsSync(vsix)) {
        reject(new Error(`npm run package did not write ${vsix}`));
      } else {
        resolve(vsix);
      }
    });
  });
}
