// `descent run lesson.ts --json` on the CPU backend in Node (the same trainer core as the panel),
// against the lesson's bare loop in a fresh Node process, alternating; and the course's own code
// (the lesson form, in its loop and in an async loop that awaits a frame each epoch) the same way.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_SCRIPT, NODE_BARE_LOOP } from './paths';
import { lessonAsyncLoop, lessonPageCodeWithEpochs } from '../support/lesson';
import { lessonText, LESSON_NAME } from './scratches';
import { epochsPerSecond, median, round } from './stats';
import type { LessonReply } from './worker/tasks';

const CLI_TIMEOUT_MS = 120_000;

export interface CliFigures {
  epochs: number;
  repetitions: number;
  /** From the run's JSON: epochs · 1000 / ms. */
  epochsPerSec: number;
  /** The bare loop in a fresh Node process, timed the same way (from building the tensors). */
  bareEpochsPerSec: number;
  /** The median of each alternation's ratio. */
  descentOverBare: number;
  /** The course's scratch.js (the lesson form: its own loop, the global tf), as epochs/s and over the bare loop. */
  lessonFormEpochsPerSec: number;
  lessonFormOverBare: number;
  /** The same code in an async loop that awaits tf.nextFrame() after each epoch. */
  asyncLoopEpochsPerSec: number;
  asyncLoopOverBare: number;
  /** The whole command, from starting node to its exit: loading tfjs and esbuild-wasm, compiling. */
  wallMs: number;
}

export interface CliOptions {
  epochs: number;
  repetitions: number;
  progress(line: string): void;
}

interface Timed {
  epochs: number;
  ms: number;
  wallMs: number;
}

export async function measureCli(options: CliOptions): Promise<CliFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'descent-bench-'));
  try {
    const file = join(dir, LESSON_NAME);
    writeFileSync(file, lessonText(options.epochs));
    const courseFile = join(dir, 'scratch.js');
    writeFileSync(courseFile, lessonPageCodeWithEpochs(options.epochs));
    const asyncFile = join(dir, 'async.js');
    writeFileSync(asyncFile, lessonAsyncLoop({ epochs: options.epochs }));
    const cli: Timed[] = [];
    const course: Timed[] = [];
    const asyncLoop: Timed[] = [];
    const bare: Timed[] = [];
    for (let i = 0; i < options.repetitions; i++) {
      bare.push(await runBareLoop(options.epochs));
      cli.push(await runCli(file));
      course.push(await runCli(courseFile));
      asyncLoop.push(await runCli(asyncFile));
      const rate = (t: Timed[]) => Math.round(epochsPerSecond(t[i].epochs, t[i].ms));
      options.progress(`cli run ${i + 1}: ${rate(cli)} epochs/s, course's code ${rate(course)}, async loop ${rate(asyncLoop)} (bare node loop ${rate(bare)})`);
    }
    const rate = (runs: Timed[]) => round(median(runs.map((r) => epochsPerSecond(r.epochs, r.ms))));
    const overBare = (runs: Timed[]) => round(median(runs.map((run, i) => epochsPerSecond(run.epochs, run.ms) / epochsPerSecond(bare[i].epochs, bare[i].ms))));
    return {
      epochs: options.epochs,
      repetitions: options.repetitions,
      epochsPerSec: rate(cli),
      bareEpochsPerSec: rate(bare),
      descentOverBare: overBare(cli),
      lessonFormEpochsPerSec: rate(course),
      lessonFormOverBare: overBare(course),
      asyncLoopEpochsPerSec: rate(asyncLoop),
      asyncLoopOverBare: overBare(asyncLoop),
      wallMs: round(median(cli.map((r) => r.wallMs))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runNode(args: string[], what: string): Promise<{ stdout: string; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: CLI_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const exit = error.signal ? `signal ${error.signal}` : `exit code ${String(error.code)}`;
        reject(new Error(`${what} failed (${exit}): ${`${stderr}\n${stdout}`.trim().slice(-2000) || 'no output'}`));
      } else {
        resolve({ stdout, wallMs: performance.now() - started });
      }
    });
  });
}

async function runCli(file: string): Promise<Timed> {
  const { stdout, wallMs } = await runNode([CLI_SCRIPT, 'run', file, '--json'], 'descent run');
  const document = JSON.parse(stdout) as { runs: { epochs: number; ms: number; status: string }[]; error: unknown };
  const [result] = document.runs;
  if (document.error || result?.status !== 'completed') throw new Error(`descent run did not complete: ${stdout.slice(0, 2000)}`);
  return { epochs: result.epochs, ms: result.ms, wallMs };
}

async function runBareLoop(epochs: number): Promise<Timed> {
  const { stdout, wallMs } = await runNode([NODE_BARE_LOOP, String(epochs)], 'the bare Node loop');
  const reply = JSON.parse(stdout) as LessonReply;
  return { epochs: reply.epochs, ms: reply.ms, wallMs };
}
