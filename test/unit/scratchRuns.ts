// Compiles scratch text and runs it in this process with the shared runner, as the CLI's trainer
// thread does, collecting every event.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { compileScratch } from '../../src/node/compile';
import { NODE_SCRIPT_NAME, nodeScratchLoader } from '../../src/cli/nodeScratch';
import type { TrainerEvent } from '../../src/shared/protocol';
import { ScratchSource } from '../../src/trainer/locate';
import { runScratch, type ScratchOutcome, type ScratchRun } from '../../src/trainer/runScratch';

const dir = mkdtempSync(`${tmpdir()}/descent-runs-`);

/** `overrides`: what the CLI's options or the editor's settings replace in the scratch. */
export async function runText(
  text: string,
  file = 'scratch.ts',
  overrides: Pick<ScratchRun, 'epochs' | 'logEvery'> = {},
): Promise<ScratchOutcome & { events: TrainerEvent[] }> {
  const compiled = await compileScratch({ text, file, dir });
  if (!compiled.ok) throw new Error(`does not compile: ${compiled.error.message}`);
  const events: TrainerEvent[] = [];
  const outcome = await runScratch(
    { load: nodeScratchLoader(compiled.code), source: new ScratchSource(NODE_SCRIPT_NAME, compiled.sourceMap, file), defaultBackend: 'cpu', ...overrides },
    { emit: (e) => events.push(e), now: () => performance.now() },
  );
  return { ...outcome, events };
}

export const LESSON_CODE = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'const x = tf.variable(tf.scalar(4.12));',
  'const ys = tf.tensor([2, -5, 16, -24, 3]);',
  'const optimizer = tf.train.sgd(0.0001);',
  '',
  'console.log(x.dataSync());',
  'for (let i = 0; i < 200; i++) {',
  '  optimizer.minimize(() => ys.mul(x).square().mean());',
  '}',
  'console.log(x.dataSync());',
].join('\n');

export const lessonConfig = (extra = '') =>
  [
    "import * as tf from '@tensorflow/tfjs';",
    'export default {',
    '  variables: { x: 4.12 },',
    '  data: { ys: [2, -5, 16, -24, 3] },',
    '  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),',
    `  optimizer: 'sgd', learningRate: 0.0001, epochs: 200, ${extra}`,
    '};',
  ].join('\n');
