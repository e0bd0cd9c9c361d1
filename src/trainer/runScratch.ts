// Runs a compiled scratch from its top level to its last epoch, reporting every step as an event
// and every failure as one located error.
import * as tf from '@tensorflow/tfjs';
import type { Backend, DescentError, PlayChange, RunResult, ScratchSummary, TrainerEvent } from '../shared/protocol';
import { backendsHere, type BackendRuntime } from './backends';
import { ConfigError, readConfig } from './config';
import type { ScratchSource } from './scratchSource';
import { LessonHook } from './lessonForm';
import { explainNameError, ScratchMistake } from './lessonMistakes';
import { LossError } from './lossError';
import { plansOnBackend } from './planBackends';
import { captureConsole } from './printing';
import { ScratchActivity } from './scratchActivity';
import { provideScope, type Rejections, type ScratchLoader } from './scratchModule';
import type { TrainerHooks } from './runRecorder';
import { train } from './train';

export interface ScratchRun {
  /** Evaluates the scratch's top level and resolves to its exports. */
  load: ScratchLoader;
  source: ScratchSource;
  /** The promise rejections nobody handled, in this runtime: a scratch's async code failing. */
  rejections?: Rejections;
  defaultBackend: Backend;
  /** What the runtime offers; by default, that of the runtime tfjs says it is in. */
  backends?: BackendRuntime;
  /** Overrides the config's epochs (the CLI's --epochs). */
  epochs?: number;
  /** Overrides the config's backend (the CLI's --backend). */
  backend?: Backend;
  /** Overrides the config's logEvery, and the lesson form's (the descent.logEvery setting). */
  logEvery?: number;
  /** Start values, rates and options the learner tries in the panel, in place of the scratch's. */
  play?: PlayChange;
}

/** A compiled scratch, ready to run: what loads it, its source, and how its runtime reports rejections. */
export type LoadedScratch = Pick<ScratchRun, 'load' | 'source' | 'rejections'>;

export interface ScratchOutcome {
  runs: RunResult[];
  error: DescentError | null;
}

export async function runScratch(scratch: ScratchRun, hooks: TrainerHooks): Promise<ScratchOutcome> {
  let current: number | null = null;
  const activity = new ScratchActivity();
  const lesson = new LessonHook(hooks, scratch.source, activity, () => hooks.emit({ type: 'plan', summary: LESSON_SUMMARY, runs: [] }), scratch.logEvery, scratch.play);
  const restoreConsole = captureConsole((level, text) => hooks.emit({ type: 'print', run: current ?? lesson.currentRun, level, text }));
  // A lesson form's async code that fails ends its run with that error; a config's runs go on, and say it.
  let configForm = false;
  const stopListening = scratch.rejections?.((reason) => (configForm ? hooks.emit(uncaught(reason, scratch.source)) : activity.fail(reason)));
  const before = tf.memory();
  provideScope({ tf: lesson.scratchTf(), ...activity.timers() });
  const runs: RunResult[] = [];
  let error: DescentError | null = null;
  // Everything the scratch makes lives in this scope, so whatever it forgets is freed at the end.
  tf.engine().startScope();
  lesson.install();
  try {
    const exported = await scratch.load();
    if (exported?.default === undefined) {
      // The learner's code is done once the work it went on to do (an async loop's awaits, its timers) is.
      // A Pause sent while the learner's loop held the thread arrives meanwhile, in time to be answered before the runs end.
      await activity.settled();
      lesson.uninstall();
      runs.push(...finishLesson(lesson, before, hooks));
    } else {
      configForm = true;
      lesson.uninstall();
      const config = readConfig(exported?.default, {
        defaultBackend: scratch.defaultBackend,
        epochs: scratch.epochs,
        backend: scratch.backend,
        logEvery: scratch.logEvery,
        play: scratch.play,
      });
      // The loss as the learner wrote it: the compiled function may have other names (esbuild renames to avoid clashes).
      const loss = scratch.source.functionTextOfField('loss') ?? config.summary.loss;
      hooks.emit({ type: 'plan', summary: { ...config.summary, loss }, runs: config.plans });
      for (const plan of await plansOnBackend(config.problem, config.plans, scratch.backends ?? backendsHere(), hooks.now)) {
        current = plan.index;
        runs.push(await train(config.problem, plan, hooks));
      }
    }
  } catch (thrown) {
    error = describeError(thrown, scratch.source);
  } finally {
    activity.cancelTimers();
    lesson.uninstall();
    lesson.cleanUp();
    tf.engine().endScope();
    stopListening?.();
    restoreConsole();
  }
  hooks.emit({ type: 'finished', runs, error });
  return { runs, error };
}

const LESSON_SUMMARY: ScratchSummary = { form: 'lesson', variables: {}, data: {}, loss: '' };

/** Ends the lesson form's runs: what the scratch left in memory, then each run's result. */
function finishLesson(lesson: LessonHook, before: tf.MemoryInfo, hooks: TrainerHooks): RunResult[] {
  if (!lesson.ranAny) {
    hooks.emit({ type: 'plan', summary: LESSON_SUMMARY, runs: [] });
    console.info('The scratch ran to its end without training: it has no default export (a config) and never called optimizer.minimize().');
  }
  return lesson.finish(before);
}

function uncaught(reason: unknown, source: ScratchSource): TrainerEvent {
  const error = describeError(reason, source);
  const where = error.line ? ` (${error.file}:${error.line})` : '';
  return { type: 'print', run: null, level: 'error', text: `Uncaught (in promise) ${error.message}${where}` };
}

export function describeError(thrown: unknown, source: ScratchSource): DescentError {
  if (thrown instanceof ConfigError) {
    return source.toError('config', thrown.message, thrown.field ? source.positionOfField(thrown.field) : null);
  }
  if (thrown instanceof LossError) {
    const position = source.positionOf(thrown.cause) ?? source.positionOf(thrown) ?? source.positionOfField('loss');
    return source.toError('runtime', thrown.message, position);
  }
  if (thrown instanceof ScratchMistake) return source.toError('runtime', thrown.message, source.positionOf(thrown));
  if (thrown instanceof Error) {
    const position = source.positionOf(thrown);
    const explained = explainNameError(thrown, source.lineAt(position), source.declaredNames());
    const message = thrown.name && thrown.name !== 'Error' ? `${thrown.name}: ${thrown.message}` : thrown.message;
    return source.toError('runtime', explained ? `${explained} (${message})` : message, position);
  }
  return source.toError('runtime', `The scratch threw ${String(thrown)}`, null);
}
