// Every message that crosses a boundary (host ⇄ webview ⇄ worker), as the schema that each side
// checks what arrives against; the types are inferred from the schemas. Nothing here may import DOM
// or VS Code APIs.
import * as v from 'valibot';
import {
  anyOf,
  arrayOf,
  blob,
  bool,
  int,
  messageField,
  num,
  oneOf,
  positiveInt,
  recordOf,
  shape,
  shapeWithRest,
  str,
  validator,
  value,
  type MessageOf,
} from './messageChecks';
import { BACKENDS, CHART_SCALES, MEMORY_MODES, OPTIMIZER_NAMES, TRAINING_BACKENDS, type Backend } from './vocabulary';

export type { Validation, Value } from './messageChecks';
export {
  BACKENDS,
  CHART_SCALES,
  MEMORY_MODES,
  OPTIMIZER_NAMES,
  TRAINING_BACKENDS,
  type Backend,
  type ChartScale,
  type MemoryMode,
  type OptimizerName,
  type TrainingBackend,
} from './vocabulary';

export const RUN_STATUSES = ['completed', 'converged', 'diverged', 'stopped', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ERROR_KINDS = ['compile', 'config', 'runtime', 'timeout'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const descentError = shape({
  kind: oneOf(ERROR_KINDS),
  message: str,
  file: v.nullable(str),
  /** 1-based, in the learner's source. */
  line: v.nullable(int),
  /** 1-based, in the learner's source. */
  column: v.nullable(int),
});
export type DescentError = v.InferOutput<typeof descentError>;

const optimizerSpec = shape({
  name: oneOf(OPTIMIZER_NAMES),
  learningRate: num,
  /** That optimizer's own options (momentum, beta1, rho, …), as the learner gave them. */
  options: recordOf(anyOf(num, bool)),
});
export type OptimizerSpec = v.InferOutput<typeof optimizerSpec>;

/**
 * What the learner tries in the panel without editing the scratch: new start values of path
 * variables (by path name: `x`, `w[0]`), each run's learning rate times a factor (playRate), and
 * the optimizer's numeric options by tfjs's names (`momentum`, `beta1`, `rho`, …) for each run whose
 * optimizer has them.
 */
const playChange = shape({
  start: recordOf(num),
  rateFactor: num,
  options: recordOf(num),
});
export type PlayChange = v.InferOutput<typeof playChange>;

/** A run's learning rate under a play change's factor, to three significant digits, as Use in scratch writes it. */
export function playRate(learningRate: number, rateFactor: number): number {
  return rateFactor === 1 ? learningRate : Number((learningRate * rateFactor).toPrecision(3));
}

/** A dragged start value as a play change holds it: three significant digits, as Use in scratch writes it. */
export function playStart(value: number): number {
  return Number(value.toPrecision(3));
}

const runPlan = shape({
  index: int,
  label: str,
  optimizer: optimizerSpec,
  /** 0 when not known ahead: the lesson form's loop decides. */
  epochs: int,
  logEvery: int,
  stopWhenLoss: v.nullable(num),
  backend: oneOf(BACKENDS),
  /** Why the run trains on its backend, when 'auto' chose it: e.g. "auto: cpu 0.21 ms/epoch, wasm 0.35, webgl 2.9". */
  backendReason: v.optional(str),
  /** null: the learner's own code manages memory (the lesson form). */
  memory: v.nullable(oneOf(MEMORY_MODES)),
});
export type RunPlan = v.InferOutput<typeof runPlan>;

/** What the source cell shows: the problem at a glance. */
const scratchSummary = shape({
  /** config: a default-exported config; lesson: code that trains at its top level. */
  form: oneOf(['config', 'lesson']),
  variables: recordOf(str),
  data: recordOf(str),
  loss: str,
});
export type ScratchSummary = v.InferOutput<typeof scratchSummary>;

/** What the learner's code keeps in tfjs's memory: tfjs's counts less the tensors Descent keeps for itself. */
const memoryInfo = shape({
  numTensors: int,
  numBytes: num,
  /** What those tensors take in WebGL's textures (not the freed textures tfjs keeps for reuse); null on other backends. */
  numBytesInGPU: v.nullable(num),
});
export type MemoryInfo = v.InferOutput<typeof memoryInfo>;

/** Tensors that a run or a scratch left alive, with what usually causes it. */
const leakReport = {
  /** The run whose epochs leak, or null for what the whole scratch left behind. */
  run: v.nullable(int),
  /** Per epoch when the count grows epoch after epoch; else the total left at the end. */
  perEpoch: bool,
  tensors: num,
  bytes: num,
  causes: arrayOf(str),
};
export type LeakReport = v.InferOutput<v.ObjectSchema<typeof leakReport, undefined>>;

const lossList = arrayOf(v.nullable(num));

/** The series a run's path records, at most (pathSeries.ts): the figures draw one or two components, and with more each series gets a chart. */
export const PATH_VARIABLES = 8;

const components = arrayOf(v.nullable(num));
/** One step of the optimizer (stepAnatomy.ts), each list in the order of the slope's `variables`. */
const stepAnatomyShape = shape({
  /** Its own state after the step, by the names tfjs gives it (adam's m and v, momentum's momentum; adamax's m and u). */
  state: recordOf(components),
  /** What its rule works out from that state on the way (adam's m̂ and v̂ after bias correction). */
  terms: recordOf(components),
  /** The effective step size: what the rule multiplies the gradient (or the velocity, m̂) by. */
  rate: components,
  /** The step its rule gives from the gradient and the state. */
  explained: components,
  /** The variable's actual change. */
  taken: components,
});
export type StepAnatomy = v.InferOutput<typeof stepAnatomyShape>;

const slopeFields = {
  /** The epoch the point is after; 0 at the start. */
  epoch: int,
  /** The path's scalar components (`x`, `w[0]`), in the order of `at` and `gradient`. */
  variables: arrayOf(str),
  at: arrayOf(v.nullable(num)),
  loss: v.nullable(num),
  /** dL/dv for each variable, from tfjs's gradients. */
  gradient: arrayOf(v.nullable(num)),
  /**
   * The loss a small step either side of the point, one variable moved at a time, as the lesson
   * tries 4.11 and 4.13 around 4.12: `step` is a hundredth of the value's order of magnitude.
   */
  probes: arrayOf(shape({ step: num, below: v.nullable(num), above: v.nullable(num) })),
  /** Where the next step lands, when the optimizer says so ahead (sgd: at − learningRate·gradient); null otherwise. */
  next: v.nullable(arrayOf(v.nullable(num))),
  /** The optimizer's step from the point, taken apart; absent where it could not be taken. */
  anatomy: v.optional(stepAnatomyShape),
};
export type Slope = v.InferOutput<v.ObjectSchema<typeof slopeFields, undefined>>;

/**
 * The loss over a grid of one or two path variables (the others held where they are): axes[0]
 * for the first, axes[1] for the second; loss[i] at axes[0][i], or loss[i * axes[1].length + j]
 * at (axes[0][i], axes[1][j]). null where the loss was not finite.
 */
const landscapeFields = {
  variables: arrayOf(str),
  axes: arrayOf(arrayOf(num)),
  loss: lossList,
};
const landscapeShape = shape(landscapeFields);
export type Landscape = v.InferOutput<typeof landscapeShape>;
const variables = recordOf(value);

const runSummaryFields = {
  label: str,
  /** Its name and rate, and the options it was made with. */
  optimizer: shapeWithRest({ name: oneOf(OPTIMIZER_NAMES), learningRate: num }, anyOf(num, bool, str)),
  status: oneOf(RUN_STATUSES),
  epochs: int,
  finalLoss: v.nullable(num),
  /** Why finalLoss is null for a run that did not diverge: its loss could not be computed at the final values. */
  finalLossUnavailable: v.optional(str),
  variables,
  backend: oneOf(TRAINING_BACKENDS),
  tensorsLeaked: int,
  ms: num,
  /** Why a run ended early, in plain words (divergence, stop, error). */
  reason: v.nullable(str),
};
const runResult = shape({
  ...runSummaryFields,
  /** loss[i]: the cost epoch i+1 computed before its update. */
  loss: lossList,
});
export type RunResult = v.InferOutput<typeof runResult>;

/**
 * A run's result as it leaves the worker for the panel and the host: all but the per-epoch losses,
 * which the panel has already drawn batch by batch (a million epochs would make a message of megabytes).
 */
const runSummary = shape(runSummaryFields);
export type RunSummary = v.InferOutput<typeof runSummary>;

export const PRINT_LEVELS = ['log', 'warn', 'error'] as const;
export type PrintLevel = (typeof PRINT_LEVELS)[number];

// ---- trainer → (worker → webview →) host, and the CLI's own reporter ----
/** The events of a run, with `runEnd` and `finished` left to the kind of result they carry. */
const eventsBesidesResults = {
  plan: shape({ type: v.literal('plan'), summary: scratchSummary, runs: arrayOf(runPlan) }),
  runStart: shape({ type: v.literal('runStart'), plan: runPlan }),
  progress: shape({
    type: v.literal('progress'),
    run: int,
    /** 1-based epoch of losses[0]. */
    firstEpoch: int,
    losses: lossList,
    variables,
    memory: memoryInfo,
    /**
     * The path: each path series after each of these epochs (path[name][k] after epoch
     * firstEpoch + k): a scalar variable (`x`), a small tensor's first components (`w[0]`) and its
     * norm (`‖w‖`), at most PATH_VARIABLES series; absent when none.
     */
    path: v.optional(recordOf(lossList)),
  }),
  log: shape({ type: v.literal('log'), run: int, epoch: int, loss: v.nullable(num), variables }),
  print: shape({ type: v.literal('print'), run: v.nullable(int), level: oneOf(PRINT_LEVELS), text: str }),
  leak: shape({ type: v.literal('leak'), ...leakReport }),
  /** Which way is down at a point of a run (its start, or where it is paused). */
  slope: shape({ type: v.literal('slope'), run: int, ...slopeFields }),
  /** The run is paused after this epoch (the learner's Pause, or a Step that ended). */
  paused: shape({ type: v.literal('paused'), run: int, epoch: int }),
  resumed: shape({ type: v.literal('resumed'), run: int }),
};

/** The runtime's full results: what the CLI's reporter gets. */
const trainerEvents = {
  ...eventsBesidesResults,
  runEnd: shape({ type: v.literal('runEnd'), run: int, result: runResult }),
  finished: shape({ type: v.literal('finished'), runs: arrayOf(runResult), error: v.nullable(descentError) }),
};
export type TrainerEvent = MessageOf<typeof trainerEvents>;

/** A trainer event as it crosses from the worker to the panel and on to the host: results as summaries. */
const panelEvents = {
  ...eventsBesidesResults,
  runEnd: shape({ type: v.literal('runEnd'), run: int, result: runSummary }),
  finished: shape({ type: v.literal('finished'), runs: arrayOf(runSummary), error: v.nullable(descentError) }),
};
export type PanelEvent = MessageOf<typeof panelEvents>;

export function summarizeEvent(event: TrainerEvent): PanelEvent {
  if (event.type === 'runEnd') return { ...event, result: summarize(event.result) };
  if (event.type === 'finished') return { ...event, runs: event.runs.map(summarize) };
  return event;
}

function summarize({ loss: _perEpoch, ...summary }: RunResult): RunSummary {
  return summary;
}

// ---- the runs a scratch keeps (the host stores them, the panel replays them) ----
/**
 * A finished run cell as it is kept: the events its state is folded from, one progress event a
 * run holding every epoch (see storedRuns.ts), and the text it ran.
 */
const storedCell = shape({
  number: positiveInt,
  file: str,
  source: str,
  events: arrayOf(messageField(panelEvents)),
  /** The learner (or a new run) stopped it: the state after the events is then stopped. */
  stopped: bool,
  compileError: v.nullable(descentError),
});
export type StoredCell = v.InferOutput<typeof storedCell>;

/** The version of the stored runs' form that this Descent writes; a file of a later one is set aside. */
export const STORED_RUNS_VERSION = 1;

const storedRuns = {
  runs: shape({
    type: v.literal('runs'),
    version: v.literal(STORED_RUNS_VERSION, `should be ${STORED_RUNS_VERSION}`),
    /** The scratch file's URI. */
    scratch: str,
    /** The number the scratch's next run cell gets, so numbers go on across reloads. */
    nextNumber: positiveInt,
    /** The pinned cell's number; null for none. */
    baseline: v.nullable(positiveInt),
    cells: arrayOf(storedCell),
  }),
};
export type StoredRuns = MessageOf<typeof storedRuns>;

/** What the panel keeps in VS Code's webview state: its scratch, for the panel to come back to it after a reload. */
export interface PanelState {
  scratch: string;
}

/** What the panel's page, in its HTML, is told to get its spare workers ready for before a run asks. */
export interface PageSpares {
  /** descent.defaultBackend: what the spare trainer gets ready on. */
  backend: Backend;
  /** descent.figures: whether a spare landscape worker stands ready too. */
  figures: boolean;
}

// ---- webview → worker ----
/**
 * The wasm backend's binaries, as tfjs names them. A webview's worker cannot rely on fetching its
 * panel's resources (VS Code may fail or never answer such a request), so it asks the page for
 * the one it needs, and the page, which can read them, sends it as a Blob.
 */
export const WASM_FILE_NAMES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const;
export type WasmFileName = (typeof WASM_FILE_NAMES)[number];

/**
 * The compiled scratch, wrapped by wrapScratch, as a blob: URL of the page that the worker imports
 * (importScripts). A worker is started before its scratch is known, so that one can be ready.
 */
const scratchUrl = str;

const workerStart = shape({
  type: v.literal('start'),
  scratchUrl,
  file: str,
  /** The compiled scratch's source map (JSON), to point errors at the learner's lines. */
  sourceMap: str,
  backend: oneOf(BACKENDS),
  /** Overrides the scratch's logEvery (the descent.logEvery setting). */
  logEvery: v.optional(positiveInt),
  /** Start values, rates and options the learner tries in the panel, in place of the scratch's. */
  play: v.optional(playChange),
});
export type WorkerStart = v.InferOutput<typeof workerStart>;

/** The page's answer to a worker's wasmFileWanted: the file, or why it could not be loaded. */
const wasmFileAnswer = shape({ type: v.literal('wasmFile'), name: oneOf(WASM_FILE_NAMES), file: v.nullable(blob), problem: v.nullable(str) });
export type WasmFileAnswer = v.InferOutput<typeof wasmFileAnswer>;

/** Pause after the epoch in flight, run one more epoch and pause again, or go on. */
export const RUN_CONTROLS = ['pause', 'step', 'resume'] as const;
export type RunControl = (typeof RUN_CONTROLS)[number];

/**
 * Starts a worker as a landscape worker: it loads the scratch as far as its loss (the config's, or
 * the function the lesson form first passes to minimize), on the cpu backend, trains nothing, and
 * answers landscape requests.
 */
const probeStart = shape({ type: v.literal('probe'), scratchUrl, file: str, sourceMap: str });

/** Gets a spare worker ready before any scratch: starts this backend and compiles the common kernels. */
const warm = shape({ type: v.literal('warm'), backend: oneOf(BACKENDS) });

/** A landscape worker's task: the loss over a grid that holds these points of the named variables. */
const landscapeRequest = shape({
  type: v.literal('landscapeRequest'),
  id: int,
  /** One or two path variables (a scratch variable, or a component of one such as `w[3]`). */
  variables: arrayOf(str),
  /** Points the grid's range must hold (the start, the path's extremes), each with a value per variable. */
  holding: arrayOf(arrayOf(num)),
  /** The other variables' current values, held fixed. */
  values: recordOf(value),
});
export type LandscapeRequest = v.InferOutput<typeof landscapeRequest>;

/**
 * A landscape worker's other task, while the learner drags a start or slides a number: where each
 * optimizer goes from `start` (a value per variable) in `epochs` steps, on the loss the landscape draws.
 */
const previewRequest = shape({
  type: v.literal('previewRequest'),
  id: int,
  /** The one or two path variables the figure draws. */
  variables: arrayOf(str),
  /** The other variables' values, held fixed. */
  values: recordOf(value),
  start: arrayOf(num),
  /** Each run's optimizer, the learner's change applied: one path each. */
  optimizers: arrayOf(optimizerSpec),
  epochs: positiveInt,
});
export type PreviewRequest = v.InferOutput<typeof previewRequest>;

/** A point of a previewed path: a value per variable, and the loss there; null where not finite. */
const previewPoint = shape({ at: arrayOf(v.nullable(num)), loss: v.nullable(num) });
export type PreviewPoint = v.InferOutput<typeof previewPoint>;

const toWorker = {
  warm,
  start: workerStart,
  wasmFile: wasmFileAnswer,
  control: shape({ type: v.literal('control'), action: oneOf(RUN_CONTROLS) }),
  probe: probeStart,
  landscapeRequest,
  previewRequest,
};
export type ToWorker = MessageOf<typeof toWorker>;

/**
 * How far a run's start has come. The host bounds each stage (START_STAGE_MS) so that a run that
 * cannot start ends with an error naming where it stuck, instead of "starting" for ever.
 */
export const START_STAGES = ['compile', 'panel', 'worker', 'backend', 'firstEpoch'] as const;
export type StartStage = (typeof START_STAGES)[number];

/**
 * Each stage's bound, from the end of the stage before. Generous for a loaded two-core machine
 * with software WebGL, where a cold panel takes a few seconds and a cold worker (tfjs parsed, its
 * first backend started) a few more; the first epoch includes the scratch's top level, 'auto''s
 * timing of every backend and compiling WebGL's shaders. descent.runTimeoutSeconds, when longer,
 * extends the first epoch's.
 */
export const START_STAGE_MS: Record<StartStage, number> = {
  compile: 30_000,
  panel: 30_000,
  worker: 30_000,
  // Room for the trainer to try every backend in turn, each within BACKEND_START_MS.
  backend: 45_000,
  firstEpoch: 60_000,
};
/**
 * How long the trainer waits for one backend to start (for wasm, its file from the page included)
 * before it leaves that backend out, with the reason: short enough that a fallback still fits the
 * host's bound for the backend stage.
 */
export const BACKEND_START_MS = 10_000;
/** How long the page waits for one wasm file from its resource origin: less than BACKEND_START_MS, so its own reason is the one the run reports. */
export const WASM_FILE_MS = 8_000;

/** What the worker says of itself besides the trainer's events. */
const workerSignals = {
  /** Its script has run: tfjs is loaded. */
  workerStarted: shape({ type: v.literal('workerStarted') }),
  /** Its first backend is ready; the scratch is about to load. */
  backendReady: shape({ type: v.literal('backendReady'), backend: oneOf(TRAINING_BACKENDS) }),
  wasmFileWanted: shape({ type: v.literal('wasmFileWanted'), name: oneOf(WASM_FILE_NAMES) }),
  /** A spare worker is ready: this backend started and the warm-up trained on it. */
  warmed: shape({ type: v.literal('warmed'), backend: oneOf(TRAINING_BACKENDS) }),
  /** A spare worker could not get ready, in plain words. */
  warmFailed: shape({ type: v.literal('warmFailed'), reason: str }),
  /** A landscape worker's answer: the grid, and how long it took. */
  landscape: shape({ type: v.literal('landscape'), id: int, ...landscapeFields, ms: num }),
  /** A landscape worker's previewed paths, one per optimizer asked for, sampled to a few hundred points. */
  preview: shape({ type: v.literal('preview'), id: int, paths: arrayOf(arrayOf(previewPoint)) }),
  /** A landscape worker cannot draw this scratch's loss (e.g. it has no scalar variable), in plain words. */
  landscapeUnavailable: shape({ type: v.literal('landscapeUnavailable'), id: v.nullable(int), reason: str }),
};
export type WorkerSignal = MessageOf<typeof workerSignals>;
export const WORKER_SIGNALS = Object.keys(workerSignals) as WorkerSignal['type'][];
const fromWorker = { ...panelEvents, ...workerSignals };
export type FromWorker = MessageOf<typeof fromWorker>;

// ---- host → webview ----
/** The user's descent.* settings that the panel and its trainer apply, read when the run started. */
const panelSettings = shape({
  /** null: the scratch's own logEvery. */
  logEvery: v.nullable(positiveInt),
  chartScale: oneOf(CHART_SCALES),
  /** How many run cells the panel keeps; older ones are removed. */
  keptRuns: positiveInt,
  /** Whether run cells draw the loss curve or surface with the path (descent.figures); absent: they do. */
  figures: v.optional(bool),
});
export type PanelSettings = v.InferOutput<typeof panelSettings>;

const runRequest = shape({
  type: v.literal('run'),
  requestId: int,
  file: str,
  /** The learner's text as it was run (for the source cell). */
  source: str,
  /** The compiled scratch, an ES module bundle that wrapScratch (src/trainer/scratchModule.ts) runs. */
  code: str,
  sourceMap: str,
  backend: oneOf(BACKENDS),
  settings: v.optional(panelSettings),
  /** Re-run on save: the run before this one becomes the baseline it draws against. */
  againstPrevious: v.optional(bool),
  /** The learner's play in the panel: the same code again with this change, compared with cell `from`. */
  play: v.optional(shape({ from: positiveInt, change: playChange })),
});
export type RunRequest = v.InferOutput<typeof runRequest>;

const toWebview = {
  run: runRequest,
  stop: shape({ type: v.literal('stop') }),
  /** The host gave up on the run's start (a stage took too long): end the run with this error. */
  fail: shape({ type: v.literal('fail'), requestId: int, error: descentError }),
  /** Something the learner should know about the panel itself, e.g. that it was reopened. */
  notice: shape({ type: v.literal('notice'), text: str }),
  compileError: shape({ type: v.literal('compileError'), requestId: int, file: str, source: str, error: descentError }),
  /** Descent: Pause / Step / Resume Optimization, for the live run. */
  control: shape({ type: v.literal('control'), action: oneOf(RUN_CONTROLS) }),
  /** The scratch's kept runs, sent when its panel opens (or comes back after a reload), before any run. */
  restore: shape({ type: v.literal('restore'), runs: storedRuns.runs, settings: panelSettings }),
};
export type ToWebview = MessageOf<typeof toWebview>;

// ---- webview → host ----
export const EXPORT_FORMATS = ['csv', 'json', 'png'] as const;

const fromWebview = {
  ready: shape({ type: v.literal('ready') }),
  /** The panel's own Run button: run the scratch again. */
  rerun: shape({ type: v.literal('rerun') }),
  trainer: shape({ type: v.literal('trainer'), requestId: int, event: messageField(panelEvents) }),
  stopped: shape({ type: v.literal('stopped'), requestId: int, epoch: int }),
  /** The run reached this start stage (its worker started, its backend is ready, its first epoch is done). */
  stage: shape({ type: v.literal('stage'), requestId: int, stage: oneOf(['worker', 'backend', 'firstEpoch']), backend: v.nullable(str) }),
  log: shape({ type: v.literal('log'), level: oneOf(PRINT_LEVELS), text: str }),
  /**
   * Sent every HEARTBEAT_MS while a run is active, from the panel's main thread (it answers even
   * while the trainer's worker is busy). hidden: the page is hidden, so the browser may slow its
   * timers down and the beats may pause.
   */
  heartbeat: shape({ type: v.literal('heartbeat'), hidden: bool }),
  /**
   * A run cell's history (csv, json) or its loss chart (png, base64), to save where the learner
   * chooses in the host's save dialog; `run` is the cell's number, for the name it suggests.
   */
  export: shape({ type: v.literal('export'), run: int, format: oneOf(EXPORT_FORMATS), content: str }),
  /** Text for the clipboard, which the host writes (a webview may not). */
  copy: shape({ type: v.literal('copy'), text: str }),
  /** A cell has ended: the host keeps it with the scratch's runs (replacing one of the same number). */
  keep: shape({ type: v.literal('keep'), cell: storedCell }),
  /** The learner removed these cells (or cleared them all). */
  forget: shape({ type: v.literal('forget'), runs: arrayOf(positiveInt) }),
  /** The learner pinned this cell as the baseline; null: unpinned. */
  baseline: shape({ type: v.literal('baseline'), run: v.nullable(positiveInt) }),
  /** Run the scratch again with this change, as a new cell compared with cell `from`; the file is not edited. */
  play: shape({ type: v.literal('play'), from: positiveInt, change: playChange }),
  /** Write this change into the scratch's text, as one edit that Undo takes back. */
  useInScratch: shape({ type: v.literal('useInScratch'), change: playChange }),
};
export type FromWebview = MessageOf<typeof fromWebview>;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const HEARTBEAT_MS = 1000;
/** How long the host waits for any message from a panel with an active run before it reopens the panel. */
export const PANEL_SILENCE_MS = 5000;

/** The name under which the runtime hands the compiled scratch its globals: its tfjs and timers. */
export const SCRATCH_SCOPE = '__descentScope';

export const validateTrainerEvent = validator(trainerEvents);
export const validatePanelEvent = validator(panelEvents);
export const validateToWorker = validator(toWorker);
export const validateFromWorker = validator(fromWorker);
export const validateToWebview = validator(toWebview);
export const validateFromWebview = validator(fromWebview);
export const validateStoredRuns = validator(storedRuns);

/** Non-finite numbers cannot cross JSON boundaries; they travel as null. */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
