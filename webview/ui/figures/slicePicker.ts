// With more scalar variables than a figure can draw, the two the surface is sliced through: the
// others are held where the run has them.
import { el } from '../base/dom';

export class SlicePicker {
  readonly element = el('div', 'slice-picker');
  private readonly selects = [el('select', 'slice-across'), el('select', 'slice-up')];

  constructor(
    variables: readonly string[],
    private chosen: [string, string],
    onChange: (pair: [string, string]) => void,
  ) {
    const label = el('span', 'slice-label', 'Slice through');
    this.element.append(label);
    this.selects.forEach((select, k) => {
      select.setAttribute('aria-label', k === 0 ? 'Slice: the variable across' : 'Slice: the variable up');
      select.append(...variables.map((name) => new Option(name, name, false, name === chosen[k])));
      select.addEventListener('change', () => {
        const picked = select.value;
        const other = this.chosen[1 - k];
        // Picking the other axis's variable swaps the two: a slice needs two different ones.
        const next: [string, string] = k === 0 ? [picked, picked === other ? this.chosen[0] : other] : [picked === other ? this.chosen[1] : other, picked];
        this.chosen = next;
        this.selects.forEach((s, i) => (s.value = next[i]));
        onChange(next);
      });
      this.element.append(select);
    });
  }
}
