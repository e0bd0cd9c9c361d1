// The notebook's first cell: the scratch file as it was run, and its problem at a glance
// (variables, data, loss, optimizers, epochs) once the trainer has read the config.
import type { DescentError, RunPlan, ScratchSummary } from '../../src/shared/protocol';
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
  private readonly pre = el('pre', 'source-text');
  private readonly code = el('code');
  private source = '';
  private summary: ScratchSummary | null = null;
  private readonly plans: RunPlan[] = [];

  constructor() {
    const summary = el('summary', 'cell-header');
    summary.append(this.file, this.glance);
    this.pre.append(this.code);
    this.element.append(summary, this.pre);
    this.element.hidden = true;
  }

  show(file: string, source: string): void {
    this.element.hidden = false;
    setText(this.file, file);
    if (source !== this.source) {
      this.source = source;
      this.summary = null;
      setText(this.glance, '');
      this.code.replaceChildren(...source.split('\n').map((line) => el('span', 'source-line', line)));
    }
    this.markError(null, file);
  }

  showPlan(summary: ScratchSummary, plans: RunPlan[]): void {
    this.summary = summary;
    this.plans.splice(0, this.plans.length, ...plans);
    this.renderGlance();
  }

  /** The lesson form's runs are known only as each optimizer starts training. */
  addRun(plan: RunPlan): void {
    if (this.plans.some((known) => known.index === plan.index)) return;
    this.plans.push(plan);
    this.renderGlance();
  }

  /** Marks and shows the line an error points at, when it is in this file; null clears the mark. */
  markError(error: DescentError | null, file: string): void {
    this.code.querySelector('.error-line')?.classList.remove('error-line');
    const line = error?.line && error.file === file ? this.code.children[error.line - 1] : undefined;
    if (!(line instanceof HTMLElement)) return;
    line.classList.add('error-line');
    this.element.open = true;
    this.pre.scrollTop = line.offsetTop - this.pre.clientHeight / 2;
  }

  snapshot(): SourceSnapshot {
    return { file: this.file.textContent ?? '', source: this.source, glance: this.glance.textContent ?? '' };
  }

  restore(snapshot: SourceSnapshot): void {
    this.show(snapshot.file, snapshot.source);
    setText(this.glance, snapshot.glance);
  }

  private renderGlance(): void {
    if (!this.summary) return;
    const values = (record: Record<string, string>) =>
      Object.entries(record).map(([name, shape]) => (shape.startsWith('[') ? `${name}${shape}` : `${name} = ${shape}`));
    const [first] = this.plans;
    const memory = first?.memory && first.memory !== 'tidy' ? `memory: ${first.memory}` : '';
    const problem =
      this.summary.form === 'lesson'
        ? ['lesson form: its own minimize() loop']
        : [...values(this.summary.variables), ...values(this.summary.data), `loss = ${lossGlance(this.summary.loss)}`];
    const parts = [...problem, [...new Set(this.plans.map((p) => p.label))].join(', '), first?.epochs ? `${first.epochs} epochs` : '', memory];
    setText(this.glance, parts.filter(Boolean).join(' · '));
  }
}
