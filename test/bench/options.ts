// The bench's command line: `--json` for one JSON document on stdout, `--quick` for a smoke run,
// `--only lesson,chart` to measure some sections only (while working on one of them).
import { SECTIONS, type Section } from './benchDocument';

export interface Sizes {
  lessonEpochs: number;
  /** Timed repetitions of each lesson variant, after one warm-up round. */
  repetitions: number;
  regressionSamples: number;
  regressionEpochs: number;
  regressionBlocks: number;
  chartEpochs: number;
  cliEpochs: number;
  cliRepetitions: number;
  landscapeRounds: number;
  /** One kept run's epochs, kept as many times as descent.keptRuns keeps by default, and the rounds its read is timed. */
  keptRunsEpochs: number;
  keptRunsRounds: number;
  /** Rounds of the course page's refresh and Descent's run with the panel closed and open. */
  timeToResultRounds: number;
  /** Rounds of a drag (previews, then a release) and a slider let go, and how long each drag sweeps. */
  playRounds: number;
  playDragMs: number;
}

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  sizes: Sizes;
  /** The sections to measure; the others are reported as skipped. */
  only: ReadonlySet<Section>;
}

const FULL: Sizes = {
  lessonEpochs: 2000,
  repetitions: 11,
  regressionSamples: 1_000_000,
  regressionEpochs: 5,
  regressionBlocks: 3,
  chartEpochs: 1_000_000,
  cliEpochs: 2000,
  cliRepetitions: 3,
  landscapeRounds: 11,
  keptRunsEpochs: 100_000,
  keptRunsRounds: 5,
  timeToResultRounds: 5,
  playRounds: 5,
  playDragMs: 3000,
};

const QUICK: Sizes = {
  lessonEpochs: 300,
  repetitions: 1,
  regressionSamples: 1_000_000,
  regressionEpochs: 2,
  regressionBlocks: 1,
  chartEpochs: 10_000,
  cliEpochs: 300,
  cliRepetitions: 1,
  landscapeRounds: 3,
  keptRunsEpochs: 2000,
  keptRunsRounds: 1,
  timeToResultRounds: 1,
  playRounds: 1,
  playDragMs: 1500,
};

export const USAGE = `Usage: npm run bench -- [--json] [--quick] [--only ${SECTIONS.join(',')}]`;

export function parseOptions(args: string[]): BenchOptions {
  const rest = [...args];
  const flag = (name: string) => rest.includes(name) && rest.splice(rest.indexOf(name), 1).length > 0;
  const json = flag('--json');
  const quick = flag('--quick');
  let only: ReadonlySet<Section> = new Set(SECTIONS);
  const at = rest.indexOf('--only');
  if (at >= 0) {
    const names = (rest.splice(at, 2)[1] ?? '').split(',').filter(Boolean);
    const wrong = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
    if (!names.length || wrong.length) throw new Error(`--only takes sections among ${SECTIONS.join(',')}${wrong.length ? `, not ${wrong.join(',')}` : ''}`);
    only = new Set(names as Section[]);
  }
  if (rest.length) throw new Error(`Unknown argument${rest.length > 1 ? 's' : ''}: ${rest.join(' ')}`);
  return { json, quick, sizes: quick ? QUICK : FULL, only };
}
