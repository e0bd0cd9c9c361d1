// Every message that crosses a boundary (host ⇄ webview ⇄ worker), and the checks that each
// side runs on what arrives. Nothing here may import DOM or VS Code APIs.

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adagrad', 'adadelta', 'adam', 'adamax', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** The tfjs backends a run may name; 'auto' times a few epochs on each and trains on the fastest. */
export const BACKENDS = ['webgl', 'cpu', 'wasm', 'auto'] as const;
export type Backend = (typeof BACKENDS)[number];
/** The backends that train: what a run's result reports. */
export const TRAINING_BACKENDS = ['webgl', 'cpu', 'wasm'] as const;
export type TrainingBackend = (typeof TRAINING_BACKENDS)[number];

export const RUN_STATUSES = ['completed', 'converged', 'diverged', 'stopped', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ERROR_KINDS = ['compile', 'config', 'runtime', 'timeout'] as const;

/** The lesson's three ways of cleaning up: tf.tidy, dispose() by hand, or not at all (it leaks). */
export const MEMORY_MODES = ['tidy', 'dispose', 'none'] as const;
export type MemoryMode = (typeof MEMORY_MODES)[number];

/** How the loss chart's y axis starts out; the learner can switch it in the chart. */
export const CHART_SCALES = ['linear', 'log'] as const;
export type ChartScale = (typeof CHART_SCALES)[number];
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A scalar, or nested arrays of numbers (a tensor's values). null stands for NaN or ±Infinity. */
export type Value = number | null | Value[];

export interface DescentError {
  kind: ErrorKind;
  message: string;
  file: string | null;
  /** 1-based, in the learner's source. */
  line: number | null;
  /** 1-based, in the learner's source. */
  column: number | null;
}

export interface OptimizerSpec {
  name: OptimizerName;
  learningRate: number;
  /** That optimizer's own options (momentum, beta1, rho, …), as the learner gave them. */
  options: Record<string, number | boolean>;
}

export interface RunPlan {
  index: number;
  label: string;
  optimizer: OptimizerSpec;
  /** 0 when not known ahead: the lesson form's loop decides. */
  epochs: number;
  logEvery: number;
  stopWhenLoss: number | null;
  backend: Backend;
  /** Why the run trains on its backend, when 'auto' chose it: e.g. "auto: cpu 0.21 ms/epoch, wasm 0.35, webgl 2.9". */
  backendReason?: string;
  /** null: the learner's own code manages memory (the lesson form). */
  memory: MemoryMode | null;
}

/** What the source cell shows: the problem at a glance. */
export interface ScratchSummary {
  /** config: a default-exported config; lesson: code that trains at its top level. */
  form: 'config' | 'lesson';
  variables: Record<string, string>;
  data: Record<string, string>;
  loss: string;
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  /** What the WebGL backend holds on the GPU; null on other backends. */
  numBytesInGPU: number | null;
}

/** Tensors that a run or a scratch left alive, with what usually causes it. */
export interface LeakReport {
  /** The run whose epochs leak, or null for what the whole scratch left behind. */
  run: number | null;
  /** Per epoch when the count grows epoch after epoch; else the total left at the end. */
  perEpoch: boolean;
  tensors: number;
  bytes: number;
  causes: string[];
}

export interface RunResult {
  label: string;
  optimizer: { name: OptimizerName; learningRate: number } & Record<string, number | boolean | string>;
  status: RunStatus;
  epochs: number;
  /** loss[i]: the cost epoch i+1 computed before its update. */
  loss: (number | null)[];
  finalLoss: number | null;
  variables: Record<string, Value>;
  backend: TrainingBackend;
  tensorsLeaked: number;
  ms: number;
  /** Why a run ended early, in plain words (divergence, stop, error). */
  reason: string | null;
}

/**
 * A run's result as it leaves the worker for the panel and the host: all but the per-epoch losses,
 * which the panel has already drawn batch by batch (a million epochs would make a message of megabytes).
 */
export type RunSummary = Omit<RunResult, 'loss'>;

// ---- trainer → (worker → webview →) host, and the CLI's own reporter ----
/** R: the runtime's full results (the CLI), or their summaries (worker → panel → host). */
export type TrainerEvent<R extends RunSummary = RunResult> =
  | { type: 'plan'; summary: ScratchSummary; runs: RunPlan[] }
  | { type: 'runStart'; run: RunPlan }
  | {
      type: 'progress';
      run: number;
      /** 1-based epoch of losses[0]. */
      firstEpoch: number;
      losses: (number | null)[];
      variables: Record<string, Value>;
      memory: MemoryInfo;
    }
  | { type: 'log'; run: number; epoch: number; loss: number | null; variables: Record<string, Value> }
  | { type: 'print'; run: number | null; level: PrintLevel; text: string }
  | ({ type: 'leak' } & LeakReport)
  | { type: 'runEnd'; run: number; result: R }
  | { type: 'finished'; runs: R[]; error: DescentError | null };

/** A trainer event as it crosses from the worker to the panel and on to the host. */
export type PanelEvent = TrainerEvent<RunSummary>;

export function summarizeEvent(event: TrainerEvent): PanelEvent {
  if (event.type === 'runEnd') return { ...event, result: summarize(event.result) };
  if (event.type === 'finished') return { ...event, runs: event.runs.map(summarize) };
  return event;
}

function summarize({ loss: _perEpoch, ...summary }: RunResult): RunSummary {
  return summary;
}

export const PRINT_LEVELS = ['log', 'warn', 'error'] as const;
export type PrintLevel = (typeof PRINT_LEVELS)[number];

// ---- webview → worker ----
export interface WorkerStart {
  type: 'start';
  file: string;
  /** The compiled scratch's source map (JSON), to point errors at the learner's lines. */
  sourceMap: string;
  backend: Backend;
  /** Overrides the scratch's logEvery (the descent.logEvery setting). */
  logEvery?: number;
}

/**
 * The wasm backend's binaries, as tfjs names them. A webview's worker cannot rely on fetching its
 * panel's resources (VS Code may fail or never answer such a request), so it asks the page for
 * the one it needs, and the page, which can read them, sends it as a Blob.
 */
export const WASM_FILE_NAMES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const;
export type WasmFileName = (typeof WASM_FILE_NAMES)[number];

/** The page's answer to a worker's wasmFileWanted: the file, or why it could not be loaded. */
export interface WasmFileAnswer {
  type: 'wasmFile';
  name: WasmFileName;
  file: Blob | null;
  problem: string | null;
}
export type ToWorker = WorkerStart | WasmFileAnswer;

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
export type WorkerSignal =
  /** Its script has run: tfjs is loaded. */
  | { type: 'workerStarted' }
  /** Its first backend is ready; the scratch is about to load. */
  | { type: 'backendReady'; backend: TrainingBackend }
  | { type: 'wasmFileWanted'; name: WasmFileName };
export type FromWorker = PanelEvent | WorkerSignal;

// ---- host → webview ----
export interface RunRequest {
  type: 'run';
  runId: number;
  file: string;
  /** The learner's text as it was run (for the source cell). */
  source: string;
  /** The compiled scratch, an IIFE assigning its exports to SCRATCH_GLOBAL. */
  code: string;
  sourceMap: string;
  backend: Backend;
  settings?: PanelSettings;
}

/** The user's descent.* settings that the panel and its trainer apply, read when the run started. */
export interface PanelSettings {
  /** null: the scratch's own logEvery. */
  logEvery: number | null;
  chartScale: ChartScale;
  /** How many run cells the panel keeps; older ones are removed. */
  keptRuns: number;
}
export type ToWebview =
  | RunRequest
  | { type: 'stop' }
  /** The host gave up on the run's start (a stage took too long): end the run with this error. */
  | { type: 'fail'; runId: number; error: DescentError }
  /** Something the learner should know about the panel itself, e.g. that it was reopened. */
  | { type: 'notice'; text: string }
  | { type: 'compileError'; runId: number; file: string; source: string; error: DescentError };

// ---- webview → host ----
export type FromWebview =
  | { type: 'ready' }
  /** The panel's own Run button: run the scratch again. */
  | { type: 'rerun' }
  | { type: 'trainer'; runId: number; event: PanelEvent }
  | { type: 'stopped'; runId: number; epoch: number }
  /** The run reached this start stage (its worker started, its backend is ready, its first epoch is done). */
  | { type: 'stage'; runId: number; stage: 'worker' | 'backend' | 'firstEpoch'; backend: string | null }
  | { type: 'log'; level: PrintLevel; text: string }
  /**
   * Sent every HEARTBEAT_MS while a run is active, from the panel's main thread (it answers even
   * while the trainer's worker is busy). hidden: the page is hidden, so the browser may slow its
   * timers down and the beats may pause.
   */
  | { type: 'heartbeat'; hidden: boolean };

export const HEARTBEAT_MS = 1000;
/** How long the host waits for any message from a panel with an active run before it reopens the panel. */
export const PANEL_SILENCE_MS = 5000;

/** The name under which the compiled scratch leaves its exports. */
export const SCRATCH_GLOBAL = '__descentScratch';
/** The name under which the runtime hands its tfjs to the compiled scratch. */
export const TF_GLOBAL = '__descentTf';

// ---- validation ----
// A check returns null when the value fits, else a short description of the first misfit.
type Check = (value: unknown, path: string) => string | null;

const MAX_ARRAY = 10_000_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, p) => (typeof v === 'string' ? null : `${p} should be a string`);
const num: Check = (v, p) => (typeof v === 'number' ? null : `${p} should be a number`);
const int: Check = (v, p) => (Number.isInteger(v) ? null : `${p} should be a whole number`);
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : `${p} should be true or false`);
const nullable =
  (check: Check): Check =>
  (v, p) =>
    v === null ? null : check(v, p);
const optional =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? null : check(v, p);
const positiveInt: Check = (v, p) => (Number.isInteger(v) && (v as number) > 0 ? null : `${p} should be a whole number above 0`);
const literal =
  (...allowed: readonly string[]): Check =>
  (v, p) =>
    typeof v === 'string' && allowed.includes(v) ? null : `${p} should be one of ${allowed.join(', ')}`;
const arrayOf =
  (check: Check): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return `${p} should be an array`;
    if (v.length > MAX_ARRAY) return `${p} is too long`;
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i], `${p}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
const recordOf =
  (check: Check): Check =>
  (v, p) => {
    if (!isObject(v)) return `${p} should be an object`;
    for (const [key, item] of Object.entries(v)) {
      const problem = check(item, `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
const shape =
  (fields: Record<string, Check>): Check =>
  (v, p) => {
    if (!isObject(v)) return `${p} should be an object`;
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(v[key], `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
const value: Check = (v, p) => (v === null || typeof v === 'number' ? null : arrayOf(value)(v, p));
const anyOf =
  (...checks: Check[]): Check =>
  (v, p) =>
    checks.some((c) => c(v, p) === null) ? null : `${p} has an unexpected form`;

const backend = literal(...BACKENDS);
const trainingBackend = literal(...TRAINING_BACKENDS);
const optimizerName = literal(...OPTIMIZER_NAMES);
const lossList = arrayOf(nullable(num));
const variables = recordOf(value);

const descentError = shape({
  kind: literal(...ERROR_KINDS),
  message: str,
  file: nullable(str),
  line: nullable(int),
  column: nullable(int),
});

const runPlan = shape({
  index: int,
  label: str,
  optimizer: shape({ name: optimizerName, learningRate: num, options: recordOf(anyOf(num, bool)) }),
  epochs: int,
  logEvery: int,
  stopWhenLoss: nullable(num),
  backend,
  backendReason: optional(str),
  memory: nullable(literal(...MEMORY_MODES)),
});

const runSummaryFields = {
  label: str,
  optimizer: shape({ name: optimizerName, learningRate: num }),
  status: literal(...RUN_STATUSES),
  epochs: int,
  finalLoss: nullable(num),
  variables,
  backend: trainingBackend,
  tensorsLeaked: int,
  ms: num,
  reason: nullable(str),
};
const runResult = shape({ ...runSummaryFields, loss: lossList });
const runSummary = shape(runSummaryFields);

const trainerEvents: Record<TrainerEvent['type'], Check> = {
  plan: shape({
    summary: shape({ form: literal('config', 'lesson'), variables: recordOf(str), data: recordOf(str), loss: str }),
    runs: arrayOf(runPlan),
  }),
  runStart: shape({ run: runPlan }),
  progress: shape({
    run: int,
    firstEpoch: int,
    losses: lossList,
    variables,
    memory: shape({ numTensors: int, numBytes: num, numBytesInGPU: nullable(num) }),
  }),
  log: shape({ run: int, epoch: int, loss: nullable(num), variables }),
  print: shape({ run: nullable(int), level: literal(...PRINT_LEVELS), text: str }),
  leak: shape({ run: nullable(int), perEpoch: bool, tensors: num, bytes: num, causes: arrayOf(str) }),
  runEnd: shape({ run: int, result: runResult }),
  finished: shape({ runs: arrayOf(runResult), error: nullable(descentError) }),
};

const panelEvents: Record<PanelEvent['type'], Check> = {
  ...trainerEvents,
  runEnd: shape({ run: int, result: runSummary }),
  finished: shape({ runs: arrayOf(runSummary), error: nullable(descentError) }),
};

const wasmFileName = literal(...WASM_FILE_NAMES);
const blob: Check = (v, p) => (typeof Blob !== 'undefined' && v instanceof Blob ? null : `${p} should be a Blob`);

const toWorker: Record<ToWorker['type'], Check> = {
  start: shape({ file: str, sourceMap: str, backend, logEvery: optional(positiveInt) }),
  wasmFile: shape({ name: wasmFileName, file: nullable(blob), problem: nullable(str) }),
};

const workerSignals: Record<WorkerSignal['type'], Check> = {
  workerStarted: () => null,
  backendReady: shape({ backend: trainingBackend }),
  wasmFileWanted: shape({ name: wasmFileName }),
};
const fromWorker: Record<FromWorker['type'], Check> = { ...panelEvents, ...workerSignals };

const toWebview: Record<ToWebview['type'], Check> = {
  run: shape({
    runId: int,
    file: str,
    source: str,
    code: str,
    sourceMap: str,
    backend,
    settings: optional(shape({ logEvery: nullable(positiveInt), chartScale: literal(...CHART_SCALES), keptRuns: positiveInt })),
  }),
  stop: () => null,
  fail: shape({ runId: int, error: descentError }),
  notice: shape({ text: str }),
  compileError: shape({ runId: int, file: str, source: str, error: descentError }),
};

const panelEvent: Check = (v, p) => checkUnion(panelEvents, v, p);

const fromWebview: Record<FromWebview['type'], Check> = {
  ready: () => null,
  rerun: () => null,
  trainer: shape({ runId: int, event: panelEvent }),
  stopped: shape({ runId: int, epoch: int }),
  stage: shape({ runId: int, stage: literal('worker', 'backend', 'firstEpoch'), backend: nullable(str) }),
  log: shape({ level: literal(...PRINT_LEVELS), text: str }),
  heartbeat: shape({ hidden: bool }),
};

function checkUnion(members: Record<string, Check>, v: unknown, p: string): string | null {
  if (!isObject(v) || typeof v.type !== 'string') return `${p} has no message type`;
  const check = Object.hasOwn(members, v.type) ? members[v.type] : undefined;
  if (!check) return `${p} has an unknown type "${v.type.slice(0, 40)}"`;
  return check(v, `${p}(${v.type})`);
}

export type Validation<T> = { ok: true; message: T } | { ok: false; problem: string };

function validator<T>(members: Record<string, Check>): (raw: unknown) => Validation<T> {
  return (raw) => {
    const problem = checkUnion(members, raw, 'message');
    return problem ? { ok: false, problem } : { ok: true, message: raw as T };
  };
}

export const validateTrainerEvent = validator<TrainerEvent>(trainerEvents);
export const validatePanelEvent = validator<PanelEvent>(panelEvents);
export const validateToWorker = validator<ToWorker>(toWorker);
export const validateFromWorker = validator<FromWorker>(fromWorker);
export const validateToWebview = validator<ToWebview>(toWebview);
export const validateFromWebview = validator<FromWebview>(fromWebview);

/** Non-finite numbers cannot cross JSON boundaries; they travel as null. */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
