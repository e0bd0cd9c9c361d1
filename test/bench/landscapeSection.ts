// The landscape's cost: computeLandscape on the cpu backend in this Node process (as the panel's
// landscape worker computes it), for the lesson's curve and a line fit's surface.
import { startQuietCpu } from './quietCpu';
import { computeLandscape } from '../../src/trainer/landscape';
import { probeScratch } from '../../src/trainer/probeScratch';
import { LESSON_START_X } from '../support/lesson';
import { LESSON_TEXT } from '../support/lessonFiles';
import { leastSquaresLine, lineFitConfig } from '../support/lineFit';
import { compiledText } from '../support/scratchRuns';
import { median, round } from './stats';

export interface LandscapeCase {
  variables: string[];
  /** Grid points of one computation (all of them asked of the loss in one read). */
  points: number;
  /** What the range holds. */
  holding: number[][];
  /** The first computation of the case in this process: what a fresh landscape worker pays (tfjs's kernels not yet optimised by V8). */
  firstMs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface LandscapeFigures {
  backend: 'cpu';
  /** Timed rounds of each case after its first computation. */
  rounds: number;
  lesson: LandscapeCase;
  lineFit: LandscapeCase;
}

export interface LandscapeOptions {
  rounds: number;
  progress(line: string): void;
}

export async function measureLandscape(options: LandscapeOptions): Promise<LandscapeFigures> {
  await startQuietCpu();
  const best = leastSquaresLine();
  return {
    backend: 'cpu',
    rounds: options.rounds,
    lesson: await timeCase(LESSON_TEXT, ['x'], [[LESSON_START_X]], options),
    // Where a run from (0.5, 0.25) starts and where it ends: one 41 × 41 grid, no growth.
    lineFit: await timeCase(lineFitConfig(0.5, 0.25), ['m', 'b'], [[0.5, 0.25], [best.m, best.b]], options),
  };
}

async function timeCase(text: string, variables: string[], holding: number[][], options: LandscapeOptions): Promise<LandscapeCase> {
  const scratch = await probeScratch(await compiledText(text));
  try {
    const probe = scratch.probeFor(variables);
    const first = computeLandscape(probe, holding);
    const times = Array.from({ length: options.rounds }, () => computeLandscape(probe, holding).ms);
    const figures = {
      variables,
      points: first.axes.reduce((product, values) => product * values.length, 1),
      holding,
      firstMs: round(first.ms),
      medianMs: round(median(times)),
      minMs: round(Math.min(...times)),
      maxMs: round(Math.max(...times)),
    };
    options.progress(`landscape over ${variables.join(', ')}: ${figures.points} points, first ${figures.firstMs} ms, median ${figures.medianMs} ms`);
    return figures;
  } finally {
    scratch.dispose();
  }
}
