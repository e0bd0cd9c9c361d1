// The context key `descent.coursePages`: the paths of the open HTML documents that load tfjs,
// which the editor title's ▶ and the keybinding check with `resourcePath in descent.coursePages`
// (a `when` clause cannot read a file's text). Paths, not URIs: in a remote window the workbench
// knows a file by a `vscode-remote:` URI that the extension host knows as `file:`.
import * as vscode from 'vscode';
import { isCoursePage } from './scratchDocuments';

export function coursePagesContext(): vscode.Disposable {
  const pages = new Set<string>();
  const update = (document: vscode.TextDocument, isPage = isCoursePage(document)) => {
    const key = document.uri.fsPath;
    if (isPage === pages.has(key)) return;
    if (isPage) pages.add(key);
    else pages.delete(key);
    void vscode.commands.executeCommand('setContext', 'descent.coursePages', [...pages]);
  };
  vscode.workspace.textDocuments.forEach((document) => update(document));
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((document) => update(document)),
    vscode.workspace.onDidChangeTextDocument(({ document }) => update(document)),
    vscode.workspace.onDidCloseTextDocument((document) => update(document, false)),
  );
}
