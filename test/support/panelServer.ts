// Serves the notebook panel page exactly as the extension host builds it (same HTML, same
// Content-Security-Policy), plus the bundles and the stylesheet it points at.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { makeNonce, renderWebviewHtml } from '../../src/extension/webviewHtml';
import { REPO_ROOT } from './repoRoot';

export const PANEL_PATH = '/panel.html';
const PANEL_SCRIPT = '/dist/webview/main.js';
const PANEL_STYLE = '/media/notebook.css';
export const PRODUCT_WORKER_SCRIPT = '/dist/webview/worker.js';
export const WASM_FOLDER_PATH = '/dist/webview/wasm/';

/** What the page loads: the built webview and the panel's CSS. */
const PANEL_FOLDERS = [join('dist', 'webview'), 'media'];

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.wasm': 'application/wasm' };

export interface PanelServer {
  origin: string;
  close(): void;
}

/** `moreFolders`: further folders, relative to the repository root, that the server may serve. */
export function startPanelServer(moreFolders: string[] = []): Promise<PanelServer> {
  const served = [...PANEL_FOLDERS, ...moreFolders].map((folder) => join(REPO_ROOT, folder));
  let origin = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === PANEL_PATH) {
      const html = renderWebviewHtml({
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: origin + PANEL_SCRIPT,
        styleUri: origin + PANEL_STYLE,
        workerUri: origin + PRODUCT_WORKER_SCRIPT,
        wasmUri: origin + WASM_FOLDER_PATH,
        title: 'Descent',
        spares: { backend: 'webgl', figures: url.searchParams.get('figures') !== 'off' },
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = join(REPO_ROOT, decodeURIComponent(url.pathname));
    if (!served.some((folder) => file.startsWith(folder + sep)) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ origin, close: () => server.close() });
    });
  });
}
