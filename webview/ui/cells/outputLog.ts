// What the scratch printed (console.log, tensor.print(), warnings), in order. Lines arrive one
// message each; they are added once per frame, and only the first ones are kept on the page.
import type { PrintLevel } from '../../../src/shared/protocol';
import { el } from '../base/dom';
import { FrameTask } from '../base/frame';

const MAX_LINES = 1000;

export class OutputLog {
  readonly element = el('div', 'run-output');
  private readonly pending: { level: PrintLevel; text: string }[] = [];
  private shown = 0;
  private dropped = 0;
  private readonly more = el('div', 'print-more');
  private readonly flush = new FrameTask(() => this.render());

  constructor() {
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-label', 'Printed output');
  }

  add(level: PrintLevel, text: string): void {
    if (this.shown + this.pending.length >= MAX_LINES) this.dropped++;
    else this.pending.push({ level, text });
    this.flush.request();
  }

  /** Adds the pending lines now: a finished run shows all its output with its status. */
  render(): void {
    const lines = document.createDocumentFragment();
    for (const { level, text } of this.pending.splice(0)) {
      const line = el('div', `print print-${level}`, text);
      line.dataset.level = level;
      lines.append(line);
      this.shown++;
    }
    this.element.insertBefore(lines, this.more.isConnected ? this.more : null);
    if (this.dropped > 0) {
      this.more.textContent = `… ${this.dropped} more line${this.dropped === 1 ? '' : 's'} in the Descent output channel`;
      if (!this.more.isConnected) this.element.append(this.more);
    }
  }
}
