// A test-only web extension for Code - OSS: the workspace folder as the `descent-e2e` file system,
// whose every call goes to the test server (codeOss.ts), which reads and writes a real folder. So
// what Descent writes through vscode.workspace.fs lands on disk, where a test can read it, and
// survives a reload of the window, as a folder opened on vscode.dev does.
import * as vscode from 'vscode';

const SCHEME = 'descent-e2e';

/** The file search that quick open asks for (a proposed API, enabled for this extension by the test page). */
interface FileSearchProvider {
  provideFileSearchResults(query: { pattern: string }, options: unknown, token: vscode.CancellationToken): Promise<vscode.Uri[]>;
}
type WorkspaceWithSearch = typeof vscode.workspace & { registerFileSearchProvider(scheme: string, provider: FileSearchProvider): vscode.Disposable };

interface Stat {
  type: 'file' | 'directory';
  size: number;
  mtime: number;
  ctime: number;
}

/** The test server's origin: it serves this extension too, so the extension's own address names it. */
let origin = '';

/** The server's address of a path in the workspace folder, with a query saying what to do. */
function address(uri: vscode.Uri, query = ''): string {
  return `${origin}/fs${uri.path}${query ? `?${query}` : ''}`;
}

async function call(uri: vscode.Uri, init: RequestInit & { query?: string } = {}): Promise<Response> {
  const response = await fetch(address(uri, init.query), init);
  if (response.status === 404) throw vscode.FileSystemError.FileNotFound(uri);
  if (response.status === 409) throw vscode.FileSystemError.FileExists(uri);
  if (!response.ok) throw vscode.FileSystemError.Unavailable(`${uri.path}: ${response.status} ${await response.text()}`);
  return response;
}

class ServedFolder implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const stat = (await (await call(uri, { query: 'stat' })).json()) as Stat;
    return { type: stat.type === 'directory' ? vscode.FileType.Directory : vscode.FileType.File, size: stat.size, mtime: stat.mtime, ctime: stat.ctime };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const entries = (await (await call(uri, { query: 'list' })).json()) as [string, Stat['type']][];
    return entries.map(([name, type]) => [name, type === 'directory' ? vscode.FileType.Directory : vscode.FileType.File]);
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    await call(uri, { method: 'POST', query: 'mkdir' });
    this.changed.fire([{ type: vscode.FileChangeType.Created, uri }]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return new Uint8Array(await (await call(uri)).arrayBuffer());
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    const existed = await this.stat(uri).then(
      () => true,
      () => false,
    );
    if (existed && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
    if (!existed && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
    await call(uri, { method: 'PUT', body: content as Uint8Array<ArrayBuffer> });
    this.changed.fire([{ type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  async delete(uri: vscode.Uri): Promise<void> {
    await call(uri, { method: 'DELETE' });
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  async rename(from: vscode.Uri, to: vscode.Uri, options: { overwrite: boolean }): Promise<void> {
    await call(from, { method: 'POST', query: `rename=${encodeURIComponent(to.path)}&overwrite=${options.overwrite}` });
    this.changed.fire([
      { type: vscode.FileChangeType.Deleted, uri: from },
      { type: vscode.FileChangeType.Created, uri: to },
    ]);
  }
}

export function activate(context: vscode.ExtensionContext): void {
  origin = new URL(context.extensionUri.toString(true)).origin;
  const workspace = vscode.workspace as WorkspaceWithSearch;
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(SCHEME, new ServedFolder(), { isCaseSensitive: true }),
    workspace.registerFileSearchProvider(SCHEME, {
      async provideFileSearchResults(query) {
        const files = (await (await fetch(`${origin}/fs/?files`)).json()) as string[];
        const wanted = query.pattern.toLowerCase();
        return files.filter((path) => path.toLowerCase().includes(wanted)).map((path) => vscode.Uri.from({ scheme: SCHEME, path }));
      },
    }),
  );
}
