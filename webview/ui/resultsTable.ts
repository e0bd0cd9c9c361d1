// The final result of each plan of a run request: status, loss, variables, time and leaks.
import type { RunResult } from '../../src/protocol';
import { epochsPerSecond, formatDuration, formatNumber, formatValue } from '../../src/report';
import { el } from './dom';

const COLUMNS = ['run', 'status', 'epochs', 'final loss', 'variables', 'time', 'tensors leaked'];

export class ResultsTable {
  readonly element = el('table', 'run-results');
  private readonly body = el('tbody');

  constructor() {
    const head = el('thead');
    const row = el('tr');
    for (const name of COLUMNS) row.append(el('th', undefined, name));
    head.append(row);
    this.element.append(head, this.body);
    this.element.hidden = true;
  }

  add(result: RunResult): void {
    const row = el('tr', 'result-row');
    row.dataset.status = result.status;
    const status = el('td', 'result-status', result.status);
    if (result.reason) status.append(el('div', 'result-reason', result.reason));
    row.append(
      el('td', 'result-label', result.label),
      status,
      el('td', 'result-epochs', String(result.epochs)),
      el('td', 'result-loss', formatNumber(result.finalLoss)),
      variablesCell(result),
      el('td', 'result-time', `${formatDuration(result.ms)} · ${epochsPerSecond(result)} epochs/s`),
      el('td', 'result-leaked', String(result.tensorsLeaked)),
    );
    this.body.append(row);
    this.element.hidden = false;
  }
}

function variablesCell(result: RunResult): HTMLElement {
  const cell = el('td', 'result-variables');
  for (const [name, value] of Object.entries(result.variables)) {
    const variable = el('span', 'result-variable', `${name} = ${formatValue(value)}`);
    variable.dataset.name = name;
    cell.append(variable);
  }
  return cell;
}
