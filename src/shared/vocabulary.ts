// The words that Descent's settings, configs and messages share, and each descent.* setting as
// package.json declares it. package.json, media/types/descent.d.ts and the trainer's optimizers
// repeat them where they cannot import them; test/unit/vocabulary.test.ts holds those copies to these.

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adagrad', 'adadelta', 'adam', 'adamax', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
/** Each optimizer's options, in the order tf.train's factory takes them after the learning rate. */
export const OPTIMIZER_OPTIONS: Record<OptimizerName, readonly string[]> = {
  sgd: [],
  momentum: ['momentum', 'useNesterov'],
  adagrad: ['initialAccumulatorValue'],
  adadelta: ['rho', 'epsilon'],
  adam: ['beta1', 'beta2', 'epsilon'],
  adamax: ['beta1', 'beta2', 'epsilon', 'decay'],
  rmsprop: ['decay', 'momentum', 'epsilon', 'centered'],
};

/** The tfjs backends a run may name; 'auto' times a few epochs on each and trains on the fastest. */
export const BACKENDS = ['webgl', 'cpu', 'wasm', 'auto'] as const;
export type Backend = (typeof BACKENDS)[number];
/** The backends that train: what a run's result reports. */
export const TRAINING_BACKENDS = ['webgl', 'cpu', 'wasm'] as const;
export type TrainingBackend = (typeof TRAINING_BACKENDS)[number];
/** Where a landscape is computed: exact float32, and no GPU taken from the trainer. */
export const LANDSCAPE_BACKEND: TrainingBackend = 'cpu';

/** The lesson's three ways of cleaning up: tf.tidy, dispose() by hand, or not at all (it leaks). */
export const MEMORY_MODES = ['tidy', 'dispose', 'none'] as const;
export type MemoryMode = (typeof MEMORY_MODES)[number];

/** How the loss chart's y axis starts out; the learner can switch it in the chart. */
export const CHART_SCALES = ['linear', 'log'] as const;
export type ChartScale = (typeof CHART_SCALES)[number];

/** Where a scratch file's panel opens: beside the scratch, or as a tab in its own column. */
export const PANEL_COLUMNS = ['beside', 'active'] as const;
export type PanelColumn = (typeof PANEL_COLUMNS)[number];

const choice = <const T extends readonly string[]>(options: T, byDefault: T[number]) => ({ type: 'string', enum: options, default: byDefault }) as const;
const toggle = (byDefault: boolean) => ({ type: 'boolean', default: byDefault }) as const;
const amount = <const T extends 'integer' | 'number'>(type: T, minimum: number, byDefault: number) => ({ type, minimum, default: byDefault }) as const;

/** Each descent.* setting: its type, its choices or least value, and its default. */
export const SETTINGS = {
  defaultBackend: choice(BACKENDS, 'webgl'),
  /** 0: the scratch's own logEvery. */
  logEvery: amount('integer', 0, 0),
  /** 0: no time limit. */
  runTimeoutSeconds: amount('number', 0, 0),
  chartScale: choice(CHART_SCALES, 'linear'),
  keptRuns: amount('integer', 1, 20),
  panelColumn: choice(PANEL_COLUMNS, 'beside'),
  /** The loss curve or surface with the optimizer's path, beside the loss chart. */
  figures: toggle(true),
  /** A finished run's final values as faint text at the end of the scratch's variables line. */
  inlineResults: toggle(true),
};
