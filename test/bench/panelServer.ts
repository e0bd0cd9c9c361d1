// Serves the notebook panel page exactly as the extension host builds it (same HTML, same
// Content-Security-Policy), plus the bundles it loads and the bench's own worker.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { makeNonce, renderWebviewHtml } from '../../src/extension/webviewHtml';
import { PANEL_SCRIPT, PANEL_STYLE, PRODUCT_WORKER_SCRIPT, REPO_ROOT, SERVED_FOLDERS, WASM_FOLDER_PATH } from './paths';

export const PANEL_PATH = '/panel.html';

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.wasm': 'application/wasm' };

export interface PanelServer {
  origin: string;
  close(): void;
}

export function startPanelServer(): Promise<PanelServer> {
  let origin = '';
  const server: Server = createServer((request, response) => {
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
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = join(REPO_ROOT, decodeURIComponent(url.pathname));
    if (!SERVED_FOLDERS.some((folder) => file.startsWith(folder + sep)) || !existsSync(file)) {
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
