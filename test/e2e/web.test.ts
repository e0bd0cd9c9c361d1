// Descent in VS Code for the Web, in code-server's web client: the user setting
// remote.extensionKind puts the extension's `browser` entry in the Web Worker extension host.
import { describe } from 'node:test';
import { workbenchSuite } from './suite';
import { name, publisher, WEB_HOST_FILES, webHostSteps } from './webHostSteps';
import { WITHOUT_TYPESCRIPT_CHECKS } from './workbench';

describe('Descent in the Web Worker extension host (code-server)', { timeout: 15 * 60_000 }, () => {
  const suite = workbenchSuite({
    name: 'web',
    files: WEB_HOST_FILES,
    settings: { ...WITHOUT_TYPESCRIPT_CHECKS, 'remote.extensionKind': { [`${publisher}.${name}`]: ['web'] } },
    stepTimeoutMs: 180_000,
  });
  webHostSteps(suite, 'web');
});
