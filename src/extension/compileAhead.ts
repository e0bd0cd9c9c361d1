// Compiles a scratch's text while the learner pauses typing (COMPILE_PAUSE_MS after the last
// change), for the scratches that have a session: the next Run of that text starts compiled.
import * as vscode from 'vscode';

const COMPILE_PAUSE_MS = 300;

export interface CompilesAhead {
  compileAhead(document: vscode.TextDocument): void;
}

export function compileAheadOnPause(sessionOf: (uri: vscode.Uri) => CompilesAhead | undefined): vscode.Disposable {
  const waiting = new Map<string, ReturnType<typeof setTimeout>>();
  const changes = vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
    const key = document.uri.toString();
    if (contentChanges.length === 0 || !sessionOf(document.uri)) return;
    clearTimeout(waiting.get(key));
    waiting.set(
      key,
      setTimeout(() => {
        waiting.delete(key);
        if (!document.isClosed) sessionOf(document.uri)?.compileAhead(document);
      }, COMPILE_PAUSE_MS),
    );
  });
  return {
    dispose: () => {
      changes.dispose();
      waiting.forEach((timer) => clearTimeout(timer));
    },
  };
}
