// The kept runs: a cell's state folded back from its stored events, the bounds on how many are
// kept, and the host's store on disk (round trip, a kill mid-write, files it cannot read).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { nodeStoreFolder } from '../../src/node/nodeStoreFolder';
import { RunStore } from '../../src/shared/runStore';
import { summarizeEvent, validateStoredRuns, type PanelEvent, type StoredCell, type StoredRuns } from '../../src/shared/protocol';
import { joinBatches, nextRunState, runStateOf, type RunState } from '../../src/shared/runState';
import { boundedRuns, noStoredRuns, storedCellOf, withBaseline, withCell, withoutCells } from '../../src/shared/storedRuns';
import { LESSON_CODE, lessonConfig, LESSON_FINAL_X } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

const SCRATCH = 'file:///work/scratch.ts';
/** Set in the child process that the kill test starts: it writes a second run and is killed before the rename. */
const KILLED_WRITER = 'DESCENT_KILLED_WRITER';

async function stateOf(text: string): Promise<RunState> {
  const { events, error } = await runText(text);
  assert.equal(error, null, text);
  return runStateOf(events.map(summarizeEvent));
}

function cellOf(number: number, state: RunState, prints: PanelEvent[] = []): StoredCell {
  return storedCellOf({ number, file: 'scratch.ts', source: lessonConfig(), state, prints, compileError: null });
}

/** The stored cell as the panel gets it back: through JSON, checked. */
function throughJson(runs: StoredRuns): StoredRuns {
  const checked = validateStoredRuns(JSON.parse(JSON.stringify(runs)));
  assert.ok(checked.ok, checked.ok ? '' : checked.problem);
  return checked.message;
}

function replayed(cell: StoredCell): RunState {
  const state = runStateOf(cell.events);
  return cell.stopped ? nextRunState(state, { type: 'stopped' }) : state;
}

if (process.env[KILLED_WRITER]) {
  const [folder, cellFile] = process.env[KILLED_WRITER].split('\n');
  const store = new RunStore(nodeStoreFolder(folder), () => undefined, { beforeRename: () => void process.kill(process.pid, 'SIGKILL') });
  const cell = JSON.parse(readFileSync(cellFile, 'utf8')) as StoredCell;
  void store.change(SCRATCH, 20, (runs) => withCell(runs, cell));
} else {
  before(useCpu);

  describe('a kept cell', () => {
    it("folds back into the run's state: every epoch's loss exactly, the path, the results", async () => {
      const state = await stateOf(lessonConfig());
      const stored = throughJson(withCell(noStoredRuns(SCRATCH), cellOf(1, state))).cells[0];
      const again = replayed(stored);
      assert.equal(again.status, 'completed');
      assert.deepEqual(again.results, state.results);
      const [plan] = again.plans;
      assert.deepEqual(joinBatches(plan.losses), joinBatches(state.plans[0].losses), 'all 200 losses, as float32, exactly');
      assert.equal(joinBatches(plan.losses).length, 200);
      assert.deepEqual(joinBatches(plan.path.x), joinBatches(state.plans[0].path.x));
      assert.ok(Math.abs((plan.variables.x as number) - LESSON_FINAL_X) < 1e-6);
      assert.deepEqual(plan.start, state.plans[0].start, 'where it started, for which way is down');
      assert.deepEqual(again.summary, state.summary);
    });

    it("keeps the lesson form's runs as they became known, and the learner's prints", async () => {
      const state = await stateOf(LESSON_CODE);
      const prints: PanelEvent[] = [{ type: 'print', run: 0, level: 'log', text: 'x is 0.0034543' }];
      const again = replayed(cellOf(2, state, prints));
      assert.equal(again.plannedRuns, 0);
      assert.deepEqual(again.plans.map(({ plan }) => plan.label), state.plans.map(({ plan }) => plan.label));
      assert.deepEqual(joinBatches(again.plans[0].losses), joinBatches(state.plans[0].losses));
      assert.ok(cellOf(2, state, prints).events.some((event) => event.type === 'print' && event.text === 'x is 0.0034543'));
    });

    it('a stopped run comes back stopped where it stopped', async () => {
      const { events } = await runText(lessonConfig());
      // Stopped after its first batch of epochs had been reported.
      const firstBatch = events.findIndex((event) => event.type === 'progress');
      const state = nextRunState(runStateOf(events.slice(0, firstBatch + 1).map(summarizeEvent)), { type: 'stopped' });
      assert.ok(state.stoppedAt && state.stoppedAt < 200);
      const again = replayed(cellOf(3, state));
      assert.equal(again.status, 'stopped');
      assert.equal(again.stoppedAt, state.stoppedAt);
      assert.deepEqual(joinBatches(again.plans[0].losses), joinBatches(state.plans[0].losses));
    });
  });

  describe("the bounds on a scratch's kept runs", () => {
    const cell = (number: number): StoredCell => ({ number, file: 'scratch.ts', source: '', events: [], stopped: false, compileError: null });
    const runsOf = (...numbers: number[]) => numbers.reduce((runs, n) => withCell(runs, cell(n)), noStoredRuns(SCRATCH));
    const numbers = (runs: StoredRuns) => runs.cells.map((c) => c.number);

    it('keeps the newest keptRuns cells, and numbers the next run after every one seen', () => {
      const runs = boundedRuns(runsOf(1, 2, 3, 4), 2, Infinity, () => 1);
      assert.deepEqual(numbers(runs), [3, 4]);
      assert.equal(runs.nextNumber, 5);
      assert.equal(withoutCells(runs, [3, 4]).nextNumber, 5, 'clearing them all does not number the next run 1 again');
    });

    it('drops the oldest while the cells take more than the byte cap; the baseline goes with its cell', () => {
      const pinned = withBaseline(runsOf(1, 2, 3), 1);
      assert.equal(pinned.baseline, 1);
      const runs = boundedRuns(pinned, 20, 25, () => 10);
      assert.deepEqual(numbers(runs), [2, 3]);
      assert.equal(runs.baseline, null);
      assert.equal(withBaseline(runs, 7).baseline, null, 'a cell not kept cannot be pinned');
    });

    it('a cell kept again (pinned, say) replaces the one of its number', () => {
      const runs = withCell(runsOf(1, 2), { ...cell(1), stopped: true });
      assert.deepEqual(numbers(runs), [1, 2]);
      assert.equal(runs.cells[0].stopped, true);
    });
  });

  describe('the store on disk', () => {
    const fresh = () => mkdtempSync(join(tmpdir(), 'descent-store-'));
    const stored = async (folder: string, warnings: string[] = []) => new RunStore(nodeStoreFolder(folder), (line) => warnings.push(line)).read(SCRATCH);

    it('keeps a scratch\'s runs across a new store (a reload), in one file per scratch', async () => {
      const folder = fresh();
      const state = await stateOf(lessonConfig());
      const store = new RunStore(nodeStoreFolder(folder), (line) => assert.fail(line));
      await store.change(SCRATCH, 20, (runs) => withCell(runs, cellOf(1, state)));
      await store.change(SCRATCH, 20, (runs) => withBaseline(withCell(runs, cellOf(2, state)), 1));
      await store.change('file:///work/other.ts', 20, (runs) => withCell(runs, cellOf(1, state)));
      assert.equal(readdirSync(folder).length, 2);
      const back = await stored(folder);
      assert.deepEqual(back.cells.map((c) => c.number), [1, 2]);
      assert.equal(back.baseline, 1);
      assert.deepEqual(joinBatches(replayed(back.cells[1]).plans[0].losses), joinBatches(state.plans[0].losses));
    });

    it('a kill between writing and renaming loses only the run being written', async () => {
      const folder = fresh();
      const state = await stateOf(lessonConfig());
      await new RunStore(nodeStoreFolder(folder), () => undefined).change(SCRATCH, 20, (runs) => withCell(runs, cellOf(1, state)));
      const cellFile = join(folder, 'second-cell');
      writeFileSync(cellFile, JSON.stringify(cellOf(2, state)));
      const child = spawnSync(process.execPath, [__filename], { env: { ...process.env, [KILLED_WRITER]: `${folder}\n${cellFile}` }, encoding: 'utf8' });
      assert.equal(child.signal, 'SIGKILL', `the writer was killed before its rename: ${child.stderr}`);
      assert.ok(readdirSync(folder).some((name) => name.endsWith('.tmp')), 'it had written the temporary file');
      const warnings: string[] = [];
      const back = await stored(folder, warnings);
      assert.deepEqual(back.cells.map((c) => c.number), [1], 'the earlier run is whole');
      assert.deepEqual(warnings, []);
    });

    it('sets aside a corrupt file, one from a newer version, or one of the wrong form, with one warning each, and starts empty', async () => {
      const cases: [string, string, RegExp][] = [
        ['half a file', '{"type":"runs","version":1,"scr', /not JSON/],
        ['a newer version', JSON.stringify({ ...noStoredRuns(SCRATCH), version: 2 }), /a newer Descent wrote it \(version 2; this one reads 1\)/],
        ['a cell without events', JSON.stringify({ ...noStoredRuns(SCRATCH), cells: [{ number: 1 }] }), /the field cells\[0\]\.file should be a string/],
      ];
      for (const [what, text, why] of cases) {
        const folder = fresh();
        const store = new RunStore(nodeStoreFolder(folder), () => undefined);
        writeFileSync(join(folder, await store.fileOf(SCRATCH)), text);
        const warnings: string[] = [];
        const back = await stored(folder, warnings);
        assert.deepEqual(back, noStoredRuns(SCRATCH), what);
        assert.equal(warnings.length, 1, what);
        assert.match(warnings[0], why, what);
        assert.match(warnings[0], /the panel opens without them/);
        assert.ok(!existsSync(join(folder, await store.fileOf(SCRATCH))), `${what}: moved out of the way`);
        const aside = readdirSync(folder).filter((name) => name.includes('.set-aside-'));
        assert.equal(aside.length, 1, what);
        assert.equal(readFileSync(join(folder, aside[0]), 'utf8'), text, `${what}: kept as it was`);
      }
    });

    it("moves a renamed scratch's runs with it, and drops a deleted one's", async () => {
      const folder = fresh();
      const state = await stateOf(lessonConfig());
      const store = new RunStore(nodeStoreFolder(folder), (line) => assert.fail(line));
      await store.change(SCRATCH, 20, (runs) => withCell(runs, cellOf(1, state)));
      const renamed = 'file:///work/renamed.ts';
      await store.move(SCRATCH, renamed);
      const reloaded = new RunStore(nodeStoreFolder(folder), (line) => assert.fail(line));
      assert.deepEqual((await reloaded.read(SCRATCH)).cells, []);
      const moved = await reloaded.read(renamed);
      assert.equal(moved.scratch, renamed);
      assert.deepEqual(moved.cells.map((c) => c.number), [1]);
      await reloaded.remove(renamed);
      assert.deepEqual(readdirSync(folder), []);
    });
  });
}
