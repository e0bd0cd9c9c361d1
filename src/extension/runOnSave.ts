// Re-run on save: a toggle, remembered per workspace, shown in the status bar beside a scratch
// file, that runs the scratch each time it is saved. Off by default.
import * as vscode from 'vscode';

const STATE_KEY = 'descent.runOnSave';

export class RunOnSave implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('descent.runOnSave', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly state: vscode.Memento,
    /** Whether the editor shows a scratch file, next to which the toggle appears. */
    private readonly isScratch: (editor: vscode.TextEditor | undefined) => boolean,
    saved: (document: vscode.TextDocument) => void,
  ) {
    this.item.name = 'Descent: Re-run on Save';
    this.item.command = 'descent.toggleRunOnSave';
    this.subscriptions = [
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.on) saved(document);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    ];
    this.render();
  }

  get on(): boolean {
    return this.state.get<boolean>(STATE_KEY, false);
  }

  async toggle(): Promise<void> {
    await this.state.update(STATE_KEY, !this.on);
    this.render();
    vscode.window.setStatusBarMessage(`Descent: re-run on save is ${this.on ? 'on' : 'off'}`, 3000);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }

  private render(): void {
    this.item.text = this.on ? '$(sync) Re-run on save' : '$(sync-ignored) Re-run on save';
    this.item.tooltip = this.on
      ? 'Descent runs the scratch each time it is saved, against the run before. Click to turn off.'
      : 'Click to run the scratch each time it is saved.';
    this.item.accessibilityInformation = { label: `Descent: re-run on save ${this.on ? 'on' : 'off'}` };
    if (this.on || this.isScratch(vscode.window.activeTextEditor)) this.item.show();
    else this.item.hide();
  }
}
