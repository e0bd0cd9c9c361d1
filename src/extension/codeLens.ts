// "▶ Run Optimization" above a scratch file's `export default`, or, in the lesson form, above its
// first `.minimize(` call, or above the script tag that loads tfjs in the course's index.html.
// Files that do not import tfjs (pages that do not load it) get none.
import * as vscode from 'vscode';
import { pageRunAnchorOffset, runAnchorOffset } from '../shared/scratchText';

export class RunCodeLensProvider implements vscode.CodeLensProvider {
  /** `onScratch` hears of each scratch file the editor shows, so the compiler can start ahead of a run. */
  constructor(private readonly onScratch: () => void) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const offset = (document.languageId === 'html' ? pageRunAnchorOffset : runAnchorOffset)(document.getText());
    if (offset === null) return [];
    this.onScratch();
    const line = document.positionAt(offset).line;
    return [
      new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: '▶ Run Optimization',
        tooltip: 'Descent: run this scratch file',
        command: 'descent.run',
        arguments: [document.uri],
      }),
    ];
  }
}
