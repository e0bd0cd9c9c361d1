// The panel's title bar: which scratch file this is, and its Run, Stop, Compare and Clear buttons.
import { el, setText } from '../base/dom';

export class Toolbar {
  readonly element = el('header', 'toolbar');
  private readonly title = el('h1', 'toolbar-title');
  private readonly runButton = el('button', 'run-button', '▶ Run');
  private readonly stopButton = el('button', 'stop-button secondary-button', '■ Stop');
  private readonly compareButton = el('button', 'compare-button secondary-button', 'Compare');
  private readonly clearButton = el('button', 'clear-button secondary-button', 'Clear');

  constructor(title: string, actions: { run(): void; stop(): void; compare(): boolean; clear(): void }) {
    setText(this.title, title);
    const buttons = el('div', 'toolbar-actions');
    for (const [button, action, hint] of [
      [this.runButton, actions.run, 'Run the scratch file again'],
      [this.stopButton, actions.stop, 'Stop the optimization now'],
      [this.compareButton, () => this.compareButton.setAttribute('aria-pressed', String(actions.compare())), "Draw the losses of the runs you tick in one chart"],
      [this.clearButton, actions.clear, 'Remove every run cell but a live one'],
    ] as const) {
      button.type = 'button';
      button.title = hint;
      button.addEventListener('click', () => action());
      buttons.append(button);
    }
    this.compareButton.setAttribute('aria-pressed', 'false');
    this.element.append(this.title, buttons);
    this.setRunning(false);
  }

  setFile(file: string): void {
    setText(this.title, `Descent — ${file}`);
  }

  setRunning(running: boolean): void {
    this.stopButton.disabled = !running;
  }
}
