// The lines that the output channel and the CLI both print for a trainer event, read against the
// run's state after it (which knows the plans a log line or a leak refers to).
import type { PanelEvent } from './protocol';
import { planLabel, planState, type RunState } from './runState';
import { formatError, formatLeak, logLine, resultLine, runStartLine, slopeLines } from './wording';

export function outputLines(file: string, state: RunState, event: PanelEvent): string[] {
  switch (event.type) {
    case 'runStart':
      return [runStartLine(file, event.plan, state.plannedRuns)];
    case 'log':
      return [logLine(event.epoch, planState(state, event.run)?.plan.epochs ?? 0, event.loss, event.variables)];
    case 'print':
      return event.text.split('\n');
    case 'runEnd':
      return [resultLine(event.result)];
    case 'leak':
      return [formatLeak(event, planLabel(state, event.run))];
    case 'finished':
      return event.error ? [formatError(event.error)] : [];
    case 'slope': {
      // Which way is down from the start and the first step taken apart, under the run's first line; where a pause holds, the panel shows.
      const plan = planState(state, event.run)?.plan;
      return event.epoch === 0 && plan ? slopeLines(event, plan).map((line) => `  ${line}`) : [];
    }
    case 'paused':
    case 'resumed':
    case 'plan':
    case 'progress':
      return [];
  }
}
