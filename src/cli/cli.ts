// descent run <file> [--json | --csv] [--landscape] [--epochs N] [--backend cpu|wasm|auto] [--timeout SECONDS]
import { landscapeText } from '../shared/landscapeText';
import type { Backend } from '../shared/protocol';
import { outputLines } from '../shared/outputLines';
import { runsCsv } from '../shared/runExport';
import { firstStep } from '../shared/firstStep';
import { INITIAL_RUN_STATE, nextRunState, planState } from '../shared/runState';
import { formatError } from '../shared/wording';
import { landscapeFields } from './landscapeDocument';
import { runScratchFile } from './runScratchFile';

const USAGE = 'Usage: descent run <file> [--json | --csv] [--landscape] [--epochs N] [--backend cpu|wasm|auto] [--timeout SECONDS]';
/** Node has no WebGL; auto chooses between the other two. */
const CLI_BACKENDS: Backend[] = ['cpu', 'wasm', 'auto'];

interface Options {
  file: string;
  json: boolean;
  /** Every epoch of every run as CSV, instead of the text lines. */
  csv: boolean;
  /** The loss over the scratch's one or two scalar variables, and each run's path through it. */
  landscape: boolean;
  epochs?: number;
  backend?: Backend;
  timeoutSeconds: number;
}

class UsageError extends Error {}

export function parseArgs(args: string[]): Options {
  const [command, ...rest] = args;
  if (command !== 'run') throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
  const options: Partial<Options> = { json: false, csv: false, landscape: false, timeoutSeconds: 600 };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const valueOf = (name: string) => {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value.`);
      return value;
    };
    const positive = (name: string, text: string) => {
      const n = Number(text);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} should be a positive number, not "${text}".`);
      return n;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--csv') options.csv = true;
    else if (arg === '--landscape') options.landscape = true;
    else if (arg === '--epochs') {
      const epochs = positive('--epochs', valueOf('--epochs'));
      if (!Number.isInteger(epochs)) throw new UsageError(`--epochs should be a whole number, not ${epochs}.`);
      options.epochs = epochs;
    } else if (arg === '--backend') {
      const backend = valueOf('--backend');
      const known = CLI_BACKENDS.find((b) => b === backend);
      if (!known) throw new UsageError(`--backend should be one of ${CLI_BACKENDS.join(', ')}, not "${backend}".`);
      options.backend = known;
    } else if (arg === '--timeout') options.timeoutSeconds = positive('--timeout', valueOf('--timeout'));
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option "${arg}".`);
    else if (options.file) throw new UsageError(`Only one file, please: "${options.file}" and "${arg}".`);
    else options.file = arg;
  }
  if (!options.file) throw new UsageError('No scratch file given.');
  if (options.json && options.csv) throw new UsageError('--json and --csv each print the whole document: give one of them.');
  if (options.csv && options.landscape) throw new UsageError('--landscape adds to the JSON document: give it with --json, not --csv.');
  return options as Options;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`descent: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  let state = INITIAL_RUN_STATE;
  const outcome = await runScratchFile({ ...options, lastCompile: true }, (event) => {
    state = nextRunState(state, event);
    const document = options.json || options.csv;
    if (event.type === 'print' && document) process.stderr.write(`${event.text}\n`);
    else if (!document) outputLines(options.file, state, event).forEach(print);
  });
  const landscape = outcome.landscape ?? null;
  if (options.json) {
    const withSteps = { ...outcome, runs: outcome.runs.map((run, index) => ({ ...run, firstStep: firstStep(planState(state, index)?.start ?? null) })) };
    const runs = options.landscape ? landscapeFields(withSteps, state) : { runs: withSteps.runs };
    print(JSON.stringify({ file: options.file, ...runs, error: outcome.error }, null, 2));
  } else if (options.csv) {
    process.stdout.write(runsCsv(state));
  } else if (landscape?.type === 'landscape') {
    print(landscapeText(landscape));
  }
  if (outcome.error) {
    process.stderr.write(`${formatError(outcome.error)}\n`);
    return 1;
  }
  if (landscape?.type === 'landscapeUnavailable') {
    process.stderr.write(`descent: no landscape: ${landscape.reason}\n`);
    return 1;
  }
  return 0;
}

// A reader that stops early (`descent run … | head`) has what it wanted: end quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`descent: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
