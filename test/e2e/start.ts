// `npm start`: opens VS Code with Descent loaded and the example scratch files as the workspace.
// The desktop `code` in extension-development mode where it is installed, otherwise the cached
// code-server on 127.0.0.1, whose address is printed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';
import { startCodeServer } from './codeServer';
import { packageExtension } from './packaging';

const PLAYGROUND = join(REPO_ROOT, '.playground');

function preparePlayground(): void {
  if (!existsSync(PLAYGROUND)) cpSync(join(REPO_ROOT, 'media', 'examples'), PLAYGROUND, { recursive: true });
}

function hasDesktopCode(): boolean {
  return !process.env.CI && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  preparePlayground();
  if (hasDesktopCode()) {
    spawn('code', [`--extensionDevelopmentPath=${REPO_ROOT}`, PLAYGROUND], { stdio: 'inherit', detached: true }).unref();
    console.log(`Opened VS Code with Descent on ${PLAYGROUND}. Open lesson.ts, press F1, run "Descent: Run Optimization".`);
    return;
  }
  console.log('No desktop VS Code found; packaging Descent and starting code-server (the first start installs it, a few minutes)…');
  const server = await startCodeServer({ workspace: PLAYGROUND, vsix: await packageExtension() });
  console.log(`\nDescent is running in VS Code for the web: ${server.workspaceUrl}`);
  console.log('Open lesson.ts, press F1, run "Descent: Run Optimization". Ctrl+C stops the server.');
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
