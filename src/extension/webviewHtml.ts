// The notebook panel's HTML page: a strict Content-Security-Policy, the stylesheet, and the UI
// script behind a nonce. Pure, so the extension host and the browser test build the same page.
import type { PageSpares } from '../shared/protocol';

export interface WebviewPage {
  /** The origin the webview may load its own files from (VS Code's `webview.cspSource`). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The trainer worker's script; the UI fetches it and starts each run from a blob. */
  workerUri: string;
  /** The folder (ending in /) of the wasm backend's .wasm files; the UI fetches them for its workers. */
  wasmUri: string;
  title: string;
  spares: PageSpares;
}

export function makeNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
}

export function renderWebviewHtml(page: WebviewPage): string {
  const csp = [
    "default-src 'none'",
    `style-src ${page.cspSource}`,
    // 'wasm-unsafe-eval' lets the trainer compile tfjs's WebAssembly backend, and allows no eval().
    // blob: lets a worker started before its scratch is known import the compiled scratch. Only
    // script already running in the page can make a blob: address; no eval() is allowed.
    `script-src 'nonce-${page.nonce}' 'wasm-unsafe-eval' blob:`,
    'worker-src blob:',
    `connect-src ${page.cspSource}`,
    `img-src ${page.cspSource} data:`,
    `font-src ${page.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(page.styleUri)}">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<main id="notebook" data-worker-uri="${escapeHtml(page.workerUri)}" data-wasm-uri="${escapeHtml(page.wasmUri)}" data-backend="${escapeHtml(page.spares.backend)}" data-figures="${page.spares.figures}"></main>
<script nonce="${escapeHtml(page.nonce)}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
