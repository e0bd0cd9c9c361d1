// The bench's result: what `--json` prints and what the table is made from. A section that did
// not run has null and an entry in `skipped` (missing prerequisite) or `errors` (it failed).
import { cpus, loadavg } from 'node:os';
import type { ChartFigures } from './chartSection';
import type { CliFigures } from './cliSection';
import type { KeptRunsFigures } from './keptRunsSection';
import type { LandscapeFigures } from './landscapeSection';
import type { LessonFigures } from './lessonSection';
import type { PlayFigures } from './playSection';
import type { RegressionFigures } from './regressionSection';
import type { TimeToResultFigures } from './timeToResultSection';

export const SECTIONS = ['lesson', 'lessonCpu', 'lessonWasm', 'regression', 'chart', 'timeToResult', 'cli', 'landscape', 'keptRuns', 'play'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchDocument {
  quick: boolean;
  machine: {
    cpus: number;
    node: string;
    chromium: string | null;
    webglRenderer: string | null;
    /** The 1-minute load average when the bench started and ended: other work on the machine shows here. */
    loadAverage: { start: number; end: number | null };
  };
  lesson: LessonFigures | null;
  lessonCpu: LessonFigures | null;
  lessonWasm: LessonFigures | null;
  regression: RegressionFigures | null;
  chart: ChartFigures | null;
  /** The course page's refresh against Descent's run in code-server, Enter to completed. */
  timeToResult: TimeToResultFigures | null;
  cli: CliFigures | null;
  landscape: LandscapeFigures | null;
  keptRuns: KeptRunsFigures | null;
  /** Dragging a finished lesson run's start and sliding its rate, in the panel. */
  play: PlayFigures | null;
  skipped: { section: Section; reason: string }[];
  errors: { section: Section; message: string }[];
}

export function emptyDocument(quick: boolean): BenchDocument {
  return {
    quick,
    machine: { cpus: cpus().length, node: process.version, chromium: null, webglRenderer: null, loadAverage: { start: loadAverage(), end: null } },
    lesson: null,
    lessonCpu: null,
    lessonWasm: null,
    regression: null,
    chart: null,
    timeToResult: null,
    cli: null,
    landscape: null,
    keptRuns: null,
    play: null,
    skipped: [],
    errors: [],
  };
}

export function loadAverage(): number {
  return Number(loadavg()[0].toFixed(2));
}
