// Compiles scratch text and runs it in this process with the shared runner, as the CLI's trainer
// thread does, collecting every event; or only compiles it, for what loads it another way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { compileScratch } from '../../src/node/compile';
import * as tf from '@tensorflow/tfjs';
import { NODE_SCRIPT_NAME, nodeRejections, nodeScratchLoader } from '../../src/cli/nodeScratch';
import type { TrainerEvent } from '../../src/shared/protocol';
import type { RunGate } from '../../src/trainer/runGate';
import { ScratchSource } from '../../src/trainer/scratchSource';
import { runScratch, type LoadedScratch, type ScratchOutcome } from '../../src/trainer/runScratch';
import type { ScratchRun } from '../../src/trainer/runScratch';
import { ScratchActivity } from '../../src/trainer/scratchActivity';
import { provideScope, type ScratchExports } from '../../src/trainer/scratchModule';

const dir = mkdtempSync(`${tmpdir()}/descent-runs-`);

/** `overrides`: what the CLI's options, the editor's settings or a play change replace in the scratch; `gate`: the learner's Pause, Step and Resume. */
export async function runText(
  text: string,
  file = 'scratch.ts',
  overrides: Pick<ScratchRun, 'epochs' | 'logEvery' | 'play'> = {},
  gate?: RunGate,
): Promise<ScratchOutcome & { events: TrainerEvent[] }> {
  const events: TrainerEvent[] = [];
  const outcome = await runScratch(
    { ...(await compiledText(text, file)), defaultBackend: 'cpu', ...overrides },
    { emit: (e) => events.push(e), now: () => performance.now(), gate },
  );
  return { ...outcome, events };
}

/** Scratch text compiled as the CLI's trainer thread loads it: its top level, not run yet, its source and the thread's rejections. */
export async function compiledText(text: string, file = 'scratch.ts'): Promise<LoadedScratch> {
  const compiled = await compileScratch({ text, file, dir });
  if (!compiled.ok) throw new Error(`does not compile: ${compiled.error.message}`);
  return { load: nodeScratchLoader(compiled.code), source: new ScratchSource(NODE_SCRIPT_NAME, compiled.sourceMap, file), rejections: nodeRejections };
}

/** The exports of compiled code, its top level run with the runtime's own tfjs and timers. */
export function exportsOf(code: string): Promise<ScratchExports | undefined> {
  provideScope({ tf, ...new ScratchActivity().timers() });
  return nodeScratchLoader(code)();
}
