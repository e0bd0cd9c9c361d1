// A finished run's final values in the editor, as faint text after the scratch's variables line
// (`→ x = 0.0034543 · loss 0.0020762`), in every editor showing the file, until that line is edited.
import * as vscode from 'vscode';
import { resultAnchorOffset } from '../shared/scratchText';

interface Shown {
  line: number;
  text: string;
}

export class InlineResults implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  /** By document URI. */
  private readonly shown = new Map<string, Shown>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.apply(editor))),
      vscode.workspace.onDidChangeTextDocument((change) => this.edited(change)),
      vscode.workspace.onDidCloseTextDocument((document) => this.shown.delete(document.uri.toString())),
    ];
  }

  /** Shows `text` at the end of the variables line of the scratch at `uri`, if it is open and has one; empty text clears it. */
  show(uri: vscode.Uri, text: string): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const offset = document && text ? resultAnchorOffset(document.getText()) : null;
    if (document && offset !== null) this.shown.set(uri.toString(), { line: document.positionAt(offset).line, text });
    else this.shown.delete(uri.toString());
    this.applyAll(uri);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.decoration.dispose();
  }

  /** An edit of the line clears the text; lines added or removed above it move it. */
  private edited({ document, contentChanges }: vscode.TextDocumentChangeEvent): void {
    const key = document.uri.toString();
    const shown = this.shown.get(key);
    if (!shown || contentChanges.length === 0) return;
    let line = shown.line;
    for (const { range, text } of contentChanges) {
      if (range.start.line <= line && range.end.line >= line) {
        this.shown.delete(key);
        return this.applyAll(document.uri);
      }
      if (range.end.line < line) line += text.split('\n').length - 1 - (range.end.line - range.start.line);
    }
    this.shown.set(key, { ...shown, line });
  }

  private applyAll(uri: vscode.Uri): void {
    vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.toString() === uri.toString()).forEach((editor) => this.apply(editor));
  }

  private apply(editor: vscode.TextEditor): void {
    const shown = this.shown.get(editor.document.uri.toString());
    if (!shown || shown.line >= editor.document.lineCount) return editor.setDecorations(this.decoration, []);
    const end = editor.document.lineAt(shown.line).range.end;
    editor.setDecorations(this.decoration, [{ range: new vscode.Range(end, end), renderOptions: { after: { contentText: ` ${shown.text}` } } }]);
  }
}
