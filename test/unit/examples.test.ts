// The example scratch files of Descent: Open Example, each run as the learner would run it: every one
// trains without an error, and the optimizer races end as their comments say.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { RunResult } from '../../src/shared/protocol';
import { EXAMPLES_DIR } from '../support/lessonFiles';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

/** The examples whose comment says that a run diverges. */
const DIVERGING = new Set(['learning-rates.ts']);

type Point = readonly [number, number];

/** Where a race's runs end: each named run within `within` of `point`, or (far) further than it. */
interface Ending {
  runs: readonly string[];
  point: Point;
  within: number;
  far?: true;
}

const RACES: Record<string, readonly Ending[]> = {
  'beale.ts': [
    { runs: ['rmsprop', 'adam'], point: [3, 0.5], within: 0.05 },
    { runs: ['momentum', 'nesterov'], point: [3, 0.5], within: 0.15 },
    { runs: ['sgd', 'adagrad'], point: [3, 0.5], within: 0.5, far: true },
  ],
  'rosenbrock.ts': [
    { runs: ['momentum', 'nesterov', 'adam'], point: [1, 1], within: 0.05 },
    { runs: ['rmsprop'], point: [1, 1], within: 0.5 },
    { runs: ['sgd', 'adagrad'], point: [1, 1], within: 1, far: true },
  ],
  'saddle-point.ts': [
    { runs: ['sgd'], point: [0, 0], within: 0.05 },
    { runs: ['momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'], point: [0, 1], within: 0.15 },
  ],
};

/** A run by its optimizer's name, momentum with useNesterov as "nesterov". */
const runName = (run: RunResult) => (run.optimizer.useNesterov === true ? 'nesterov' : run.optimizer.name);

const distance = (run: RunResult, [x, y]: Point) => Math.hypot((run.variables.x as number) - x, (run.variables.y as number) - y);

const examples = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.ts'));

describe('the examples', () => {
  for (const file of examples) {
    it(`${file} trains without an error${DIVERGING.has(file) ? '' : ', no run diverging'}`, async () => {
      const { runs, error } = await runText(readFileSync(join(EXAMPLES_DIR, file), 'utf8'), file);
      assert.equal(error, null);
      assert.ok(runs.length > 0);
      const diverged = runs.filter((run) => run.status === 'diverged').map((run) => run.label);
      if (DIVERGING.has(file)) assert.ok(diverged.length > 0, 'its comment says a run diverges');
      else assert.deepEqual(diverged, []);
    });
  }

  for (const [file, endings] of Object.entries(RACES)) {
    it(`${file} races ${endings.flatMap((e) => e.runs).join(', ')} from one start, each ending as its comment says`, async () => {
      const { runs, error } = await runText(readFileSync(join(EXAMPLES_DIR, file), 'utf8'), file);
      assert.equal(error, null);
      assert.deepEqual(runs.map(runName).sort(), endings.flatMap((e) => e.runs).sort(), 'one run per optimizer');
      for (const { runs: names, point, within, far } of endings) {
        for (const run of runs.filter((r) => names.includes(runName(r)))) {
          const d = distance(run, point);
          const ended = `${runName(run)} ends at (${run.variables.x}, ${run.variables.y}), ${d.toFixed(3)} from (${point.join(', ')})`;
          assert.ok(far ? d > within : d < within, ended);
        }
      }
    });
  }
});
