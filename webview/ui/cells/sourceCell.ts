// The notebook's first cell: the scratch file as it was run, and its problem at a glance
// (variables, data, loss, optimizers, epochs) once the trainer has read the config.
import type { DescentError } from '../../../src/shared/protocol';
import type { RunState } from '../../../src/shared/runState';
import { epochsText } from '../../../src/shared/wording';
import { el, setText } from '../base/dom';
import { lossGlance } from './lossGlance';

export class SourceCell {
  readonly element = el('details', 'cell source-cell');
  private readonly file = el('span', 'source-file');
  private readonly glance = el('span', 'source-glance');
  private readonly pre = el('pre', 'source-text');
  private readonly code = el('code');
  private source = '';

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
      setText(this.glance, '');
      this.code.replaceChildren(...source.split('\n').map((line) => el('span', 'source-line', line)));
    }
    this.markError(null, file);
  }

  /** The problem at a glance, once the trainer has read it; the lesson form's runs are added as each optimizer starts. */
  showRuns({ summary, plans }: RunState): void {
    if (!summary) return;
    const values = (record: Record<string, string>) =>
      Object.entries(record).map(([name, shape]) => (shape.startsWith('[') ? `${name}${shape}` : `${name} = ${shape}`));
    const first = plans[0]?.plan;
    const memory = first?.memory && first.memory !== 'tidy' ? `memory: ${first.memory}` : '';
    const problem =
      summary.form === 'lesson'
        ? ['lesson form: its own minimize() loop']
        : [...values(summary.variables), ...values(summary.data), `loss = ${lossGlance(summary.loss)}`];
    const labels = [...new Set(plans.map(({ plan }) => plan.label))].join(', ');
    setText(this.glance, [...problem, labels, first?.epochs ? epochsText(first.epochs) : '', memory].filter(Boolean).join(' · '));
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
}
