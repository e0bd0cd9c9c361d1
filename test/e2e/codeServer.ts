// Installs and starts code-server (VS Code for the web, with a real extension host) for the
// end-to-end tests: one isolated profile per start, the packaged extension installed into it.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';
import { OutputTail, freePort, killProcessGroup, sleep, waitFor } from './processes';

const INSTALL_SCRIPT = join(REPO_ROOT, 'test', 'e2e', 'install-code-server.sh');

const INSTALL_TIMEOUT_MS = 10 * 60_000;
const EXTENSION_INSTALL_TIMEOUT_MS = 120_000;
const STARTUP_TIMEOUT_MS = 60_000;

function run(file: string, args: string[], timeoutMs: number, cwd = REPO_ROOT): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const tail = `${stderr}\n${stdout}`.trim().slice(-3000);
        reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}${tail ? `\n${tail}` : ''}`));
      } else {
        resolvePromise({ stdout, stderr });
      }
    });
  });
}

let installed: Promise<string> | undefined;

/** Installs code-server once (the script caches it outside the repo) and gives its binary path. */
export function ensureCodeServer(): Promise<string> {
  installed ??= run('bash', [INSTALL_SCRIPT], INSTALL_TIMEOUT_MS).then(({ stdout }) => {
    const binary = stdout.trim().split('\n').pop()?.trim();
    if (!binary) throw new Error(`${INSTALL_SCRIPT} printed no code-server path`);
    return binary;
  });
  return installed;
}

export interface CodeServerOptions {
  /** The folder VS Code opens. */
  workspace: string;
  /** A packaged extension to install first; omit to run code-server with no extension. */
  vsix?: string;
  /** false leaves Workspace Trust on, so the folder opens in Restricted Mode. */
  trusted?: boolean;
  /** A built-in theme label, e.g. "Default Light Modern" or "Default High Contrast". */
  colorTheme?: string;
  /** More user settings, merged over the defaults. */
  settings?: Record<string, unknown>;
  /**
   * Runs code-server in a mount namespace where every `node` on PATH (and on the login shell's,
   * which VS Code gives its extension host) is hidden, and its own Node is not on PATH: a machine
   * with VS Code and no Node.
   */
  withoutNode?: boolean;
}

export interface CodeServer {
  url: string;
  workspace: string;
  /** Where the user data lives; VS Code's logs (including output channels) are under it. */
  userDataDir: string;
  /** The URL that opens the workspace folder. */
  workspaceUrl: string;
  stop(): Promise<void>;
}

/** The user settings every workbench of the tests starts with, the options' own merged over them. */
export function userSettings(options: Pick<CodeServerOptions, 'trusted' | 'colorTheme' | 'settings'>): Record<string, unknown> {
  const trusted = options.trusted ?? true;
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': !trusted,
    // Untrusted folders open straight into Restricted Mode instead of behind a modal prompt.
    'security.workspace.trust.startupPrompt': 'never',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    ...(options.colorTheme ? { 'workbench.colorTheme': options.colorTheme } : {}),
    ...options.settings,
  };
}

function answersHttp(url: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const request = get(url, (response) => {
      response.resume();
      resolvePromise((response.statusCode ?? 500) < 500);
    });
    request.setTimeout(2000, () => request.destroy());
    request.on('error', () => resolvePromise(false));
  });
}

/** Starts code-server on a free local port with a fresh profile; `stop()` ends it and deletes the profile. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const binary = await ensureCodeServer();
  const trusted = options.trusted ?? true;
  const home = mkdtempSync(join(tmpdir(), 'descent-e2e-'));
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings(options), null, 2));
  const removeHome = () => rmSync(home, { recursive: true, force: true });

  const profile = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  try {
    if (options.vsix) {
      await run(binary, [...profile, '--install-extension', resolve(options.vsix), '--force'], EXTENSION_INSTALL_TIMEOUT_MS);
    }
  } catch (error) {
    removeHome();
    throw error;
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    ...profile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(trusted ? ['--disable-workspace-trust'] : []),
  ];
  const [command, commandArgs] = options.withoutNode ? withoutNode(binary, args) : [binary, args];
  const child = spawn(command, commandArgs, {
    cwd: home,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new OutputTail();
  child.stdout?.on('data', (chunk) => output.push(chunk));
  child.stderr?.on('data', (chunk) => output.push(chunk));
  let exitedEarly: string | undefined;
  child.once('exit', (code, signal) => (exitedEarly = `code-server exited (${signal ?? `code ${code}`})`));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killProcessGroup(child);
    // The extension host may still be flushing logs for a moment after the group is gone.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        removeHome();
        return;
      } catch {
        await sleep(200);
      }
    }
  };

  try {
    await waitFor(`code-server to answer on ${url}`, STARTUP_TIMEOUT_MS, async () => {
      if (exitedEarly) return 'exited';
      return (await answersHttp(`${url}/healthz`)) ? 'up' : undefined;
    });
    if (exitedEarly) throw new Error(exitedEarly);
  } catch (error) {
    await stop();
    const reason = exitedEarly ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`code-server did not start: ${reason}\n--- code-server output (tail) ---\n${output}`);
  }

  const workspace = resolve(options.workspace);
  return { url, workspace, userDataDir, workspaceUrl: `${url}/?folder=${encodeURIComponent(workspace)}`, stop };
}

/**
 * Hides every node but code-server's own: bind-mounts /dev/null over each `node` found on PATH
 * or on the login shell's PATH, then checks that none runs before it starts code-server through
 * its wrapper that leaves PATH alone.
 */
const HIDE_NODE = `
own="$(readlink -f "$OWN_NODE")"
for dir in $(printf '%s:%s' "$PATH" "$(bash -lic 'printf %s "$PATH"' 2>/dev/null)" | tr ':' ' '); do
  real="$(readlink -f "$dir/node" 2>/dev/null)" || continue
  [ -f "$real" ] && [ "$real" != "$own" ] && mount --bind /dev/null "$real"
done
if node -e 0 2>/dev/null || bash -lic 'node -e 0' >/dev/null 2>&1; then echo 'a node still runs on PATH' >&2; exit 97; fi
exec "$@"
`;

function withoutNode(binary: string, args: string[]): [string, string[]] {
  const bare = join(dirname(binary), 'code-server-bare');
  const ownNode = /exec "([^"]+)"/.exec(readFileSync(bare, 'utf8'))?.[1];
  if (!ownNode) throw new Error(`${bare} does not name code-server's Node`);
  return ['unshare', ['--mount', '--propagation', 'private', 'env', `OWN_NODE=${ownNode}`, 'sh', '-c', HIDE_NODE, 'sh', bare, ...args]];
}

/** The tail of the extension host's log (activation failures and extension errors land there). */
export function extensionHostLog(server: CodeServer, limit = 4000): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'exthost.log' || entry.name === 'remoteexthost.log') found.push(path);
    }
  };
  try {
    walk(join(server.userDataDir, 'logs'));
  } catch {
    return '';
  }
  return found.map((path) => readFileSync(path, 'utf8')).join('\n').slice(-limit);
}
