// What a scratch's kept runs cost the host: a real run of the lesson trained for many epochs on
// cpu, kept `cells` times over (descent.keptRuns' default), written through the RunStore, then read
// back by a fresh one (as after a reload) against only parsing the same file.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeStoreFolder } from '../../src/node/nodeStoreFolder';
import { RunStore } from '../../src/shared/runStore';
import { summarizeEvent } from '../../src/shared/protocol';
import { runStateOf } from '../../src/shared/runState';
import { storedCellOf, withCell } from '../../src/shared/storedRuns';
import { LESSON_TEXT } from '../support/lessonFiles';
import { runText } from '../support/scratchRuns';
import { median, round } from './stats';

export interface KeptRunsFigures {
  epochs: number;
  cells: number;
  /** One kept run as stored, and the scratch's whole file. */
  cellBytes: number;
  fileBytes: number;
  writeMs: number;
  /** A fresh store's read of the file (parse and check), and only JSON.parse of the same text; medians. */
  readMs: number;
  parseMs: number;
  readOverParse: number;
  rounds: number;
}

export interface KeptRunsOptions {
  epochs: number;
  cells: number;
  rounds: number;
  progress(line: string): void;
}

const SCRATCH = 'file:///bench/lesson.ts';

export async function measureKeptRuns(options: KeptRunsOptions): Promise<KeptRunsFigures> {
  const { epochs, cells, rounds } = options;
  options.progress(`keptRuns: training the lesson for ${epochs} epochs on cpu`);
  const text = LESSON_TEXT.replace('epochs: 200,', `epochs: ${epochs},`).replace('logEvery: 20,', `logEvery: ${epochs},`);
  const { events, error } = await runText(text, 'lesson.ts', {});
  if (error) throw new Error(`the lesson did not run: ${error.message}`);
  const state = runStateOf(events.map(summarizeEvent));
  const folder = mkdtempSync(join(tmpdir(), 'descent-bench-runs-'));
  try {
    const store = new RunStore(nodeStoreFolder(folder), (line) => options.progress(line));
    const started = performance.now();
    for (let number = 1; number <= cells; number++) {
      const cell = storedCellOf({ number, file: 'lesson.ts', source: text, state, prints: [], compileError: null });
      await store.change(SCRATCH, cells, (runs) => withCell(runs, cell));
    }
    const writeMs = performance.now() - started;
    const file = join(folder, await store.fileOf(SCRATCH));
    const fileText = readFileSync(file, 'utf8');
    const reads: number[] = [];
    const parses: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const readStarted = performance.now();
      const back = await new RunStore(nodeStoreFolder(folder), (line) => options.progress(line)).read(SCRATCH);
      reads.push(performance.now() - readStarted);
      if (back.cells.length !== cells) throw new Error(`read back ${back.cells.length} cells of ${cells}`);
      const parseStarted = performance.now();
      JSON.parse(fileText);
      parses.push(performance.now() - parseStarted);
    }
    const cellBytes = Buffer.byteLength(JSON.stringify(storedCellOf({ number: 1, file: 'lesson.ts', source: text, state, prints: [], compileError: null })));
    const readMs = median(reads);
    const parseMs = median(parses);
    return {
      epochs,
      cells,
      cellBytes,
      fileBytes: statSync(file).size,
      writeMs: round(writeMs),
      readMs: round(readMs),
      parseMs: round(parseMs),
      readOverParse: round(readMs / parseMs),
      rounds,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
