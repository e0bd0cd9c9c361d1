// The notebook webview of one scratch file: its HTML, the ready handshake, and checked messages
// both ways.
import * as vscode from 'vscode';
import { validateFromWebview, type FromWebview, type PageSpares, type ToWebview } from '../shared/protocol';
import { formatError } from '../shared/wording';
import { makeNonce, renderWebviewHtml } from './webviewHtml';

export const PANEL_TYPE = 'descent.notebook';

export class NotebookPanel implements vscode.Disposable {
  private ready = false;
  /** Messages posted before the webview said it is ready, in order. */
  private pending: ToWebview[] = [];
  private warnedMalformed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Opens a new panel in `column`. */
  static open(extensionUri: vscode.Uri, title: string, column: vscode.ViewColumn): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(PANEL_TYPE, `Descent — ${title}`, { viewColumn: column, preserveFocus: true }, {
      ...panelOptions(extensionUri),
      // A run lives in the webview's worker; hiding the panel behind another tab must not end it.
      retainContextWhenHidden: true,
    });
  }

  /** Takes `panel` (a new one, or one VS Code brings back after a reload) and loads the notebook page into it. */
  constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    title: string,
    spares: PageSpares,
    private readonly onMessage: (message: FromWebview) => void,
    private readonly onDispose: () => void,
    private readonly log: (line: string) => void,
  ) {
    const scripts = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    panel.title = `Descent — ${title}`;
    panel.webview.options = panelOptions(extensionUri);
    const webview = this.panel.webview;
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(scripts, 'main.js')).toString(),
      workerUri: webview.asWebviewUri(vscode.Uri.joinPath(scripts, 'worker.js')).toString(),
      wasmUri: `${webview.asWebviewUri(vscode.Uri.joinPath(scripts, 'wasm')).toString()}/`,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'notebook.css')).toString(),
      title,
      spares,
    });
    this.panel.iconPath = vscode.Uri.joinPath(media, 'descent.svg');
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  post(message: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else if (message.type === 'fail') {
      // A run given up before the page loaded: the page shows why instead of starting it.
      this.pending = this.pending.filter((queued) => !(queued.type === 'run' && queued.requestId === message.requestId));
      this.pending.push({ type: 'notice', text: formatError(message.error) });
    } else this.pending.push(message);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  get active(): boolean {
    return this.panel.active;
  }

  /** The webview said it is ready: what is posted now reaches it at once. */
  get isReady(): boolean {
    return this.ready;
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions.length = 0;
    this.panel.dispose();
    this.onDispose();
  }

  private receive(raw: unknown): void {
    const checked = validateFromWebview(raw);
    if (!checked.ok) {
      if (!this.warnedMalformed) this.log(`Descent ignored a malformed message from its panel: ${checked.problem}`);
      this.warnedMalformed = true;
      return;
    }
    if (checked.message.type === 'ready') {
      this.ready = true;
      const queued = this.pending;
      this.pending = [];
      queued.forEach((m) => this.post(m));
    }
    this.onMessage(checked.message);
  }
}

function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
