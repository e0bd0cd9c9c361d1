// Runs a scratch file from disk outside VS Code: compiled here, trained in a worker thread that a
// timeout can end whatever the scratch is doing.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CliTrainerData } from './cliTrainer';
import { compileScratch, stopCompiler } from '../node/compile';
import { validateFromWorker, validateTrainerEvent, type Backend, type DescentError, type ErrorKind, type RunResult, type TrainerEvent } from '../shared/protocol';
import type { LandscapeAnswer } from '../trainer/landscapeRole';
import { within } from '../shared/within';

export interface FileRun {
  file: string;
  epochs?: number;
  backend?: Backend;
  timeoutSeconds: number;
  /** The trainer thread's script; next to this bundle unless told. */
  trainerScript?: string;
  /** Stop the compiler once the file is compiled: nothing else will be. */
  lastCompile?: boolean;
  /** After the runs, the loss over the scratch's scalar variables (--landscape). */
  landscape?: boolean;
}

export interface FileOutcome {
  runs: RunResult[];
  error: DescentError | null;
  /** With `landscape`: the runs' landscape, or why there is none; null when it was not computed. */
  landscape?: LandscapeAnswer | null;
}

const TERMINATE_WAIT_MS = 30_000;

export async function runScratchFile(run: FileRun, onEvent: (event: TrainerEvent) => void): Promise<FileOutcome> {
  const failure = (kind: ErrorKind, message: string): FileOutcome => ({
    runs: [],
    error: { kind, message, file: run.file, line: null, column: null },
  });
  let text: string;
  try {
    text = readFileSync(run.file, 'utf8');
  } catch (e) {
    return failure('compile', `Cannot read the file: ${(e as Error).message}`);
  }
  const compiled = await compileScratch({ text, file: run.file, dir: path.dirname(path.resolve(run.file)) });
  if (run.lastCompile) await stopCompiler();
  if (!compiled.ok) return { runs: [], error: compiled.error };

  const data: CliTrainerData = {
    file: run.file,
    code: compiled.code,
    sourceMap: compiled.sourceMap,
    backendOverride: run.backend,
    epochs: run.epochs,
    landscape: run.landscape,
  };
  const trainer = new Worker(run.trainerScript ?? path.join(__dirname, 'cliTrainer.js'), { workerData: data, stdout: true, stderr: true });
  return new Promise<FileOutcome>((resolve) => {
    const runs: RunResult[] = [];
    let landscape: LandscapeAnswer | null = null;
    let finished = false;
    const finish = (outcome: FileOutcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      // The outcome comes once the thread has gone, and its memory with it (a run stopped inside a
      // huge tensor op takes seconds to end), so a caller that runs file after file (the fuzz
      // suite) never holds two; but never later than TERMINATE_WAIT_MS.
      void within<number | undefined>(trainer.terminate(), TERMINATE_WAIT_MS, () => undefined).finally(() => resolve(run.landscape ? { ...outcome, landscape } : outcome));
    };
    const fail = (kind: ErrorKind, message: string) => finish({ ...failure(kind, message), runs });
    const timer = setTimeout(
      () => fail('timeout', `The run did not finish within ${run.timeoutSeconds} s and was stopped (--timeout).`),
      run.timeoutSeconds * 1000,
    );
    trainer.on('message', (raw: unknown) => {
      const checked = validateTrainerEvent(raw);
      if (!checked.ok) {
        const signal = validateFromWorker(raw);
        if (signal.ok && (signal.message.type === 'landscape' || signal.message.type === 'landscapeUnavailable')) landscape = signal.message;
        return;
      }
      const event = checked.message;
      if (event.type === 'runEnd') runs.push(event.result);
      if (event.type === 'finished') finish({ runs: event.runs, error: event.error });
      else onEvent(event);
    });
    trainer.on('error', (e) => fail('runtime', `The trainer failed: ${e.message}`));
    trainer.on('exit', (code) => fail('runtime', `The trainer stopped unexpectedly (exit code ${code}).`));
  });
}
