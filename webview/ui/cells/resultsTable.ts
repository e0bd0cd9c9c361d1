// The final result of each plan of a run request: status, loss, variables, time and leaks.
import type { RunStatus, RunSummary } from '../../../src/shared/protocol';
import { epochsPerSecond, finalLossText, formatDuration, formatValue, rateText } from '../../../src/shared/wording';
import { el } from '../base/dom';

const COLUMNS = ['run', 'status', 'epochs', 'final loss', 'variables', 'time', 'tensors leaked'];

/** A result as the table shows it: text only, small enough for the panel's saved state. */
export interface ResultRow {
  label: string;
  status: RunStatus;
  reason: string | null;
  epochs: string;
  loss: string;
  variables: [name: string, text: string][];
  time: string;
  leaked: string;
}

export function describeResult(result: RunSummary): ResultRow {
  return {
    label: result.label,
    status: result.status,
    reason: result.reason,
    epochs: String(result.epochs),
    loss: finalLossText(result),
    variables: Object.entries(result.variables).map(([name, value]) => [name, `${name} = ${formatValue(value)}`]),
    time: `${formatDuration(result.ms)} · ${rateText(epochsPerSecond(result))}`,
    leaked: String(result.tensorsLeaked),
  };
}

export class ResultsTable {
  /** Scrolls sideways when the panel is too narrow: numbers never wrap. */
  readonly element = el('div', 'run-results-scroll');
  private readonly table = el('table', 'run-results');
  private readonly body = el('tbody');

  constructor() {
    const head = el('thead');
    const row = el('tr');
    for (const name of COLUMNS) row.append(el('th', undefined, name));
    head.append(row);
    this.table.append(head, this.body);
    this.element.append(this.table);
    this.element.hidden = true;
  }

  add(result: ResultRow): void {
    const row = el('tr', 'result-row');
    row.dataset.status = result.status;
    const variables = el('td', 'result-variables');
    for (const [name, text] of result.variables) {
      const variable = el('span', 'result-variable', text);
      variable.dataset.name = name;
      variables.append(variable);
    }
    row.append(
      el('td', 'result-label', result.label),
      el('td', 'result-status', result.status),
      el('td', 'result-epochs', result.epochs),
      el('td', 'result-loss', result.loss),
      variables,
      el('td', 'result-time', result.time),
      el('td', 'result-leaked', result.leaked),
    );
    this.body.append(row);
    if (result.reason) {
      const why = el('tr', 'result-reason-row');
      const cell = el('td', 'result-reason', result.reason);
      cell.colSpan = COLUMNS.length;
      why.append(cell);
      this.body.append(why);
    }
    this.element.hidden = false;
  }
}
