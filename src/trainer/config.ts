// Reads a scratch file's default export (design contract v1) into run plans, or explains, naming
// the field, what is wrong with it.
import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec, PlayChange, RunPlan, ScratchSummary } from '../shared/protocol';
import { BACKENDS, MEMORY_MODES, OPTIMIZER_NAMES, type Backend, type MemoryMode, type OptimizerName } from '../shared/vocabulary';
import { optimizerLabel } from '../shared/wording';
import { OPTIMIZERS } from './optimizers';
import { playedSpec, playedValue } from './playChange';
import type { InitialValue, LossFunction, Problem } from './problem';
import { mapValues } from './problemTensors';

export interface Config {
  problem: Problem;
  summary: ScratchSummary;
  plans: RunPlan[];
}

export interface ConfigOverrides {
  epochs?: number;
  logEvery?: number;
  /** The backend the runtime uses when the scratch names none. */
  defaultBackend: Backend;
  backend?: Backend;
  /** Start values, rates and options the learner tries in the panel, in place of the scratch's. */
  play?: PlayChange;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    /** The top-level field the message is about, to find its line in the source. */
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const FIELDS = ['variables', 'data', 'loss', 'optimizer', 'learningRate', 'epochs', 'stopWhen', 'logEvery', 'backend', 'memory'];
const MAX_EPOCHS = 10_000_000;
/** Numbers in all variables and data together: 200 MB as float32, before gradients and optimizer slots. */
const MAX_ELEMENTS = 50_000_000;
/** Runs one scratch may plan (optimizers × learning rates): each is a line in the chart and a row in the results. */
const MAX_RUNS = 100;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof tf.Tensor);

export function readConfig(exported: unknown, overrides: ConfigOverrides): Config {
  if (exported === undefined) {
    throw new ConfigError(
      'The scratch file has no default export. Add `export default { variables, loss, optimizer, learningRate, epochs }`.',
      null,
    );
  }
  if (!isRecord(exported)) {
    throw new ConfigError(`The default export should be an object with the fields ${FIELDS.join(', ')}; it is ${describe(exported)}.`, null);
  }
  for (const key of Object.keys(exported)) {
    if (!FIELDS.includes(key)) {
      const hint = closest(key, FIELDS);
      throw new ConfigError(`Unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}. Valid fields: ${FIELDS.join(', ')}.`, key);
    }
  }

  const { play } = overrides;
  const written = readValues(exported.variables, 'variables', true);
  const variables = play ? mapValues(written, (value, name) => playedValue(play, name, value)) : written;
  const data = exported.data === undefined ? {} : readValues(exported.data, 'data', false);
  for (const name of Object.keys(data)) {
    if (name in variables) throw new ConfigError(`"${name}" is both a variable and data; give them different names.`, 'data');
  }
  const elements = [...Object.values(variables), ...Object.values(data)].reduce((sum: number, v) => sum + sizeOf(v), 0);
  if (elements > MAX_ELEMENTS) {
    throw new ConfigError(`"variables" and "data" hold ${elements} numbers together; the most Descent trains with is ${MAX_ELEMENTS}.`, 'data');
  }
  if (typeof exported.loss !== 'function') {
    throw new ConfigError(
      `"loss" should be a function that takes the variables and data by name and returns a scalar tensor, e.g. ({ x, ys }) => ys.mul(x).square().mean(); it is ${describe(exported.loss)}.`,
      'loss',
    );
  }
  const loss = exported.loss as LossFunction;

  const rates = readLearningRates(exported.learningRate);
  const read = readOptimizers(exported.optimizer === undefined ? 'sgd' : exported.optimizer, rates);
  const optimizers = play ? read.map((spec) => playedSpec(play, spec)) : read;
  if (optimizers.length > MAX_RUNS) {
    const field = Array.isArray(exported.learningRate) && exported.learningRate.length > 1 ? 'learningRate' : 'optimizer';
    throw new ConfigError(`"optimizer" and "learningRate" plan ${optimizers.length} runs; the most Descent runs at once is ${MAX_RUNS}.`, field);
  }
  const epochs = readCount(overrides.epochs ?? exported.epochs, 'epochs', null, MAX_EPOCHS);
  const logEvery = overrides.logEvery ?? readCount(exported.logEvery, 'logEvery', Math.max(1, Math.round(epochs / 10)), Number.MAX_SAFE_INTEGER);
  const stopWhenLoss = readStopWhen(exported.stopWhen);
  const backend = overrides.backend ?? readBackend(exported.backend, overrides.defaultBackend);
  const memory = readMemory(exported.memory);

  const plans = optimizers.map(
    (optimizer, index): RunPlan => ({
      index,
      label: optimizerLabel(optimizer),
      optimizer,
      epochs,
      logEvery,
      stopWhenLoss,
      backend,
      memory,
    }),
  );
  return {
    problem: { variables, data, loss },
    plans,
    summary: {
      form: 'config',
      variables: mapValues(variables, summarize),
      data: mapValues(data, summarize),
      loss: String(loss),
    },
  };
}

function readValues(raw: unknown, field: 'variables' | 'data', required: boolean): Record<string, InitialValue> {
  const example = field === 'variables' ? '{ x: 4.12 }' : '{ ys: [2, -5, 16, -24, 3] }';
  if (raw === undefined && required) throw new ConfigError(`"${field}" is missing: name each trainable value, e.g. ${field}: ${example}.`, field);
  if (!isRecord(raw)) throw new ConfigError(`"${field}" should be an object of name → value, e.g. ${field}: ${example}; it is ${describe(raw)}.`, field);
  const names = Object.keys(raw);
  if (required && names.length === 0) throw new ConfigError(`"${field}" is empty: there is nothing to train. Add one, e.g. ${field}: ${example}.`, field);
  const values: Record<string, InitialValue> = {};
  for (const name of names) {
    const value = raw[name];
    const problem = checkValue(value, `${field}.${name}`);
    if (problem) throw new ConfigError(problem, field);
    values[name] = value as InitialValue;
  }
  return values;
}

/** Returns why the value is not a number, a rectangular nested array of numbers, or a tensor. */
function checkValue(value: unknown, path: string): string | null {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) return `${path} is a tensor that was already disposed.`;
    if (value.dtype !== 'float32' && value.dtype !== 'int32') return `${path} is a ${value.dtype} tensor; use numbers (float32).`;
    return value.size > MAX_ELEMENTS ? `${path} has ${value.size} elements; the limit is ${MAX_ELEMENTS}.` : null;
  }
  // The shape's size first: a huge array is refused before it is walked, let alone made a tensor.
  const size = shapeOf(value).reduce((product, n) => product * n, 1);
  if (size > MAX_ELEMENTS) return `${path} has ${size} elements; the limit is ${MAX_ELEMENTS}.`;
  const walk = (v: unknown, at: string): string | null => {
    if (typeof v === 'number') return checkNumber(v, at);
    if (!Array.isArray(v)) return notANumber(v, at);
    if (v.length === 0) return `${at} is an empty array.`;
    if (!Array.isArray(v[0])) return checkNumbers(v, at);
    const shape = JSON.stringify(shapeOf(v[0]));
    for (let i = 0; i < v.length; i++) {
      if (JSON.stringify(shapeOf(v[i])) !== shape) return `${at} is not rectangular: ${at}[${i}] has a different shape from ${at}[0].`;
      const problem = walk(v[i], `${at}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
  return walk(value, path);
}

const checkNumber = (n: number, at: string): string | null => (Number.isFinite(n) ? null : `${at} is ${n}; start from a finite number.`);
const notANumber = (v: unknown, at: string) => `${at} should be a number, an array of numbers or a tf.Tensor; it is ${describe(v)}.`;

/** The innermost row, where the numbers are: no path is built unless one is wrong (rows can hold millions). */
function checkNumbers(row: unknown[], at: string): string | null {
  for (let i = 0; i < row.length; i++) {
    const n = row[i];
    if (typeof n === 'number') {
      if (!Number.isFinite(n)) return checkNumber(n, `${at}[${i}]`);
    } else if (Array.isArray(n)) {
      return `${at} is not rectangular: ${at}[${i}] has a different shape from ${at}[0].`;
    } else {
      return notANumber(n, `${at}[${i}]`);
    }
  }
  return null;
}

function sizeOf(value: InitialValue): number {
  return value instanceof tf.Tensor ? value.size : shapeOf(value).reduce((product, n) => product * n, 1);
}

function shapeOf(v: unknown): number[] {
  return Array.isArray(v) ? [v.length, ...shapeOf(v[0])] : [];
}

function readLearningRates(raw: unknown): (number | null)[] {
  if (raw === undefined) return [null];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new ConfigError('"learningRate" is an empty array: give at least one rate.', 'learningRate');
  return list.map((rate, i) => {
    const at = Array.isArray(raw) ? `learningRate[${i}]` : 'learningRate';
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
      throw new ConfigError(`"${at}" should be a positive number such as 0.01; it is ${describe(rate)}.`, 'learningRate');
    }
    return rate;
  });
}

function readOptimizers(raw: unknown, rates: (number | null)[]): OptimizerSpec[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new ConfigError('"optimizer" is an empty array: name at least one, e.g. "sgd".', 'optimizer');
  return list.flatMap((entry, i) => {
    const at = Array.isArray(raw) ? `optimizer[${i}]` : 'optimizer';
    const { name, ownRate, options } = readOptimizerEntry(entry, at);
    const sweep = ownRate === null ? rates : [ownRate];
    return sweep.map((rate): OptimizerSpec => {
      const learningRate = rate ?? OPTIMIZERS[name].defaultLearningRate;
      if (learningRate === null) {
        throw new ConfigError(`"learningRate" is missing: ${name} has no default rate. Add one, e.g. learningRate: 0.01.`, 'learningRate');
      }
      return { name, learningRate, options };
    });
  });
}

function readOptimizerEntry(entry: unknown, at: string): { name: OptimizerName; ownRate: number | null; options: Record<string, number | boolean> } {
  const valid = `Valid optimizers: ${OPTIMIZER_NAMES.join(', ')}.`;
  const rawName = typeof entry === 'string' ? entry : isRecord(entry) ? entry.name : undefined;
  if (typeof rawName !== 'string') {
    throw new ConfigError(`"${at}" should be an optimizer name or { name, learningRate?, ...options }; it is ${describe(entry)}. ${valid}`, 'optimizer');
  }
  const name = OPTIMIZER_NAMES.find((n) => n === rawName.toLowerCase());
  if (!name) {
    const hint = closest(rawName, OPTIMIZER_NAMES);
    throw new ConfigError(`Unknown optimizer "${rawName}"${hint ? ` (did you mean "${hint}"?)` : ''}. ${valid}`, 'optimizer');
  }
  const info = OPTIMIZERS[name];
  const given = isRecord(entry) ? entry : {};
  const options: Record<string, number | boolean> = {};
  let ownRate: number | null = null;
  for (const [key, value] of Object.entries(given)) {
    if (key === 'name') continue;
    if (key === 'learningRate') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        throw new ConfigError(`"${at}.learningRate" should be a positive number; it is ${describe(value)}.`, 'optimizer');
      }
      ownRate = value;
      continue;
    }
    const option = info.options[key];
    if (!option) {
      const known = Object.keys(info.options);
      throw new ConfigError(
        `${name} has no option "${key}". ${known.length ? `Its options: learningRate, ${known.join(', ')}.` : 'Its only option is learningRate.'}`,
        'optimizer',
      );
    }
    const fits = option.type === 'boolean' ? typeof value === 'boolean' : typeof value === 'number' && Number.isFinite(value);
    if (!fits) throw new ConfigError(`"${at}.${key}" should be ${option.type === 'boolean' ? 'true or false' : 'a number'}; it is ${describe(value)}.`, 'optimizer');
    options[key] = value as number | boolean;
  }
  for (const [key, option] of Object.entries(info.options)) {
    if (option.required && !(key in options)) {
      throw new ConfigError(`${name} needs the option "${key}", e.g. optimizer: { name: '${name}', ${key}: 0.9 }.`, 'optimizer');
    }
  }
  return { name, ownRate, options };
}

function readCount(raw: unknown, field: string, fallback: number | null, max: number): number {
  if (raw === undefined && fallback !== null) return fallback;
  if (raw === undefined) throw new ConfigError(`"${field}" is missing: how many epochs to train, e.g. ${field}: 200.`, field);
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
    throw new ConfigError(`"${field}" should be a whole number of at least 1; it is ${describe(raw)}.`, field);
  }
  if (raw > max) throw new ConfigError(`"${field}" is ${raw}; the most Descent runs is ${max}.`, field);
  return raw;
}

function readStopWhen(raw: unknown): number | null {
  if (raw === undefined) return null;
  if (!isRecord(raw) || typeof raw.loss !== 'number' || Number.isNaN(raw.loss) || Object.keys(raw).some((k) => k !== 'loss')) {
    throw new ConfigError(`"stopWhen" should be { loss: number }, e.g. stopWhen: { loss: 1e-6 }; it is ${describe(raw)}.`, 'stopWhen');
  }
  return raw.loss;
}

function readBackend(raw: unknown, fallback: Backend): Backend {
  if (raw === undefined) return fallback;
  const backend = BACKENDS.find((b) => b === raw);
  if (!backend) throw new ConfigError(`"backend" should be one of ${BACKENDS.join(', ')}; it is ${describe(raw)}.`, 'backend');
  return backend;
}

function readMemory(raw: unknown): MemoryMode {
  if (raw === undefined) return 'tidy';
  const mode = MEMORY_MODES.find((m) => m === raw);
  if (!mode) {
    throw new ConfigError(
      `"memory" should be one of ${MEMORY_MODES.join(', ')} (tf.tidy, dispose() by hand, or no clean-up, which leaks); it is ${describe(raw)}.`,
      'memory',
    );
  }
  return mode;
}

function summarize(value: InitialValue): string {
  if (typeof value === 'number') return String(value);
  const shape = value instanceof tf.Tensor ? value.shape : shapeOf(value);
  return shape.length === 0 && value instanceof tf.Tensor ? `tensor ${value.dataSync()[0]}` : `[${shape.join('×')}]`;
}


export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** The candidate nearest to the word, if it is a plausible typo. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
