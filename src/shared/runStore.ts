// The kept runs of each scratch file, one JSON file per scratch in a folder of the extension's
// storage, which the host's StoreFolder reaches (node:fs on the desktop, vscode.workspace.fs on
// the web). Every write goes to a temporary file first and is renamed over the old one, so a
// crash mid-write leaves the runs as they were before it. A file that cannot be read is set
// aside with one warning, and the scratch starts with no runs.
import { STORED_RUNS_VERSION, validateStoredRuns, type StoredCell, type StoredRuns } from './protocol';
import { boundedRuns, noStoredRuns, STORED_RUNS_MAX_BYTES } from './storedRuns';

/** A folder of files by name, created by the first write. */
export interface StoreFolder {
  /** Where a file of the folder is, as a warning names it. */
  where(name: string): string;
  /** The file's text, or null when there is none; throws when it is there but cannot be read. */
  read(name: string): Promise<string | null>;
  write(name: string, text: string): Promise<void>;
  /** Renames a file over another, which may be there. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes the file, if it is there. */
  remove(name: string): Promise<void>;
}

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
    readonly folder: StoreFolder,
    private readonly warn: (line: string) => void,
    private readonly options: RunStoreOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? STORED_RUNS_MAX_BYTES;
  }

  /** The name of the file that holds a scratch's runs. */
  async fileOf(scratch: string): Promise<string> {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(scratch)));
    const hex = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex}.json`;
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
    await this.folder.remove(await this.fileOf(from));
    if (!runs.cells.length) return;
    const moved = { ...runs, scratch: to };
    this.runs.set(to, Promise.resolve(moved));
    await this.write(to, moved);
  }

  /** The scratch was deleted: so are its runs. */
  async remove(scratch: string): Promise<void> {
    await this.read(scratch);
    this.runs.delete(scratch);
    await this.folder.remove(await this.fileOf(scratch));
  }

  private async load(scratch: string): Promise<StoredRuns> {
    const file = await this.fileOf(scratch);
    let text: string | null;
    try {
      text = await this.folder.read(file);
    } catch (error) {
      return this.setAside(scratch, file, `it could not be read: ${(error as Error).message}`);
    }
    if (text === null) return noStoredRuns(scratch);
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
    const moved = await this.folder.rename(file, aside).then(
      () => `; it is now ${this.folder.where(aside)}`,
      () => '',
    );
    this.warn(`Descent could not restore the kept runs of ${scratch}, so the panel opens without them: ${why}${moved}.`);
    return noStoredRuns(scratch);
  }

  private async write(scratch: string, runs: StoredRuns): Promise<void> {
    const file = await this.fileOf(scratch);
    const temporary = `${file}.tmp`;
    try {
      await this.folder.write(temporary, JSON.stringify(runs));
      await this.options.beforeRename?.();
      await this.folder.rename(temporary, file);
    } catch (error) {
      this.warn(`Descent could not keep the runs of ${scratch}: ${(error as Error).message}`);
    }
  }

  private bytesOf(cell: StoredCell): number {
    let bytes = this.sizes.get(cell);
    if (bytes === undefined) {
      bytes = new TextEncoder().encode(JSON.stringify(cell)).length;
      this.sizes.set(cell, bytes);
    }
    return bytes;
  }
}
