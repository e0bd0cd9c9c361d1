// The wasm backend's binaries as the page reads them from its resource origin, for its workers:
// each file loaded once per panel, within WASM_FILE_MS, and kept as a Blob.
import { WASM_FILE_MS, type WasmFileAnswer, type WasmFileName } from '../../../src/shared/protocol';
import { within } from '../../../src/shared/within';

export class WasmFiles {
  private readonly loaded = new Map<WasmFileName, Promise<Blob>>();

  /** folder: the webview address of dist/webview/wasm/, ending in /. */
  constructor(private readonly folder: string) {}

  async answer(name: WasmFileName): Promise<WasmFileAnswer> {
    try {
      return { type: 'wasmFile', name, file: await this.load(name), problem: null };
    } catch (thrown) {
      return { type: 'wasmFile', name, file: null, problem: thrown instanceof Error ? thrown.message : String(thrown) };
    }
  }

  private load(name: WasmFileName): Promise<Blob> {
    let file = this.loaded.get(name);
    if (!file) {
      file = fetchWithin(`${this.folder}${name}`, WASM_FILE_MS);
      // A failure is not kept: the next run asks again.
      file.catch(() => this.loaded.delete(name));
      this.loaded.set(name, file);
    }
    return file;
  }
}

/** The file at `address`, or an error within `ms` whether or not the request ever answers. */
async function fetchWithin(address: string, ms: number): Promise<Blob> {
  const abort = new AbortController();
  const load = async () => {
    const response = await fetch(address, { signal: abort.signal });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`.trim());
    return response.blob();
  };
  return within(load(), ms, () => {
    abort.abort();
    throw new Error(`no answer within ${ms / 1000} s`);
  });
}
