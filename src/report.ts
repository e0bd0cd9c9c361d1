// Turns trainer events into the text lines that the output channel and the CLI both print.
import type { DescentError, RunPlan, RunResult, TrainerEvent, Value } from './protocol';

export function formatNumber(n: number | null, digits = 6): string {
  if (n === null) return 'not finite';
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const magnitude = Math.abs(n);
  if (magnitude >= 1e6 || magnitude < 1e-4) return n.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return String(Number(n.toPrecision(digits)));
}

export function formatValue(value: Value, limit = 6): string {
  if (!Array.isArray(value)) return formatNumber(value);
  const shown = value.slice(0, limit).map((v) => formatValue(v, limit));
  return `[${shown.join(', ')}${value.length > limit ? `, … ${value.length - limit} more` : ''}]`;
}

export function formatVariables(variables: Record<string, Value>): string {
  return Object.entries(variables)
    .map(([name, value]) => `${name} = ${formatValue(value)}`)
    .join(' · ');
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function epochsPerSecond(result: Pick<RunResult, 'epochs' | 'ms'>): number {
  return result.ms > 0 ? Math.round((result.epochs * 1000) / result.ms) : 0;
}

export function formatError(error: DescentError): string {
  const where = error.file ? `${error.file}${error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : ''}: ` : '';
  return `✗ ${error.kind} error: ${where}${error.message}`;
}

/** Follows one scratch run's events and says, for each, which lines to print. */
export class RunReporter {
  private plans: RunPlan[] = [];

  constructor(private readonly file: string) {}

  linesFor(event: TrainerEvent): string[] {
    switch (event.type) {
      case 'plan':
        this.plans = event.runs;
        return [];
      case 'runStart': {
        const { run } = event;
        const count = this.plans.length > 1 ? ` · run ${run.index + 1}/${this.plans.length}` : '';
        const stop = run.stopWhenLoss !== null ? ` · stop when loss ≤ ${formatNumber(run.stopWhenLoss)}` : '';
        return [`▶ ${this.file}${count} · ${run.label} · ${run.epochs} epochs · backend ${run.backend}${stop}`];
      }
      case 'log': {
        const total = this.plans[event.run]?.epochs ?? event.epoch;
        const width = String(total).length;
        const vars = formatVariables(event.variables);
        return [`  epoch ${String(event.epoch).padStart(width)}/${total} · loss ${formatNumber(event.loss)}${vars ? ` · ${vars}` : ''}`];
      }
      case 'print':
        return event.text.split('\n');
      case 'runEnd':
        return [resultLine(event.result)];
      case 'finished':
        return event.error ? [formatError(event.error)] : [];
      case 'progress':
        return [];
    }
  }
}

export function resultLine(result: RunResult): string {
  const mark = result.status === 'diverged' || result.status === 'error' ? '✗' : '✓';
  const why = result.reason ? ` (${result.reason})` : '';
  const vars = formatVariables(result.variables);
  return (
    `${mark} ${result.label} ${result.status}${why} · ${result.epochs} epochs in ${formatDuration(result.ms)}` +
    ` (${epochsPerSecond(result)} epochs/s) · loss ${formatNumber(result.finalLoss)}` +
    `${vars ? ` · ${vars}` : ''} · tensors leaked ${result.tensorsLeaked}`
  );
}
