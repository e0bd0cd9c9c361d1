// The side panel of a run cell: the variables as they move, the latest loss, and tfjs's memory.
import type { MemoryInfo, Value } from '../../../src/shared/protocol';
import { formatBytes, formatNumber, formatValue } from '../../../src/shared/wording';
import { el, setText } from '../base/dom';

export class LiveValues {
  readonly element = el('aside', 'live-values');
  private readonly caption = el('div', 'live-caption');
  private readonly list = el('dl', 'live-list');
  private readonly variables = new Map<string, HTMLElement>();
  private readonly loss = el('dd', 'live-loss');
  private readonly memory = el('dd', 'live-memory');

  constructor() {
    this.list.append(el('dt', 'live-loss-name', 'loss'), this.loss, el('dt', 'live-memory-name', 'tensors'), this.memory);
    this.element.append(this.caption, this.list);
  }

  show(caption: string, variables: Record<string, Value>, loss: number | null | undefined, memory: MemoryInfo | null): void {
    setText(this.caption, caption);
    for (const [name, value] of Object.entries(variables)) setText(this.variableCell(name), formatValue(value));
    if (loss !== undefined) setText(this.loss, formatNumber(loss));
    if (memory) {
      const gpu = memory.numBytesInGPU === null ? '' : ` · ${formatBytes(memory.numBytesInGPU)} on the GPU`;
      setText(this.memory, `${memory.numTensors} · ${formatBytes(memory.numBytes)}${gpu}`);
    }
  }

  private variableCell(name: string): HTMLElement {
    let cell = this.variables.get(name);
    if (!cell) {
      cell = el('dd', 'variable-value');
      cell.dataset.name = name;
      const term = el('dt', 'variable-name', name);
      // Variables come first, in the order the trainer reports them; loss and memory stay last.
      this.list.insertBefore(term, this.list.querySelector('.live-loss-name'));
      term.after(cell);
      this.variables.set(name, cell);
    }
    return cell;
  }
}
