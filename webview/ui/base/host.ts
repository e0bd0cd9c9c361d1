// The webview's side of the channel to the extension host: typed messages out, and the panel's
// state, which VS Code keeps with the panel and hands back to the extension after a reload.
import type { FromWebview } from '../../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class Host {
  private readonly api = acquireVsCodeApi();
  private readonly warned = new Set<string>();

  post(message: FromWebview): void {
    this.api.postMessage(message);
  }

  /** Tells the host about a problem once per topic, so a flood of bad messages stays one line. */
  warnOnce(topic: string, text: string): void {
    if (this.warned.has(topic)) return;
    this.warned.add(topic);
    this.post({ type: 'log', level: 'warn', text });
  }

  saveState(state: unknown): void {
    this.api.setState(state);
  }
}
