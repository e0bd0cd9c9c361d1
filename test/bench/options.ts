// The bench's command line: `--json` for one JSON document on stdout, `--quick` for a smoke run.

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
}

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  sizes: Sizes;
}

const FULL: Sizes = {
  lessonEpochs: 2000,
  repetitions: 5,
  regressionSamples: 1_000_000,
  regressionEpochs: 5,
  regressionBlocks: 3,
  chartEpochs: 100_000,
  cliEpochs: 2000,
  cliRepetitions: 3,
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
};

export const USAGE = 'Usage: npm run bench -- [--json] [--quick]';

export function parseOptions(args: string[]): BenchOptions {
  const unknown = args.filter((arg) => arg !== '--json' && arg !== '--quick');
  if (unknown.length) throw new Error(`Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}`);
  const quick = args.includes('--quick');
  return { json: args.includes('--json'), quick, sizes: quick ? QUICK : FULL };
}
