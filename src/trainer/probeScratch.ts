// Runs a compiled scratch only as far as its loss, to ask that loss about other points (the
// landscape): a config's loss over its tensors, or the function the lesson form first passes to
// minimize, whose loop is cut short there. Nothing is trained and nothing the learner prints is
// shown (the real run prints it). The variables stay registered, so each request can move them.
import * as tf from '@tensorflow/tfjs';
import type { Value } from '../shared/protocol';
import { componentName, flatIndexOf, parseComponentName } from '../shared/variableComponents';
import { readConfig } from './config';
import { LessonHook } from './lessonForm';
import { LossProbe, type ProbeComponent } from './lossProbe';
import { makeTensors } from './problemTensors';
import { captureConsole } from './printing';
import { describeError, type LoadedScratch } from './runScratch';
import { ScratchActivity } from './scratchActivity';
import { provideScope, type ScratchExports } from './scratchModule';
import type { ScratchSource } from './scratchSource';

/** Why the learner's loss cannot be drawn, in plain words. */
export class LandscapeUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LandscapeUnavailable';
  }
}

export interface ScratchProbe {
  /** The shape of each variable the loss is drawn over, by name, in the scratch's order. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  /**
   * A probe of the loss over the named components (`x`, `w[3]`), after setting each variable that
   * `values` names to its value there (the others held fixed). Throws LandscapeUnavailable.
   */
  probeFor(components: readonly string[], values?: Record<string, Value>): LossProbe;
  /** Frees the variables (and, for a config, its data); the lesson form's own data lives as long as the thread. */
  dispose(): void;
}

/** Thrown from the lesson form's first minimize call: its loop has given what the probe needs. */
const LOSS_CAPTURED = Symbol('the loss is captured');

interface LoadedLoss {
  loss: () => tf.Scalar;
  variables: [string, tf.Variable][];
  dispose(): void;
}

/** Rejects with LandscapeUnavailable when the scratch stops before its loss, or has none that gives a number. */
export async function probeScratch(scratch: LoadedScratch): Promise<ScratchProbe> {
  const { source } = scratch;
  const loaded = await loadLoss(scratch);
  try {
    checkLoss(loaded.loss, source);
  } catch (unavailable) {
    loaded.dispose();
    throw unavailable;
  }
  const variables = new Map(loaded.variables);
  return {
    shapes: Object.fromEntries(loaded.variables.map(([name, v]) => [name, v.shape])),
    probeFor: (names, values = {}) => {
      if (names.length !== 1 && names.length !== 2) throw new LandscapeUnavailable(`A landscape is drawn over one or two variables; ${names.length} were named.`);
      const components = names.map((name) => resolveComponent(name, variables));
      setValues(values, variables);
      return new LossProbe(loaded.loss, components);
    },
    dispose: loaded.dispose,
  };
}

async function loadLoss(scratch: LoadedScratch): Promise<LoadedLoss> {
  const { source } = scratch;
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const scratchVariables = () => Object.values(tf.engine().registeredVariables).filter((v) => !before.has(v.name) && !v.isDisposed);
  const disposeScratchVariables = () => scratchVariables().forEach((v) => v.dispose());
  try {
    const { exported, first } = await runToFirstMinimize(scratch);
    if (first) {
      const trained = (first.varList ?? scratchVariables()).filter((v) => v.trainable);
      if (trained.length === 0) throw new LandscapeUnavailable('The loss passed to minimize() trains no variable: there is nothing to draw it over.');
      return { loss: first.f, variables: trained.map((v) => [v.name, v]), dispose: disposeScratchVariables };
    }
    if (exported?.default === undefined) {
      throw new LandscapeUnavailable('The scratch has no default export (a config) and never calls optimizer.minimize(): there is no loss to draw.');
    }
    const config = configLoss(exported.default, source);
    return {
      ...config,
      dispose: () => {
        config.dispose();
        disposeScratchVariables();
      },
    };
  } catch (unavailable) {
    disposeScratchVariables();
    throw unavailable;
  }
}

interface FirstMinimize {
  f: () => tf.Scalar;
  varList?: tf.Variable[];
}

/**
 * Runs the scratch, quiet, up to the lesson form's first minimize call, if it makes one (after
 * awaits too), or else to its end; then clears the timers it set, so its loop goes no further.
 */
async function runToFirstMinimize({ load, source, rejections }: LoadedScratch): Promise<{ exported?: ScratchExports; first: FirstMinimize | null }> {
  const activity = new ScratchActivity();
  // The lesson form's hook names a variable after the identifier it is assigned to, as the run does.
  provideScope({ tf: new LessonHook({ emit: () => undefined, now: () => 0 }, source, activity, () => undefined).scratchTf(), ...activity.timers() });
  let first = null as FirstMinimize | null;
  let captured = () => undefined as void;
  const capture = new Promise<undefined>((resolve) => (captured = () => resolve(undefined)));
  const minimize = tf.Optimizer.prototype.minimize;
  tf.Optimizer.prototype.minimize = function (f, _returnCost, varList) {
    first ??= { f, varList };
    captured();
    throw LOSS_CAPTURED;
  };
  const stopListening = rejections?.((reason) => reason !== LOSS_CAPTURED && activity.fail(reason));
  const restoreConsole = captureConsole(() => undefined);
  try {
    const exported = await Promise.race([load(), capture]);
    if (!first && exported?.default === undefined) await Promise.race([activity.settled(), capture]);
    return { exported, first };
  } catch (thrown) {
    if (thrown !== LOSS_CAPTURED) throw stoppedBefore(thrown, source);
    return { first };
  } finally {
    activity.cancelTimers();
    tf.Optimizer.prototype.minimize = minimize;
    stopListening?.();
    restoreConsole();
  }
}

function configLoss(exported: unknown, source: ScratchSource): LoadedLoss {
  let config;
  try {
    config = readConfig(exported, { defaultBackend: 'cpu' });
  } catch (thrown) {
    throw stoppedBefore(thrown, source);
  }
  const { problem } = config;
  const tensors = makeTensors(problem);
  return { loss: () => problem.loss(tensors.inputs) as tf.Scalar, variables: Object.entries(tensors.variables), dispose: tensors.dispose };
}

/** Asks the loss once where the variables are, so that a loss that cannot be drawn says why before any grid is asked of it. */
function checkLoss(loss: () => tf.Scalar, source: ScratchSource): void {
  let value: unknown;
  try {
    value = tf.tidy(loss);
  } catch (thrown) {
    throw new LandscapeUnavailable(`The loss throws where the variables start, so it cannot be drawn: ${describeError(thrown, source).message}`);
  }
  if (!(value instanceof tf.Tensor)) {
    throw new LandscapeUnavailable(`The loss returned ${typeof value === 'number' ? 'a plain number' : String(value)}, not a scalar tensor: there is nothing to draw.`);
  }
  value.dispose();
  if (value.size !== 1) throw new LandscapeUnavailable(`The loss returned a tensor of shape [${value.shape.join(', ')}], not a scalar: end it with .mean() or .sum().`);
}

function stoppedBefore(thrown: unknown, source: ScratchSource): LandscapeUnavailable {
  const error = describeError(thrown, source);
  const where = error.line ? ` (${error.file}:${error.line})` : '';
  return new LandscapeUnavailable(`The scratch stops before its loss can be drawn: ${error.message}${where}`);
}

function resolveComponent(name: string, variables: ReadonlyMap<string, tf.Variable>): ProbeComponent {
  const parsed = parseComponentName(name);
  const variable = parsed && variables.get(parsed.variable);
  if (!parsed || !variable) {
    throw new LandscapeUnavailable(`"${name}" is not a variable of this scratch; its variables: ${[...variables.keys()].join(', ')}.`);
  }
  // A variable of one element (shape [1] as well as []) is drawn by its name alone.
  const index = parsed.indices.length === 0 && variable.size === 1 ? 0 : flatIndexOf(variable.shape, parsed.indices);
  if (index === null) {
    const last = componentName(parsed.variable, variable.shape, variable.size - 1);
    throw new LandscapeUnavailable(`${parsed.variable} has shape [${variable.shape.join(', ')}]: "${name}" is not one of its elements (${componentName(parsed.variable, variable.shape, 0)} to ${last}).`);
  }
  return { name, variable, index };
}

function setValues(values: Record<string, Value>, variables: ReadonlyMap<string, tf.Variable>): void {
  for (const [name, value] of Object.entries(values)) {
    const variable = variables.get(name);
    if (!variable) continue;
    const numbers = flatten(value);
    if (numbers.length !== variable.size) {
      throw new LandscapeUnavailable(`The value given for ${name} has ${numbers.length} numbers; ${name} has ${variable.size}.`);
    }
    const held = tf.tensor(numbers, variable.shape, variable.dtype);
    variable.assign(held);
    held.dispose();
  }
}

function flatten(value: Value): number[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value ?? NaN];
}
