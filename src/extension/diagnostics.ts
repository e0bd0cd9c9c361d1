// Puts a scratch file's compile, config and runtime errors in the Problems panel.
import * as vscode from 'vscode';
import { dirname, relative } from '../shared/posixPath';
import type { DescentError } from '../shared/protocol';
import type { RunObserver } from './hostRun';

export class ScratchDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('descent');
  /** Where each scratch's last error was put: the scratch itself or one of its helper files. */
  private readonly reportedAt = new Map<string, vscode.Uri>();

  /** Replaces what the Problems panel says about this scratch with the error, or with nothing. */
  report(scratch: vscode.Uri, displayName: string, error: DescentError | null): void {
    const previous = this.reportedAt.get(scratch.toString());
    if (previous) this.collection.delete(previous);
    this.reportedAt.delete(scratch.toString());
    if (!error || error.line === null) return;

    const uri = this.uriOf(scratch, displayName, error.file);
    const line = error.line - 1;
    const column = Math.max(0, (error.column ?? 1) - 1);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER),
      error.message,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = `Descent (${error.kind})`;
    this.collection.set(uri, [diagnostic]);
    this.reportedAt.set(scratch.toString(), uri);
  }

  /** What puts a run's error here: a compile error, or the error a run finished with; a run that starts clears the last one. */
  follow(scratch: vscode.Uri, displayName: string): RunObserver {
    return {
      started: () => this.report(scratch, displayName, null),
      ended: ({ reason, error }) => {
        if (reason.kind === 'finished' || (reason.kind === 'failed' && reason.cause === 'compile')) this.report(scratch, displayName, error);
      },
    };
  }

  dispose(): void {
    this.collection.dispose();
  }

  private uriOf(scratch: vscode.Uri, displayName: string, file: string | null): vscode.Uri {
    if (!file || file === displayName || scratch.scheme === 'untitled') return scratch;
    // The compiler names files with the host's separator; a URI's path has '/'.
    const [from, to] = [displayName, file].map((name) => name.replace(/\\/g, '/'));
    return vscode.Uri.joinPath(scratch, '..', relative(dirname(from), to));
  }
}
