// The level at which each line reported for a trainer event goes to the Descent log: info for runs,
// warn for divergence and leaks, error for failures; printed output keeps its console level.
import type { PanelEvent, PrintLevel } from './protocol';

export type LogLevel = 'info' | 'warn' | 'error';

export function printLevel(level: PrintLevel): LogLevel {
  return level === 'log' ? 'info' : level;
}

export function levelOf(event: PanelEvent): LogLevel {
  switch (event.type) {
    case 'print':
      return printLevel(event.level);
    case 'leak':
      return 'warn';
    case 'runEnd':
      return event.result.status === 'error' ? 'error' : event.result.status === 'diverged' ? 'warn' : 'info';
    case 'finished':
      return event.error ? 'error' : 'info';
    default:
      return 'info';
  }
}
