// The lesson form: a scratch with no default export that makes its own variables and calls
// optimizer.minimize in a loop, exactly as the lesson does, at its top level or in an async loop
// that awaits between epochs. Each optimizer instance is a run and each minimize call an epoch.
// Progress is read back in batches from inside the learner's loop (one stall per batch, not per
// epoch). Each run's final values are kept before the learner disposes its tensors, so a scratch
// that cleans up after itself still has a result.
import * as tf from '@tensorflow/tfjs';
import { finiteOrNull, OPTIMIZER_NAMES, type LeakReport, type PlayChange, type RunPlan, type RunResult, type Value } from '../shared/protocol';
import { optimizerLabel, PAUSE_NEEDS_CONFIG } from '../shared/wording';
import { currentBackend } from './backends';
import type { ShownVariable } from './batchRead';
import type { ScratchSource } from './scratchSource';
import { callSite, lossReturnedNothing, minimizeCallIn, minimizeNeedsFunction, variableNeedsTensor } from './lessonMistakes';
import { explainLossError } from './lossError';
import { forgetDisposedTensors } from './memory';
import { disposeOptimizer, optimizerName } from './optimizers';
import { PathSlope } from './pathSlope';
import { playedArgs, playedTensor } from './playChange';
import type { OptimizerStep } from './stepAnatomy';
import { pathComponents, pathSeries, pathVariables } from './pathSeries';
import { RunRecorder, shownVariables, variableValues, type TrainerHooks } from './runRecorder';
import type { ScratchActivity } from './scratchActivity';

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
  /** Tensors with a smaller id existed before the run's first epoch: its variables and data. */
  firstNewTensorId: number;
  /** The run's values and loss after its last epoch, kept before the scratch disposed what they need. */
  final: FinalValues | null;
}

interface FinalValues {
  variables: Record<string, Value>;
  loss: LossAt;
}

/** The loss at a run's final values, or why it cannot be computed. */
type LossAt = { value: number | null } | { unavailable: string };

/** Methods of tfjs's classes replaced while the scratch runs, to be put back after. */
type Patch = () => void;

export class LessonHook {
  private readonly runs = new Map<tf.Optimizer, LessonRun>();
  /** The optimizers the scratch made (through tf.train) or trained with. */
  private readonly optimizers = new Set<tf.Optimizer>();
  private readonly originalMinimize = tf.Optimizer.prototype.minimize;
  private patches: Patch[] = [];
  /** Tensors the scratch made variables from (tf.variable, tensor.variable()): each variable keeps its own reference to their data. */
  private readonly initialValues: tf.Tensor[] = [];
  private readonly variablesBefore = new Set(Object.keys(tf.engine().registeredVariables));

  constructor(
    private readonly hooks: TrainerHooks,
    private readonly source: ScratchSource,
    /** Where the promises the scratch waits for are counted, so that its run ends when its code has. */
    private readonly activity: ScratchActivity,
    private readonly onFirstRun: () => void,
    private readonly logEvery = LESSON_LOG_EVERY,
    /** Start values, rates and options the learner tries in the panel, in place of those the code writes. */
    private readonly play?: PlayChange,
  ) {
    activity.holdWith(() => this.holdIfPaused());
  }

  get ranAny(): boolean {
    return this.runs.size > 0;
  }

  /** The run whose optimizer called minimize last: where the learner's printed output belongs. */
  get currentRun(): number | null {
    return this.lastRun?.recorder.plan.index ?? null;
  }

  private lastRun: LessonRun | null = null;
  private toldPauseNeedsConfig = false;
  /** The hold under way at the learner's awaits, which every await that comes meanwhile joins. */
  private holding: Promise<void> | null = null;
  /** After a Step: the epoch count up to which the learner's loop goes on before it is held again. */
  private stepUntil: number | null = null;

  /**
   * The tfjs the scratch imports: the runtime's own, with tf.variable noting its initial value and,
   * for a variable the learner did not name, naming it after the identifier it is assigned to; its
   * promises counted as the scratch's outstanding work.
   */
  scratchTf(): typeof tf {
    const variable: typeof tf.variable = (initialValue, trainable, name, dtype) => {
      if (!(initialValue instanceof tf.Tensor)) throw variableNeedsTensor(initialValue);
      this.initialValues.push(initialValue);
      const named = name ?? this.nameFromSource(new Error());
      return this.played(initialValue, named, (start) => tf.variable(start, trainable, named, dtype));
    };
    const disposeVariables: typeof tf.disposeVariables = () => {
      this.runs.forEach((run) => this.keepFinal(run));
      tf.disposeVariables();
    };
    const track = this.activity.track.bind(this.activity);
    const tracked = <A extends unknown[], R>(f: (...args: A) => R) => (...args: A): R => track(f(...args));
    // tf.train's optimizers are static methods of a class: not enumerable in tfjs's ES module build.
    const train = Object.fromEntries(
      OPTIMIZER_NAMES.map((name) => [
        name,
        (...args: unknown[]) => this.noted((tf.train[name] as (...a: unknown[]) => tf.Optimizer)(...(this.play ? playedArgs(this.play, name, args) : args))),
      ]),
    ) as unknown as typeof tf.train;
    return {
      ...tf,
      variable,
      disposeVariables,
      train,
      nextFrame: tracked(tf.nextFrame),
      ready: tracked(tf.ready),
      setBackend: tracked(tf.setBackend),
      time: tracked(tf.time),
      profile: tracked(tf.profile),
      loadLayersModel: tracked(tf.loadLayersModel),
      loadGraphModel: tracked(tf.loadGraphModel),
    };
  }

  private noted(optimizer: tf.Optimizer): tf.Optimizer {
    this.optimizers.add(optimizer);
    return optimizer;
  }

  /** `x` for a line such as `const x = tf.variable(…)` or `const x = tf.scalar(4.12).variable()`, when no variable has that name yet. */
  private nameFromSource(callSite: Error): string | undefined {
    const line = this.source.lineAt(this.source.positionOf(callSite));
    const name = line && /([A-Za-z_$][\w$]*)\s*=\s*[^=;]*\bvariable\s*\(/.exec(line)?.[1];
    return name && !(name in tf.engine().registeredVariables) ? name : undefined;
  }

  /** The variable `make` makes from the initial value, or from the play change's start for it (which is freed after: the variable keeps its data). */
  private played<R extends tf.Rank>(initial: tf.Tensor<R>, name: string | undefined, make: (start: tf.Tensor<R>) => tf.Variable<R>): tf.Variable<R> {
    const start = this.play ? (playedTensor(this.play, name, initial) as tf.Tensor<R>) : initial;
    const variable = make(start);
    if (start !== initial) start.dispose();
    return variable;
  }

  /** Puts the hooks in tfjs's classes: minimize, reading values, tensor.variable() and dispose. */
  install(): void {
    const hook = this;
    const track = this.activity.track.bind(this.activity);
    this.patch(tf.Optimizer.prototype, 'minimize', () =>
      function (this: tf.Optimizer, f: () => tf.Scalar, returnCost = false, varList?: tf.Variable[]) {
        return hook.minimize(this, f, returnCost, varList);
      },
    );
    for (const read of ['data', 'array', 'bytes', 'buffer'] as const) {
      this.patch(tf.Tensor.prototype, read, (original) =>
        function (this: tf.Tensor, ...args: unknown[]) {
          return track((original as (...a: unknown[]) => unknown).apply(this, args));
        } as typeof original,
      );
    }
    for (const method of ['fit', 'fitDataset', 'evaluateDataset'] as const) {
      this.patch(tf.LayersModel.prototype, method, (original) =>
        function (this: tf.LayersModel, ...args: unknown[]) {
          return track((original as (...a: unknown[]) => unknown).apply(this, args));
        } as typeof original,
      );
    }
    this.patch(tf.Tensor.prototype, 'variable', (original) =>
      function (this: tf.Tensor, trainable?: boolean, name?: string, dtype?: tf.DataType) {
        hook.initialValues.push(this);
        const named = name ?? hook.nameFromSource(new Error());
        return hook.played(this, named, (start) => original.call(start, trainable, named, dtype));
      } as typeof original,
    );
    for (const type of [tf.Tensor, tf.Variable]) {
      this.patch(type.prototype, 'dispose', (original) =>
        function (this: tf.Tensor) {
          hook.beforeDispose(this);
          original.call(this);
        },
      );
    }
  }

  uninstall(): void {
    this.patches.splice(0).reverse().forEach((undo) => undo());
  }

  private patch<T extends object, K extends keyof T>(target: T, key: K, replace: (original: T[K]) => T[K]): void {
    const original = target[key];
    target[key] = replace(original);
    this.patches.push(() => (target[key] = original));
  }

  /** Keeps each run's final values and loss before the scratch disposes a tensor that existed before the run trained. */
  private beforeDispose(tensor: tf.Tensor): void {
    if (tensor.isDisposed) return;
    for (const run of this.runs.values()) {
      if (tensor.id < run.firstNewTensorId) this.keepFinal(run);
    }
  }

  /** The run's values and loss now, unless they were kept since its last epoch. */
  private keepFinal(run: LessonRun): void {
    run.final ??= { variables: variableValues(run.variables), loss: lossAt(run.lastLoss) };
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
    return [...this.runs.values()].map((run) => {
      this.keepFinal(run);
      const { variables, loss } = run.final as FinalValues;
      return run.recorder.end({
        finalLoss: 'value' in loss ? loss.value : null,
        finalLossUnavailable: 'unavailable' in loss ? loss.unavailable : undefined,
        variables,
        tensorsLeaked: leak?.tensors ?? 0,
      });
    });
  }

  /** What the scratch left in memory, with the causes that can be named. */
  private leftBehind(tensorsBefore: number, bytesBefore: number): LeakReport | null {
    const memory = tf.memory();
    const tensors = memory.numTensors - tensorsBefore;
    if (tensors <= 0) return null;
    const causes: string[] = [];
    const variables = this.learnerVariables();
    if (variables.length) {
      causes.push(`${variables.length} variable${variables.length > 1 ? 's' : ''} never disposed (${variables.map((v) => v.name).join(', ')})`);
    }
    const kept = this.initialValues.filter((t) => !t.isDisposed).length;
    if (kept) causes.push(`${kept} tensor${kept > 1 ? 's' : ''} a variable was made from, kept (the variable has its own copy; dispose the initial value)`);
    let optimizerTensors = 0;
    for (const optimizer of this.optimizers) {
      const held = tensorsHeldBy(optimizer).length;
      if (held) causes.push(`the ${optimizerName(optimizer)} optimizer, never disposed (${held} tensor${held > 1 ? 's' : ''}; call optimizer.dispose())`);
      optimizerTensors += held;
    }
    const other = tensors - variables.length - kept - optimizerTensors;
    if (other > 0) causes.push(`${other} other tensor${other > 1 ? 's' : ''} made outside tf.tidy and never disposed (data such as ys, or results)`);
    return { run: null, perEpoch: false, tensors, bytes: memory.numBytes - bytesBefore, causes };
  }

  /** Frees what the scratch left: its optimizers and variables (tensors are freed by the caller's scope). */
  cleanUp(): void {
    this.optimizers.forEach(disposeOptimizer);
    this.scratchVariables().forEach((v) => v.dispose());
  }

  /** Every variable registered since the scratch started and not disposed, the optimizers' own among them. */
  private scratchVariables(): tf.Variable[] {
    return Object.entries(tf.engine().registeredVariables)
      .filter(([name, v]) => !this.variablesBefore.has(name) && !v.isDisposed)
      .map(([, v]) => v);
  }

  /** The variables the learner made: not those an optimizer keeps (adam's powers of beta, its moments, …). */
  private learnerVariables(): tf.Variable[] {
    const held = new Set([...this.optimizers].flatMap(tensorsHeldBy));
    return this.scratchVariables().filter((v) => !held.has(v));
  }

  private minimize(optimizer: tf.Optimizer, given: unknown, returnCost: boolean, varList?: tf.Variable[]): tf.Scalar | null {
    const f = this.checkedLoss(given);
    this.optimizers.add(optimizer);
    const run = this.runs.get(optimizer) ?? this.start(optimizer, f, varList);
    this.lastRun = run;
    this.answerPause();
    const trained = varList ?? this.learnerVariables().filter((v) => v.trainable);
    let cost: tf.Scalar | null;
    try {
      // Without a varList tfjs would train every variable ever registered, including other runs' ones.
      cost = this.originalMinimize.call(optimizer, f, true, trained);
    } catch (error) {
      throw explainLossError(error, trained.map((v) => v.name));
    }
    if (!cost) return null;
    run.lastLoss = f;
    run.final = null;
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

  /** The learner's loss function, which must return the loss; says what to write when it is not a function or returns nothing. */
  private checkedLoss(given: unknown): () => tf.Scalar {
    const call = () => minimizeCallIn(this.source.lineAt(this.source.positionOf(callSite())));
    if (typeof given !== 'function') throw minimizeNeedsFunction(given, call());
    const f = given as () => tf.Scalar | undefined;
    return () => {
      const loss = f();
      if (loss === undefined) throw lossReturnedNothing(f, call());
      return loss;
    };
  }

  /**
   * A Pause holds an async loop at its next await, once what is pending is reported; each Step lets
   * one more epoch through, Resume the rest. Null when the loop may go on.
   */
  private holdIfPaused(): Promise<void> | null {
    const gate = this.hooks.gate;
    const run = this.lastRun;
    if (this.holding || !gate?.paused || !run || run.recorder.ended) return this.holding;
    if (this.stepUntil !== null && run.recorder.epochs + run.pending.length < this.stepUntil) return null;
    this.holding = this.hold(run, gate).finally(() => (this.holding = null));
    return this.holding;
  }

  private async hold(run: LessonRun, gate: NonNullable<TrainerHooks['gate']>): Promise<void> {
    this.flush(run);
    run.recorder.pause(new PathSlope(run.lastLoss, pathComponents(run.path)).here(this.stepOf(run.optimizer, run.lastLoss, run.variables)));
    if ((await gate.next()) === 'step') {
      this.stepUntil = run.recorder.epochs + 1;
    } else {
      this.stepUntil = null;
      run.recorder.resume();
    }
  }

  /** A Pause or Step cannot hold a loop that never awaits: says so once, and the loop goes on. */
  private answerPause(): void {
    if (this.toldPauseNeedsConfig || !this.hooks.gate?.paused || this.activity.asynchronous) return;
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
      label: optimizerLabel({ name, learningRate }),
      optimizer: { name, learningRate, options: {} },
      epochs: 0,
      logEvery: this.logEvery,
      stopWhenLoss: null,
      backend: currentBackend(),
      memory: null,
    };
    const variables = (varList ?? this.learnerVariables().filter((v) => v.trainable)).map((v): ShownVariable => [v.name, v]);
    const shown = shownVariables(variables);
    const path = pathVariables(shown);
    const recorder = new RunRecorder(plan, this.hooks);
    recorder.startsAt(new PathSlope(f, pathComponents(path)).here(this.stepOf(optimizer, f, variables)));
    const marker = tf.scalar(0);
    const run: LessonRun = {
      recorder,
      optimizer,
      variables,
      shown,
      path,
      pending: [],
      pendingPath: path.map(() => []),
      lastLoss: f,
      firstNewTensorId: marker.id,
      final: null,
    };
    marker.dispose();
    this.runs.set(optimizer, run);
    return run;
  }

  /** The optimizer's step as the learner's minimize takes it, on the variables it trains. */
  private stepOf(optimizer: tf.Optimizer, f: () => tf.Scalar, trained: ShownVariable[]): OptimizerStep {
    const variables = trained.map(([, v]) => v);
    return { optimizer, variables, take: () => void this.originalMinimize.call(optimizer, f, false, variables) };
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

/** The loss at the variables as they are, or why the learner's loss cannot compute it any more. */
function lossAt(loss: () => tf.Scalar): LossAt {
  try {
    const value = tf.tidy(loss);
    const [n] = value.dataSync();
    value.dispose();
    return { value: finiteOrNull(n) };
  } catch (thrown) {
    const why = thrown instanceof Error ? thrown.message : String(thrown);
    return { unavailable: `the loss function could not be computed after the run: ${why}` };
  }
}

/** The undisposed tensors an optimizer holds (its learning rate, moments, accumulators). */
function tensorsHeldBy(optimizer: tf.Optimizer): tf.Tensor[] {
  const held: tf.Tensor[] = [];
  const visit = (value: unknown, depth: number) => {
    if (value instanceof tf.Tensor) {
      if (!value.isDisposed) held.push(value);
    }
    else if (depth < 2 && Array.isArray(value)) value.forEach((v) => visit(v, depth + 1));
    else if (depth < 2 && value && typeof value === 'object') Object.values(value).forEach((v) => visit(v, depth + 1));
  };
  Object.values(optimizer).forEach((v) => visit(v, 0));
  return held;
}
