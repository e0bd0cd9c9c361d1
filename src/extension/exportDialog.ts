// A run cell's export, saved where the learner chooses: the panel sends what to save, the host asks
// where (VS Code's save dialog, beside the scratch file) and writes it there, and nowhere else.
import * as vscode from 'vscode';
import { basename } from '../shared/posixPath';
import type { ExportFormat } from '../shared/protocol';

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
  png: { 'PNG image': ['png'] },
};

/** Asks where to save run `run`'s export of `scratch`; says where it went, or why it could not be written. */
export async function saveExport(scratch: vscode.Uri, run: number, format: ExportFormat, content: string, log: (line: string) => void): Promise<void> {
  const name = `${basename(scratch.path).replace(/\.[^.]+$/, '')}-run${run}.${format}`;
  const folder = scratch.scheme !== 'untitled' ? vscode.Uri.joinPath(scratch, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: FILTERS[format],
    saveLabel: 'Export',
    title: `Export run ${run} as ${format.toUpperCase()}`,
  });
  if (!target) return;
  const bytes = format === 'png' ? Uint8Array.from(atob(content), (c) => c.charCodeAt(0)) : new TextEncoder().encode(content);
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
    log(`Exported run ${run} to ${target.scheme === 'file' ? target.fsPath : target.toString()}`);
  } catch (error) {
    void vscode.window.showErrorMessage(`Descent could not write ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
