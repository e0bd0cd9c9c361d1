// Use in scratch: the values the learner tried in the panel, written into the scratch's text as one
// edit that one Undo takes back, whether the file is open in an editor or not. Nothing is saved.
import * as vscode from 'vscode';
import type { PlayChange } from '../shared/protocol';
import { scratchEdits } from '../shared/scratchEdits';
import { useInScratchNotAppliedText, useInScratchProblemText } from '../shared/wording';

/** Writes the change into the scratch; when it cannot, says why in a warning and through `warn` (the output channel). */
export async function useInScratch(scratch: vscode.Uri, displayName: string, change: PlayChange, warn: (line: string) => void): Promise<void> {
  const document = await vscode.workspace.openTextDocument(scratch);
  const { edits, problem } = scratchEdits(document.getText(), change);
  const report = (text: string) => {
    warn(text);
    void vscode.window.showWarningMessage(text);
  };
  if (problem) return report(useInScratchProblemText(displayName, problem));
  const edit = new vscode.WorkspaceEdit();
  for (const { offset, length, text } of edits) edit.replace(scratch, new vscode.Range(document.positionAt(offset), document.positionAt(offset + length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) report(useInScratchNotAppliedText(displayName));
}
