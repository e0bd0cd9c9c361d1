// What --landscape adds to the CLI's document, read from a run state folded from hand-made events:
// each run's path joined from its batches, a landscape that holds the paths, its losses nested.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { landscapeFields } from '../../src/cli/landscapeDocument';
import { runsLandscape } from '../../src/cli/runsLandscape';
import { holdsPoint } from '../../src/shared/landscapeRange';
import { landscapeText } from '../../src/shared/landscapeText';
import type { RunResult, TrainerEvent } from '../../src/shared/protocol';
import { runStateOf } from '../../src/shared/runState';
import type { LandscapeAnswer } from '../../src/trainer/landscapeRole';
import { LESSON_PLAN, LESSON_START_X, lessonConfig } from '../support/lesson';
import { compiledText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

const memory = { numTensors: 0, numBytes: 0, numBytesInGPU: null };
const progress = (firstEpoch: number, x: (number | null)[]): TrainerEvent => ({ type: 'progress', run: 0, firstEpoch, losses: x.map(() => 1), variables: {}, memory, path: { x } });
/** A run that overshoots the minimum further each epoch: it climbs out of the range its start gives. */
const PATH = [-4.5, 4.9, -5.6, null, -7];
/** Where the run starts, as the trainer says it after epoch 1: the path's components, what --landscape draws. */
const start: TrainerEvent = { type: 'slope', run: 0, epoch: 0, variables: ['x'], at: [LESSON_START_X], loss: 1, gradient: [1], probes: [{ step: 0.01, below: 1, above: 1 }], next: [PATH[0]] };
const state = runStateOf([
  { type: 'plan', summary: { form: 'config', variables: {}, data: {}, loss: '' }, runs: [LESSON_PLAN] },
  { type: 'runStart', plan: LESSON_PLAN },
  progress(1, PATH.slice(0, 2)),
  start,
  progress(3, PATH.slice(2)),
]);
const result: RunResult = { label: LESSON_PLAN.label, optimizer: { name: 'sgd', learningRate: 0.0001 }, status: 'diverged', epochs: 5, finalLoss: null, variables: { x: -7 }, backend: 'cpu', tensorsLeaked: 0, ms: 1, reason: null, loss: [] };

describe('the --landscape document', () => {
  it("gives each run its path from the state's batches, a loss that was not finite as null", () => {
    const { runs } = landscapeFields({ runs: [result], error: null }, state);
    assert.deepEqual(runs[0].path, { x: PATH.map((x) => (x === null ? null : Math.fround(x))) });
  });

  it('nests two variables’ losses as loss[i][j] at (axes[0][i], axes[1][j])', () => {
    const landscape: LandscapeAnswer = { type: 'landscape', id: 0, variables: ['m', 'b'], axes: [[-1, 0, 1], [-2, 2]], loss: [1, 2, 3, 4, 5, null], ms: 1 };
    assert.deepEqual(landscapeFields({ runs: [], error: null, landscape }, state).landscape, { variables: ['m', 'b'], axes: [[-1, 0, 1], [-2, 2]], loss: [[1, 2], [3, 4], [5, null]] });
    assert.equal(landscapeFields({ runs: [], error: null, landscape: { type: 'landscapeUnavailable', id: null, reason: 'none' } }, state).landscape, null);
  });

  it('words a surface by its two ranges and its lowest point', () => {
    const landscape = { variables: ['m', 'b'], axes: [[-1, 0, 1], [-2, 2]], loss: [5, 4, 3, 0.25, null, 6] };
    assert.equal(landscapeText(landscape), 'landscape · m from -1 to 1, b from -2 to 2 (3 × 2 points) · lowest loss 0.25 at m = 0, b = 2');
    assert.equal(landscapeText({ ...landscape, loss: landscape.loss.map(() => null) }), 'landscape · m from -1 to 1, b from -2 to 2 (3 × 2 points) · no finite loss on it');
  });

  it('computes a landscape that holds the start and every point of the path', async () => {
    const answer = await runsLandscape(await compiledText(lessonConfig()), state);
    assert.equal(answer.type, 'landscape');
    if (answer.type !== 'landscape') return;
    for (const x of [LESSON_START_X, ...PATH.filter((x) => x !== null)]) assert.ok(holdsPoint(answer, [x]), `x = ${x}`);
    assert.equal(answer.axes[0][answer.axes[0].length - 1], 7 * 1.25);
  });
});
