// Activation: the output channel, the Problems collection, one session per scratch file, and the
// commands that drive them.
import * as vscode from 'vscode';
import { warmUpCompiler } from './compile';
import { ScratchDiagnostics } from './diagnostics';
import { createScratch } from './newScratch';
import { ScratchSession, type RunOutcome, type SessionServices } from './scratchSession';

/** What the extension offers other extensions (and its integration tests). */
export interface DescentApi {
  onDidFinishRun: vscode.Event<RunOutcome>;
}

const SCRATCH_LANGUAGES = ['typescript', 'javascript'];

export function activate(context: vscode.ExtensionContext): DescentApi {
  warmUpCompiler();
  const output = vscode.window.createOutputChannel('Descent');
  const diagnostics = new ScratchDiagnostics();
  const sessions = new Map<string, ScratchSession>();
  const finished = new vscode.EventEmitter<RunOutcome>();

  const services: SessionServices = {
    extensionUri: context.extensionUri,
    output,
    diagnostics,
    onRunningChanged: () => {
      const running = [...sessions.values()].some((s) => s.running);
      void vscode.commands.executeCommand('setContext', 'descent.running', running);
    },
    onFinished: (outcome) => finished.fire(outcome),
  };

  const sessionFor = (uri: vscode.Uri): ScratchSession => {
    const key = uri.toString();
    let session = sessions.get(key);
    if (!session) {
      session = new ScratchSession(uri, services, (closed) => sessions.delete(closed.uri.toString()));
      sessions.set(key, session);
    }
    return session;
  };

  const run = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !SCRATCH_LANGUAGES.includes(editor.document.languageId)) {
      void vscode.window.showInformationMessage('Descent runs the scratch file in the active editor: open a .ts or .js file first.');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      const choice = await vscode.window.showWarningMessage(
        'Descent runs the code of this scratch file, and this workspace is not trusted. Trust it to run optimizations.',
        manage,
      );
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    await sessionFor(editor.document.uri).run(editor.document);
  };

  const stop = () => {
    const running = [...sessions.values()].filter((s) => s.running);
    const active = running.find((s) => s.panelIsActive || s.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString());
    (active ? [active] : running).forEach((s) => s.stop());
  };

  context.subscriptions.push(
    output,
    diagnostics,
    finished,
    finished,
    { dispose: () => sessions.forEach((s) => s.dispose()) },
    vscode.commands.registerCommand('descent.run', run),
    vscode.commands.registerCommand('descent.stop', stop),
    vscode.commands.registerCommand('descent.showOutput', () => output.show()),
    vscode.commands.registerCommand('descent.newScratch', () => createScratch(context.extensionUri)),
  );
  return { onDidFinishRun: finished.event };
}

export function deactivate(): void {}
