// Activation: the output channel, the Problems collection, the status bar, the CodeLens, one
// session per scratch file, and the commands that drive them.
import * as vscode from 'vscode';
import { RunStore } from '../shared/runStore';
import { RunCodeLensProvider } from './codeLens';
import { compileAheadOnPause } from './compileAhead';
import { coursePagesContext } from './coursePagesContext';
import { ScratchDiagnostics } from './diagnostics';
import { InlineResults } from './inlineResults';
import { looksLikeScratch } from '../shared/scratchText';
import { RunOnSave } from './runOnSave';
import { isCoursePage, isScratchDocument, isScriptDocument, SCRATCH_LANGUAGES } from './scratchDocuments';
import { createScratch, findExample, pickExample } from './newScratch';
import type { PanelState, RunControl } from '../shared/protocol';
import { PANEL_TYPE } from './panel';
import type { ExtensionHost } from './scratchCompiler';
import { ScratchSession, type RunOutcome, type SessionServices } from './scratchSession';
import { RunStatusBar } from './statusBar';

/** What the extension offers other extensions (and its integration tests). */
export interface DescentApi {
  onDidFinishRun: vscode.Event<RunOutcome>;
}

const isScratchEditor = (editor: vscode.TextEditor | undefined): editor is vscode.TextEditor => editor !== undefined && isScratchDocument(editor.document);

/** Activates Descent in either extension host, with that host's compiler and storage. */
export function activateDescent(context: vscode.ExtensionContext, host: ExtensionHost): DescentApi {
  const activationStarted = performance.now();
  const output = vscode.window.createOutputChannel('Descent', { log: true });
  const diagnostics = new ScratchDiagnostics();
  const statusBar = new RunStatusBar();
  const inlineResults = new InlineResults();
  const sessions = new Map<string, ScratchSession>();
  const finished = new vscode.EventEmitter<RunOutcome>();
  const runs = new RunStore(host.runsFolder(vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'runs')), (line) => output.warn(line));
  const compiler = host.compiler(context);
  context.subscriptions.push(compiler);

  const services: SessionServices = {
    extensionUri: context.extensionUri,
    output,
    diagnostics,
    statusBar,
    compiler,
    inlineResults,
    runs,
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

  context.subscriptions.push(compileAheadOnPause((uri) => sessions.get(uri.toString())));

  // Activation also happens for TypeScript files that are no scratch files, so the compiler (a
  // WebAssembly module) starts only once a scratch file shows up.
  let compilerStarted = false;
  const startCompiler = () => {
    if (compilerStarted) return;
    compilerStarted = true;
    compiler.warmUp();
  };

  // The scratch last in front: what Run means from a walkthrough or a panel covering the editor.
  let lastScratch = isScratchEditor(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor.document : undefined;
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (isScratchEditor(editor)) lastScratch = editor.document;
    }),
  );

  /** The file a run button, CodeLens or menu names; else the active editor, the last one in front, or a visible one. */
  const scratchDocument = async (target: unknown): Promise<vscode.TextDocument | undefined> => {
    if (target instanceof vscode.Uri) {
      return vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()) ?? vscode.workspace.openTextDocument(target);
    }
    // The one last in front wins over another that is merely visible (focus may be in the Output view).
    const active = isScratchEditor(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor.document : undefined;
    const last = lastScratch?.isClosed ? undefined : lastScratch;
    return active ?? last ?? vscode.window.visibleTextEditors.find(isScratchEditor)?.document;
  };

  const run = async (target?: unknown) => {
    const document = await scratchDocument(target);
    if (!document || !isScratchDocument(document)) {
      void vscode.window.showInformationMessage("Descent runs the scratch file in the active editor: open a .ts or .js file, or the course's index.html that loads TensorFlow.js, first.");
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
    await sessionFor(document.uri).run(document);
  };

  /** The running sessions a command means: the one it names, or the one in front, or else all of them. */
  const runningSessions = (target: unknown): ScratchSession[] => {
    const running = [...sessions.values()].filter((s) => s.running);
    const named = target instanceof vscode.Uri ? running.find((s) => s.uri.toString() === target.toString()) : undefined;
    const active = named ?? running.find((s) => s.panelIsActive || s.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString());
    return active ? [active] : running;
  };
  const stop = (target?: unknown) => runningSessions(target).forEach((s) => s.stop());
  const control = (action: RunControl) => (target?: unknown) => runningSessions(target).forEach((s) => s.control(action));

  let warnedUntrusted = false;
  const runOnSave = new RunOnSave(context.workspaceState, isScratchEditor, (document) => {
    if (!isCoursePage(document) && !(isScriptDocument(document) && looksLikeScratch(document.getText()))) return;
    if (!vscode.workspace.isTrusted) {
      if (!warnedUntrusted) output.warn('Re-run on save is on, but this workspace is not trusted: Descent runs none of its code.');
      warnedUntrusted = true;
      return;
    }
    void sessionFor(document.uri).runSaved(document);
  });

  const openExample = async (name?: unknown) => {
    const example = findExample(name) ?? (await pickExample());
    if (example) await createScratch(context.extensionUri, example);
  };

  context.subscriptions.push(
    output,
    diagnostics,
    statusBar,
    inlineResults,
    finished,
    { dispose: () => sessions.forEach((s) => s.dispose()) },
    coursePagesContext(),
    vscode.languages.registerCodeLensProvider(
      SCRATCH_LANGUAGES.map((language) => ({ language })),
      new RunCodeLensProvider(startCompiler),
    ),
    vscode.commands.registerCommand('descent.run', run),
    vscode.commands.registerCommand('descent.stop', stop),
    vscode.commands.registerCommand('descent.pause', control('pause')),
    vscode.commands.registerCommand('descent.step', control('step')),
    vscode.commands.registerCommand('descent.resume', control('resume')),
    vscode.commands.registerCommand('descent.showOutput', () => output.show()),
    runOnSave,
    vscode.commands.registerCommand('descent.toggleRunOnSave', () => runOnSave.toggle()),
    vscode.commands.registerCommand('descent.showPanel', async (target?: unknown) => {
      const document = await scratchDocument(target);
      if (document) sessionFor(document.uri).showPanel();
    }),
    // A panel open when the window reloaded comes back with its scratch's kept runs.
    vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const scratch = (state as Partial<PanelState> | undefined)?.scratch;
        if (typeof scratch === 'string') sessionFor(vscode.Uri.parse(scratch)).adopt(panel);
        else panel.dispose();
      },
    }),
    // Kept runs follow their scratch when it is renamed or moved, and go when it is deleted.
    vscode.workspace.onDidRenameFiles(({ files }) => files.forEach(({ oldUri, newUri }) => void runs.move(oldUri.toString(), newUri.toString()))),
    vscode.workspace.onDidDeleteFiles(({ files }) => files.forEach((uri) => void runs.remove(uri.toString()))),
    vscode.commands.registerCommand('descent.newScratch', () => createScratch(context.extensionUri)),
    vscode.commands.registerCommand('descent.openExample', openExample),
  );
  output.debug(`Descent activated in ${(performance.now() - activationStarted).toFixed(1)} ms`);
  return { onDidFinishRun: finished.event };
}

