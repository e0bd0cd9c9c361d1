// A scratch file's panel in the host: opens it where the settings say or brings it forward, and,
// while a run goes, notices when its page stops answering (the watchdog) and puts a new panel in
// its place.
import * as vscode from 'vscode';
import { PANEL_SILENCE_MS, type FromWebview, type PageSpares, type ToWebview } from '../shared/protocol';
import type { PanelColumn } from '../shared/settings';
import { NotebookPanel } from './panel';
import { Watchdog } from './watchdog';

const PANEL_COLUMNS: Record<PanelColumn, vscode.ViewColumn> = { beside: vscode.ViewColumn.Beside, active: vscode.ViewColumn.Active };

export interface PanelHostEvents {
  /** A new page is loading in the panel (opened, brought back after a reload, or put in a stuck one's place). */
  opened(): void;
  message(message: FromWebview): void;
  /** The learner closed the panel. */
  closed(): void;
  /** The panel sent nothing for PANEL_SILENCE_MS while watched. */
  silent(): void;
}

export class PanelHost implements vscode.Disposable {
  private panel: NotebookPanel | null = null;
  private readonly watchdog = new Watchdog(PANEL_SILENCE_MS, () => this.events.silent());
  private watching = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly title: string,
    private readonly events: PanelHostEvents,
    private readonly warn: (line: string) => void,
    /** The settings now that a new page gets its spare workers ready by. */
    private readonly spares: () => PageSpares,
  ) {}

  get isOpen(): boolean {
    return this.panel !== null;
  }

  get isActive(): boolean {
    return this.panel?.active ?? false;
  }

  /** The page has loaded: what is posted now reaches it at once. */
  get isReady(): boolean {
    return this.panel?.isReady ?? false;
  }

  /** Brings the panel forward, or opens it in `column` the first time. */
  show(column: PanelColumn): void {
    if (this.panel) this.panel.reveal();
    else this.open(PANEL_COLUMNS[column]);
  }

  reveal(): void {
    this.panel?.reveal();
  }

  /** Takes a panel that VS Code brought back after a reload, in place of any open one. */
  adopt(panel: vscode.WebviewPanel): void {
    const open = this.panel;
    this.panel = null;
    open?.dispose();
    this.attach(panel);
  }

  post(message: ToWebview): void {
    this.panel?.post(message);
  }

  /** While a run goes, the panel's silence counts; a panel still loading starts the count with its first message. */
  watch(watching: boolean): void {
    this.watching = watching;
    if (watching && this.isReady) this.watchdog.feed();
    else if (!watching) this.watchdog.rest();
  }

  /** Closes a stuck panel, which ends its page and worker, and opens a new one in its column. */
  replace(): void {
    const stuck = this.panel;
    if (!stuck) return;
    const column = stuck.viewColumn ?? vscode.ViewColumn.Beside;
    this.panel = null;
    stuck.dispose();
    this.open(column);
  }

  dispose(): void {
    this.watchdog.dispose();
    this.panel?.dispose();
  }

  private open(column: vscode.ViewColumn): NotebookPanel {
    return this.attach(NotebookPanel.open(this.extensionUri, this.title, column));
  }

  private attach(webviewPanel: vscode.WebviewPanel): NotebookPanel {
    const panel: NotebookPanel = new NotebookPanel(
      webviewPanel,
      this.extensionUri,
      this.title,
      this.spares(),
      (message) => this.receive(message),
      () => {
        // A panel that replace() or adopt() took down is no longer this host's: closing it ends nothing.
        if (this.panel !== panel) return;
        this.panel = null;
        this.events.closed();
      },
      this.warn,
    );
    this.panel = panel;
    this.events.opened();
    return panel;
  }

  private receive(message: FromWebview): void {
    if (this.watching) {
      // A hidden page's timers may be slowed to a beat a minute: its silence proves nothing.
      if (message.type === 'heartbeat' && message.hidden) this.watchdog.rest();
      else this.watchdog.feed();
    }
    this.events.message(message);
  }
}
