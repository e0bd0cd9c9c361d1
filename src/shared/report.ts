// Turns trainer events into the text lines that the output channel and the CLI both print.
import type { DescentError, LeakReport, PanelEvent, RunPlan, RunSummary, StartStage, Value } from './protocol';

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

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value * 100) / 100} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatLeak(leak: LeakReport, label: string | null): string {
  const tensors = `${formatNumber(leak.tensors)} tensor${leak.tensors === 1 ? '' : 's'} (${formatBytes(leak.bytes)})`;
  return leak.perEpoch
    ? `⚠ ${label ?? 'The run'} leaks ${tensors} every epoch: the count of tensors in memory keeps growing. Usual causes: ${leak.causes.join('; ')}.`
    : `⚠ The scratch left ${tensors} in memory when it ended: ${leak.causes.join('; ')}.`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function epochsPerSecond(result: Pick<RunSummary, 'epochs' | 'ms'>): number {
  return result.ms > 0 ? Math.round((result.epochs * 1000) / result.ms) : 0;
}

/** The backend a run trains on, with why when 'auto' chose it: "cpu (auto: cpu 0.21 ms/epoch, wasm 0.35)". */
export function formatBackend(plan: Pick<RunPlan, 'backend' | 'backendReason'>): string {
  return plan.backendReason ? `${plan.backend} (${plan.backendReason})` : plan.backend;
}

const RELOAD = 'if it keeps happening, reload the window (Developer: Reload Window)';

/**
 * Why a run's start was given up after `seconds` in `stage`, and what to try. `backend`: the one
 * the trainer had started, for a first epoch that did not come.
 */
export function describeLateStart(stage: StartStage, seconds: number, backend: string | null): string {
  switch (stage) {
    case 'compile':
      return `Compiling the scratch did not finish within ${seconds} s. Run it again; ${RELOAD}.`;
    case 'panel':
      return `The Descent panel did not load within ${seconds} s. Close the panel and run again; ${RELOAD}.`;
    case 'worker':
      return `The trainer did not start within ${seconds} s: the panel could not load its script. Run again; ${RELOAD}.`;
    case 'backend':
      return `No tfjs backend started within ${seconds} s. Try backend: 'cpu' in the scratch, or the setting descent.defaultBackend "cpu".`;
    case 'firstEpoch':
      return (
        `No epoch finished within ${seconds} s after the ${backend ?? 'tfjs'} backend started. A loss that slow, or code that loops before ` +
        `training, ends here: try fewer data or backend: 'cpu'; to wait longer for a slow first epoch, set descent.runTimeoutSeconds above ${seconds}.`
      );
  }
}

export function formatError(error: DescentError): string {
  const where = error.file ? `${error.file}${error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : ''}: ` : '';
  return `✗ ${error.kind} error: ${where}${error.message}`;
}

/** Follows one scratch run's events and says, for each, which lines to print. */
export class RunReporter {
  private plans: RunPlan[] = [];

  constructor(private readonly file: string) {}

  linesFor(event: PanelEvent): string[] {
    switch (event.type) {
      case 'plan':
        this.plans = event.runs;
        return [];
      case 'runStart': {
        const { run } = event;
        const count = this.plans.length > 1 ? ` · run ${run.index + 1}/${this.plans.length}` : '';
        const stop = run.stopWhenLoss !== null ? ` · stop when loss ≤ ${formatNumber(run.stopWhenLoss)}` : '';
        const epochs = run.epochs > 0 ? ` · ${run.epochs} epochs` : '';
        const memory = run.memory && run.memory !== 'tidy' ? ` · memory ${run.memory}` : '';
        return [`▶ ${this.file}${count} · ${run.label}${epochs} · backend ${formatBackend(run)}${memory}${stop}`];
      }
      case 'log': {
        const total = this.plans[event.run]?.epochs || null;
        const epoch = total ? `${String(event.epoch).padStart(String(total).length)}/${total}` : String(event.epoch);
        const vars = formatVariables(event.variables);
        return [`  epoch ${epoch} · loss ${formatNumber(event.loss)}${vars ? ` · ${vars}` : ''}`];
      }
      case 'print':
        return event.text.split('\n');
      case 'runEnd':
        return [resultLine(event.result)];
      case 'leak':
        return [formatLeak(event, event.run === null ? null : (this.plans[event.run]?.label ?? null))];
      case 'finished':
        return event.error ? [formatError(event.error)] : [];
      case 'progress':
        return [];
    }
  }
}

export function resultLine(result: RunSummary): string {
  const mark = result.status === 'diverged' || result.status === 'error' ? '✗' : '✓';
  const why = result.reason ? ` (${result.reason})` : '';
  const vars = formatVariables(result.variables);
  return (
    `${mark} ${result.label} ${result.status}${why} · ${result.epochs} epochs in ${formatDuration(result.ms)}` +
    ` (${epochsPerSecond(result)} epochs/s) · loss ${formatNumber(result.finalLoss)}` +
    `${vars ? ` · ${vars}` : ''} · tensors leaked ${result.tensorsLeaked}`
  );
}
