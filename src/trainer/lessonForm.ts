// The lesson form: a scratch with no default export that makes its own variables and calls
// optimizer.minimize in a loop at its top level, exactly as the lesson does. Each optimizer
// instance is a run and each minimize call an epoch. The learner's loop is synchronous, so
// progress is read back in batches from inside it (one stall per batch, not per epoch), and it
// cannot be paused.
import * as tf from '@tensorflow/tfjs';
import { finiteOrNull, OPTIMIZER_NAMES, type LeakReport, type OptimizerName, type RunPlan, type RunResult } from '../shared/protocol';
import { PAUSE_NEEDS_CONFIG } from '../shared/wording';
import { currentBackend } from './backends';
import type { ShownVariable } from './batchRead';
import type { ScratchSource } from './scratchSource';
import { explainLossError } from './lossError';
import { forgetDisposedTensors } from './memory';
import { disposeOptimizer } from './optimizers';
import { PathSlope } from './pathSlope';
import { pathComponents, pathSeries, pathVariables } from './pathSeries';
import { RunRecorder, shownVariables, variableValues, type TrainerHooks } from './runRecorder';

/** A progress line in the output every this many epochs (the lesson's loop does not say how many it runs). */
const LESSON_LOG_EVERY = 20;

interface LessonRun {
  recorder: RunRecorder;
  optimizer: tf.Optimizer;
  /** What it trains, by name. */
  variables: ShownVariable[];
  shown: ShownVariable[];
  path: ShownVariable[];
  /** Costs of the epochs not read back yet. */
  pending: tf.Scalar[];
  /** Each path variable's clones after those epochs, one an epoch. */
  pendingPath: tf.Tensor[][];
  lastLoss: () => tf.Scalar;
}

type Minimize = tf.Optimizer['minimize'];

export class LessonHook {
  private readonly runs = new Map<tf.Optimizer, LessonRun>();
  private readonly originalMinimize: Minimize = tf.Optimizer.prototype.minimize;
  /** Tensors the scratch passed to tf.variable: the variable keeps its own reference to their data. */
  private readonly initialValues: tf.Tensor[] = [];
  private readonly variablesBefore = new Set(Object.keys(tf.engine().registeredVariables));

  constructor(
    private readonly hooks: TrainerHooks,
    private readonly source: ScratchSource,
    private readonly onFirstRun: () => void,
    private readonly logEvery = LESSON_LOG_EVERY,
  ) {}

  get ranAny(): boolean {
    return this.runs.size > 0;
  }

  /** The run whose optimizer called minimize last: where the learner's printed output belongs. */
  get currentRun(): number | null {
    return this.lastRun?.recorder.plan.index ?? null;
  }

  private lastRun: LessonRun | null = null;
  private toldPauseNeedsConfig = false;

  /**
   * The tfjs the scratch imports: the runtime's own, with tf.variable noting its initial value and,
   * for a variable the learner did not name, naming it after the identifier it is assigned to.
   */
  scratchTf(): typeof tf {
    const variable: typeof tf.variable = (initialValue, trainable, name, dtype) => {
      this.initialValues.push(initialValue);
      return tf.variable(initialValue, trainable, name ?? this.nameFromSource(new Error()), dtype);
    };
    return { ...tf, variable };
  }

  /** `x` for a line such as `const x = tf.variable(…)`, when no variable has that name yet. */
  private nameFromSource(callSite: Error): string | undefined {
    const position = this.source.positionOf(callSite);
    const line = position && this.source.lineText(position.line);
    const name = line && /([A-Za-z_$][\w$]*)\s*=\s*[\w$.]*variable\s*\(/.exec(line)?.[1];
    return name && !(name in tf.engine().registeredVariables) ? name : undefined;
  }

  install(): void {
    const hook = this;
    tf.Optimizer.prototype.minimize = function (this: tf.Optimizer, f, returnCost = false, varList) {
      return hook.minimize(this, f, returnCost, varList);
    };
  }

  uninstall(): void {
    tf.Optimizer.prototype.minimize = this.originalMinimize;
  }

  /**
   * Reads back what is pending, reports what the scratch left in memory (counted before cleaning
   * up) and every run's result.
   */
  finish(before: tf.MemoryInfo): RunResult[] {
    this.answerPause();
    for (const run of this.runs.values()) this.flush(run);
    const leak = this.leftBehind(before.numTensors, before.numBytes);
    if (leak) this.hooks.emit({ type: 'leak', ...leak });
    return [...this.runs.values()].map((run) =>
      run.recorder.end({
        finalLoss: finalLoss(run.lastLoss) ?? run.recorder.lastLoss,
        variables: variableValues(run.variables),
        tensorsLeaked: leak?.tensors ?? 0,
      }),
    );
  }

  /** What the scratch left in memory, with the causes that can be named. */
  private leftBehind(tensorsBefore: number, bytesBefore: number): LeakReport | null {
    const memory = tf.memory();
    const tensors = memory.numTensors - tensorsBefore;
    if (tensors <= 0) return null;
    const causes: string[] = [];
    const variables = this.scratchVariables();
    if (variables.length) {
      causes.push(`${variables.length} variable${variables.length > 1 ? 's' : ''} never disposed (${variables.map((v) => v.name).join(', ')})`);
    }
    const kept = this.initialValues.filter((t) => !t.isDisposed).length;
    if (kept) causes.push(`${kept} tensor${kept > 1 ? 's' : ''} passed to tf.variable and kept (the variable has its own; dispose the initial value)`);
    let optimizerTensors = 0;
    for (const run of this.runs.values()) {
      const held = tensorsHeldBy(run.optimizer);
      if (held) causes.push(`the ${run.recorder.plan.optimizer.name} optimizer, never disposed (${held} tensor${held > 1 ? 's' : ''}; call optimizer.dispose())`);
      optimizerTensors += held;
    }
    const other = tensors - variables.length - kept - optimizerTensors;
    if (other > 0) causes.push(`${other} other tensor${other > 1 ? 's' : ''} made outside tf.tidy and never disposed (data such as ys, or results)`);
    return { run: null, perEpoch: false, tensors, bytes: memory.numBytes - bytesBefore, causes };
  }

  /** Frees what the scratch's runs left: its optimizers and variables (tensors are freed by the caller's scope). */
  cleanUp(): void {
    for (const run of this.runs.values()) disposeOptimizer(run.optimizer);
    this.scratchVariables().forEach((v) => v.dispose());
  }

  private scratchVariables(): tf.Variable[] {
    return Object.entries(tf.engine().registeredVariables)
      .filter(([name, v]) => !this.variablesBefore.has(name) && !v.isDisposed)
      .map(([, v]) => v);
  }

  private minimize(optimizer: tf.Optimizer, f: () => tf.Scalar, returnCost: boolean, varList?: tf.Variable[]): tf.Scalar | null {
    const run = this.runs.get(optimizer) ?? this.start(optimizer, f, varList);
    this.lastRun = run;
    this.answerPause();
    let cost: tf.Scalar | null;
    try {
      // Without a varList tfjs would train every variable ever registered, including other runs' ones.
      cost = this.originalMinimize.call(optimizer, f, true, varList ?? this.scratchVariables().filter((v) => v.trainable));
    } catch (error) {
      throw explainLossError(error);
    }
    if (!cost) return null;
    run.lastLoss = f;
    // The learner's loop goes on after a loss that ended the run; the run records no more of it.
    if (!run.recorder.ended) {
      run.pending.push(tf.keep(cost.clone()));
      run.path.forEach(([, v], k) => run.pendingPath[k].push(tf.keep(v.clone())));
      if (run.recorder.reportDue(run.pending.length)) this.flush(run);
    }
    if (returnCost) return cost;
    cost.dispose();
    return null;
  }

  /** A Pause or Step cannot hold the learner's own loop: says so once, and the loop goes on. */
  private answerPause(): void {
    if (this.toldPauseNeedsConfig || !this.hooks.gate?.paused) return;
    this.toldPauseNeedsConfig = true;
    this.hooks.emit({ type: 'print', run: this.currentRun, level: 'warn', text: PAUSE_NEEDS_CONFIG });
  }

  /** A new run, its slope taken before tfjs's first minimize moves its variables. */
  private start(optimizer: tf.Optimizer, f: () => tf.Scalar, varList?: tf.Variable[]): LessonRun {
    if (this.runs.size === 0) this.onFirstRun();
    const name = optimizerName(optimizer);
    const learningRate = (optimizer as unknown as { learningRate: number }).learningRate;
    const plan: RunPlan = {
      index: this.runs.size,
      label: `${name} lr=${learningRate}`,
      optimizer: { name, learningRate, options: {} },
      epochs: 0,
      logEvery: this.logEvery,
      stopWhenLoss: null,
      backend: currentBackend(),
      memory: null,
    };
    const variables = (varList ?? this.scratchVariables().filter((v) => v.trainable)).map((v): ShownVariable => [v.name, v]);
    const shown = shownVariables(variables);
    const path = pathVariables(shown);
    const recorder = new RunRecorder(plan, this.hooks);
    recorder.startsAt(new PathSlope(f, pathComponents(path)).here());
    const run: LessonRun = { recorder, optimizer, variables, shown, path, pending: [], pendingPath: path.map(() => []), lastLoss: () => tf.scalar(NaN) };
    this.runs.set(optimizer, run);
    return run;
  }

  /** Reads back the pending epochs' costs and path in one read, and reports them. */
  private flush(run: LessonRun): void {
    const epochs = run.pending.length;
    if (epochs === 0) return;
    const kept = [...run.pending, ...run.pendingPath.flat()];
    const joined = tf.tidy(() => tf.concat(kept.map((t) => t.reshape([-1]))));
    tf.dispose(kept);
    run.pending = [];
    run.pendingPath = run.path.map(() => []);
    const values = joined.dataSync() as Float32Array;
    joined.dispose();
    run.recorder.take(values.subarray(0, epochs));
    forgetDisposedTensors();
    // After the costs, each path variable's numbers, one epoch after another.
    let offset = epochs;
    const perVariable = run.path.map(([, v]) => values.subarray(offset, (offset += epochs * v.size)));
    run.recorder.report({ path: pathSeries(run.path, perVariable, epochs), live: variableValues(run.shown) });
  }
}

function optimizerName(optimizer: tf.Optimizer): OptimizerName {
  const className = String((optimizer.constructor as { className?: string }).className ?? '').toLowerCase();
  return OPTIMIZER_NAMES.find((n) => n === className) ?? 'sgd';
}

/** The loss at the final variables, if the learner's loss can still be computed. */
function finalLoss(loss: () => tf.Scalar): number | null {
  try {
    const value = tf.tidy(loss);
    const [n] = value.dataSync();
    value.dispose();
    return finiteOrNull(n);
  } catch {
    return null;
  }
}

/** How many undisposed tensors an optimizer still holds (its learning rate, moments, accumulators). */
function tensorsHeldBy(optimizer: tf.Optimizer): number {
  let count = 0;
  const visit = (value: unknown, depth: number) => {
    if (value instanceof tf.Tensor) count += value.isDisposed ? 0 : 1;
    else if (depth < 2 && Array.isArray(value)) value.forEach((v) => visit(v, depth + 1));
    else if (depth < 2 && value && typeof value === 'object') Object.values(value).forEach((v) => visit(v, depth + 1));
  };
  Object.values(optimizer).forEach((v) => visit(v, 0));
  return count;
}
