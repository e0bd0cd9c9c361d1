// The kept runs of each scratch file, one JSON file per scratch in a folder of the extension's
// storage. Every write goes to a temporary file first and is renamed over the old one, so a
// crash mid-write leaves the runs as they were before it. A file that cannot be read is set
// aside with one warning, and the scratch starts with no runs.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STORED_RUNS_VERSION, validateStoredRuns, type StoredCell, type StoredRuns } from '../shared/protocol';
import { boundedRuns, noStoredRuns, STORED_RUNS_MAX_BYTES } from '../shared/storedRuns';

export interface RunStoreOptions {
  maxBytes?: number;
  /** Called between writing the temporary file and renaming it: where a test kills the process. */
  beforeRename?: () => Promise<void> | void;
}

export class RunStore {
  /** Each scratch's runs as last read or written, in a chain that orders its changes. */
  private readonly runs = new Map<string, Promise<StoredRuns>>();
  private readonly sizes = new WeakMap<StoredCell, number>();
  private readonly maxBytes: number;

  constructor(
    readonly folder: string,
    private readonly warn: (line: string) => void,
    private readonly options: RunStoreOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? STORED_RUNS_MAX_BYTES;
  }

  /** The file that holds a scratch's runs. */
  fileOf(scratch: string): string {
    return join(this.folder, `${createHash('sha256').update(scratch).digest('hex').slice(0, 32)}.json`);
  }

  read(scratch: string): Promise<StoredRuns> {
    let runs = this.runs.get(scratch);
    if (!runs) {
      runs = this.load(scratch);
      this.runs.set(scratch, runs);
    }
    return runs;
  }

  /**
   * Applies `update` to the scratch's runs after the changes before it, bounds them by
   * `keptRuns` and the byte cap, and writes them. A write that fails is warned about, and the
   * runs stay as updated in memory.
   */
  change(scratch: string, keptRuns: number, update: (runs: StoredRuns) => StoredRuns): Promise<StoredRuns> {
    const changed = this.read(scratch).then(async (runs) => {
      const next = boundedRuns(update(runs), keptRuns, this.maxBytes, (cell) => this.bytesOf(cell));
      if (next !== runs) await this.write(scratch, next);
      return next;
    });
    this.runs.set(scratch, changed);
    return changed;
  }

  /** The scratch was renamed: its runs go with it. */
  async move(from: string, to: string): Promise<void> {
    const runs = await this.read(from);
    this.runs.delete(from);
    await rm(this.fileOf(from), { force: true });
    if (!runs.cells.length) return;
    const moved = { ...runs, scratch: to };
    this.runs.set(to, Promise.resolve(moved));
    await this.write(to, moved);
  }

  /** The scratch was deleted: so are its runs. */
  async remove(scratch: string): Promise<void> {
    await this.read(scratch);
    this.runs.delete(scratch);
    await rm(this.fileOf(scratch), { force: true });
  }

  private async load(scratch: string): Promise<StoredRuns> {
    const file = this.fileOf(scratch);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return noStoredRuns(scratch);
      return this.setAside(scratch, file, `it could not be read: ${(error as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return this.setAside(scratch, file, `it is not JSON: ${(error as Error).message}`);
    }
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > STORED_RUNS_VERSION) {
      return this.setAside(scratch, file, `a newer Descent wrote it (version ${version}; this one reads ${STORED_RUNS_VERSION})`);
    }
    const checked = validateStoredRuns(raw);
    if (!checked.ok) {
      const { problem } = checked;
      const why = problem.startsWith('message(runs)') ? `the field ${problem.replace(/^message\(runs\)\.?/, '')}` : problem.replace(/^message/, 'the file');
      return this.setAside(scratch, file, why);
    }
    if (checked.message.scratch !== scratch) return noStoredRuns(scratch);
    return checked.message;
  }

  private async setAside(scratch: string, file: string, why: string): Promise<StoredRuns> {
    const aside = file.replace(/\.json$/, `.set-aside-${Date.now()}.json`);
    const moved = await rename(file, aside).then(
      () => `; it is now ${aside}`,
      () => '',
    );
    this.warn(`Descent could not restore the kept runs of ${scratch}, so the panel opens without them: ${why}${moved}.`);
    return noStoredRuns(scratch);
  }

  private async write(scratch: string, runs: StoredRuns): Promise<void> {
    const file = this.fileOf(scratch);
    const temporary = `${file}.tmp`;
    try {
      await mkdir(this.folder, { recursive: true });
      await writeFile(temporary, JSON.stringify(runs));
      await this.options.beforeRename?.();
      await rename(temporary, file);
    } catch (error) {
      this.warn(`Descent could not keep the runs of ${scratch}: ${(error as Error).message}`);
    }
  }

  private bytesOf(cell: StoredCell): number {
    let bytes = this.sizes.get(cell);
    if (bytes === undefined) {
      bytes = Buffer.byteLength(JSON.stringify(cell));
      this.sizes.set(cell, bytes);
    }
    return bytes;
  }
}
