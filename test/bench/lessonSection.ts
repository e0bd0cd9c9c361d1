// The lesson's problem four ways, in one page, interleaved round by round so that a machine
// getting slower or faster during the run moves all four alike:
// bare (the floor), naive (the lesson's dataSync per epoch), descent (Descent's trainer worker on
// its own), descentChart (the whole panel: worker, protocol checks, cells and live chart, with
// descent.figures off) and descentFigures (the same with the figures on: the landscape worker
// beside the trainer, the error curve and the path drawn as it trains).
import type { RunSummary, TrainingBackend } from '../../src/shared/protocol';
import type { PanelPage, PlainOutcome, RunOutcome } from './panelPage';
import { compileLesson, runRequest, workerStart } from './scratches';
import { epochsPerSecond, median, round } from './stats';

export const LESSON_VARIANTS = ['bare', 'naive', 'descent', 'descentChart', 'descentFigures'] as const;
export type LessonVariant = (typeof LESSON_VARIANTS)[number];

interface Sample {
  epochs: number;
  /** The training itself, as the run measures it (from building the variables to the last read). */
  ms: number;
  /** From starting the worker to the result. */
  wallMs: number;
  /** The plain loops' first epoch on its own (see worker/lessonLoops.ts); null for Descent's runs. */
  firstEpochMs: number | null;
}

export interface LessonFigures {
  backend: TrainingBackend;
  epochs: number;
  repetitions: number;
  bareEpochsPerSec: number;
  naiveEpochsPerSec: number;
  descentEpochsPerSec: number;
  descentChartEpochsPerSec: number;
  descentFiguresEpochsPerSec: number;
  /** Medians of the ratios within each round. */
  ratios: { descentOverBare: number; descentChartOverBare: number; descentFiguresOverBare: number; descentOverNaive: number };
  /** The warm-up run's training time: its first run in the page pays for compiling the shaders. */
  warmupMs: Record<LessonVariant, number>;
  /**
   * Median first epoch of the bare loop in a fresh worker: building the tensors and compiling the
   * WebGL programs. Every Descent run is a fresh worker, so every run pays it, not only the first.
   */
  bareFirstEpochMs: number;
  /** Median wall time minus training time: starting the worker, loading tfjs, starting the backend, the last messages. */
  startupMs: Record<LessonVariant, number>;
  /** Every timed repetition, for a look at the spread. */
  epochsPerSecRuns: Record<LessonVariant, number[]>;
}

export interface LessonOptions {
  backend: TrainingBackend;
  epochs: number;
  repetitions: number;
  progress(line: string): void;
}

export async function measureLesson(panel: PanelPage, options: LessonOptions): Promise<LessonFigures> {
  const { backend, epochs } = options;
  const lesson = await compileLesson(epochs);
  const { scratch, start } = workerStart(lesson, backend);
  const measure: Record<LessonVariant, () => Promise<Sample>> = {
    bare: async () => plainSample(await panel.runPlainWorker({ kind: 'bare', backend, epochs }), backend),
    naive: async () => plainSample(await panel.runPlainWorker({ kind: 'naive', backend, epochs }), backend),
    descent: async () => runSample(await panel.runProductWorker(scratch, start), backend, epochs),
    descentChart: async () => runSample(await panel.runInPanel(runRequest(lesson, panel.nextRunId(), backend, false)), backend, epochs),
    descentFigures: async () => runSample(await panel.runInPanel(runRequest(lesson, panel.nextRunId(), backend, true)), backend, epochs),
  };

  const warmup = {} as Record<LessonVariant, Sample>;
  const samples = Object.fromEntries(LESSON_VARIANTS.map((v) => [v, [] as Sample[]])) as Record<LessonVariant, Sample[]>;
  for (let pass = 0; pass <= options.repetitions; pass++) {
    for (const variant of LESSON_VARIANTS) {
      const sample = await measure[variant]();
      if (pass === 0) warmup[variant] = sample;
      else samples[variant].push(sample);
      options.progress(`lesson ${backend} ${pass === 0 ? 'warm-up' : `round ${pass}`} ${variant}: ${Math.round(epochsPerSecond(sample.epochs, sample.ms))} epochs/s`);
    }
  }

  const rates = mapVariants((v) => samples[v].map((s) => epochsPerSecond(s.epochs, s.ms)));
  const rate = mapVariants((v) => median(rates[v]));
  // Each ratio pairs the runs of one round, which ran a few seconds apart under the same load.
  const ratio = (a: LessonVariant, b: LessonVariant) => round(median(rates[a].map((r, i) => r / rates[b][i])));
  return {
    backend,
    epochs,
    repetitions: options.repetitions,
    bareEpochsPerSec: round(rate.bare),
    naiveEpochsPerSec: round(rate.naive),
    descentEpochsPerSec: round(rate.descent),
    descentChartEpochsPerSec: round(rate.descentChart),
    descentFiguresEpochsPerSec: round(rate.descentFigures),
    ratios: {
      descentOverBare: ratio('descent', 'bare'),
      descentChartOverBare: ratio('descentChart', 'bare'),
      descentFiguresOverBare: ratio('descentFigures', 'bare'),
      descentOverNaive: ratio('descent', 'naive'),
    },
    warmupMs: mapVariants((v) => round(warmup[v].ms)),
    bareFirstEpochMs: round(median(samples.bare.map((s) => s.firstEpochMs ?? NaN))),
    startupMs: mapVariants((v) => round(median(samples[v].map((s) => s.wallMs - s.ms)))),
    epochsPerSecRuns: mapVariants((v) => rates[v].map(round)),
  };
}

function mapVariants<T>(fn: (variant: LessonVariant) => T): Record<LessonVariant, T> {
  return Object.fromEntries(LESSON_VARIANTS.map((v) => [v, fn(v)])) as Record<LessonVariant, T>;
}

function plainSample({ reply, wallMs }: PlainOutcome, backend: TrainingBackend): Sample {
  if (reply.kind === 'failed') throw new Error(`the plain tfjs worker failed: ${reply.error}`);
  if (reply.kind !== 'lesson') throw new Error(`the plain tfjs worker answered a ${reply.kind} task`);
  if (reply.backend !== backend) throw new Error(`the plain tfjs worker ran on ${reply.backend}, not ${backend}`);
  return { epochs: reply.epochs, ms: reply.ms, wallMs, firstEpochMs: reply.firstEpochMs };
}

function runSample({ runs, error, wallMs }: RunOutcome, backend: TrainingBackend, epochs: number): Sample {
  if (error) throw new Error(`Descent's run failed: ${error.message}`);
  const [result] = runs as (RunSummary | undefined)[];
  if (!result || result.status !== 'completed' || result.epochs !== epochs || result.backend !== backend) {
    throw new Error(`Descent's run did not complete ${epochs} epochs on ${backend}: ${JSON.stringify(result ?? null)}`);
  }
  return { epochs: result.epochs, ms: result.ms, wallMs, firstEpochMs: null };
}
