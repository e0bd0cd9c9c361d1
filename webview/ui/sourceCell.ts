// The notebook's first cell: the scratch file as it was run, and its problem at a glance
// (variables, data, loss, optimizers, epochs) once the trainer has read the config.
import type { DescentError, RunPlan, ScratchSummary } from '../../src/protocol';
import { el, setText } from './dom';
import { lossGlance } from './format';

export interface SourceSnapshot {
  file: string;
  source: string;
  glance: string;
}

export class SourceCell {
  readonly element = el('details', 'cell source-cell');
  private readonly file = el('span', 'source-file');
  private readonly glance = el('span', 'source-glance');
  private readonly code = el('code');
  private source = '';

  constructor() {
    const summary = el('summary', 'cell-header');
    summary.append(this.file, this.glance);
    const pre = el('pre', 'source-text');
    pre.append(this.code);
    this.element.append(summary, pre);
    this.element.hidden = true;
  }

  show(file: string, source: string): void {
    this.element.hidden = false;
    setText(this.file, file);
    if (source !== this.source) {
      this.source = source;
      setText(this.glance, '');
      this.code.replaceChildren(...source.split('\n').map((line) => el('span', 'source-line', line)));
    }
    this.markError(null, file);
  }

  showPlan(summary: ScratchSummary, plans: RunPlan[]): void {
    const values = (record: Record<string, string>) =>
      Object.entries(record).map(([name, shape]) => (shape.startsWith('[') ? `${name}${shape}` : `${name} = ${shape}`));
    const optimizers = [...new Set(plans.map((p) => p.label))].join(', ');
    const epochs = plans[0] ? `${plans[0].epochs} epochs` : '';
    const parts = [...values(summary.variables), ...values(summary.data), `loss = ${lossGlance(summary.loss)}`, optimizers, epochs];
    setText(this.glance, parts.filter(Boolean).join(' · '));
  }

  /** Marks the line an error points at, when it is in this file; null clears the mark. */
  markError(error: DescentError | null, file: string): void {
    this.code.querySelector('.error-line')?.classList.remove('error-line');
    if (!error?.line || error.file !== file) return;
    this.code.children[error.line - 1]?.classList.add('error-line');
  }

  snapshot(): SourceSnapshot {
    return { file: this.file.textContent ?? '', source: this.source, glance: this.glance.textContent ?? '' };
  }

  restore(snapshot: SourceSnapshot): void {
    this.show(snapshot.file, snapshot.source);
    setText(this.glance, snapshot.glance);
  }
}
