// Runs a compiled scratch from its top level to its last epoch, reporting every step as an event
// and every failure as one located error.
import * as tf from '@tensorflow/tfjs';
import type { Backend, DescentError, RunResult } from '../../src/protocol';
import { ConfigError, readConfig } from './config';
import type { ScratchSource } from './locate';
import { captureConsole } from './printing';
import type { ScratchExports } from './scratchModule';
import { LossError, train, type TrainerHooks } from './train';

export interface ScratchRun {
  /** Evaluates the scratch's top level and returns its exports. */
  load(): ScratchExports | undefined;
  source: ScratchSource;
  defaultBackend: Backend;
  /** Overrides the config's epochs (the CLI's --epochs). */
  epochs?: number;
  /** Overrides the config's backend (the CLI's --backend). */
  backend?: Backend;
}

export interface ScratchOutcome {
  runs: RunResult[];
  error: DescentError | null;
}

export async function runScratch(scratch: ScratchRun, hooks: TrainerHooks): Promise<ScratchOutcome> {
  let current: number | null = null;
  const restoreConsole = captureConsole((level, text) => hooks.emit({ type: 'print', run: current, level, text }));
  const runs: RunResult[] = [];
  let error: DescentError | null = null;
  try {
    const exported = scratch.load();
    const config = readConfig(exported?.default, { defaultBackend: scratch.defaultBackend, epochs: scratch.epochs, backend: scratch.backend });
    hooks.emit({ type: 'plan', summary: config.summary, runs: config.plans });
    for (const plan of config.plans) {
      current = plan.index;
      await useBackend(plan.backend);
      hooks.emit({ type: 'runStart', run: plan });
      const result = await train(config.problem, plan, hooks);
      hooks.emit({ type: 'runEnd', run: plan.index, result });
      runs.push(result);
    }
  } catch (thrown) {
    error = describeError(thrown, scratch.source);
  } finally {
    restoreConsole();
  }
  hooks.emit({ type: 'finished', runs, error });
  return { runs, error };
}

/** Switches tfjs to the plan's backend, or says why the run stays on the current one. */
async function useBackend(backend: Backend): Promise<void> {
  if (tf.getBackend() === backend) return;
  const previous = tf.getBackend();
  const ok = await tf.setBackend(backend).catch(() => false);
  if (!ok) {
    await tf.setBackend(previous);
    console.warn(`The ${backend} backend is not available here; this run uses ${previous}.`);
  }
}

export function describeError(thrown: unknown, source: ScratchSource): DescentError {
  if (thrown instanceof ConfigError) {
    return source.toError('config', thrown.message, thrown.field ? source.positionOfField(thrown.field) : null);
  }
  if (thrown instanceof LossError) {
    const position = source.positionOf(thrown.cause) ?? source.positionOf(thrown) ?? source.positionOfField('loss');
    return source.toError('runtime', thrown.message, position);
  }
  if (thrown instanceof Error) {
    const message = thrown.name && thrown.name !== 'Error' ? `${thrown.name}: ${thrown.message}` : thrown.message;
    return source.toError('runtime', message, source.positionOf(thrown));
  }
  return source.toError('runtime', `The scratch threw ${String(thrown)}`, null);
}
