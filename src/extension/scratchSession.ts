// One scratch file's life in the editor: each Run Optimization of it compiles its text and runs
// in its panel as a HostRun, reported to the output channel, the Problems panel, the status bar
// and, for long runs, a progress notification.
import * as vscode from 'vscode';
import type { Compiled, ScratchText } from '../compiler/compile';
import { basename } from '../shared/posixPath';
import type { RunStore } from '../shared/runStore';
import { printLevel } from '../shared/logLevels';
import { PANEL_SILENCE_MS, START_STAGE_MS, type DescentError, type FromWebview, type PlayChange, type RunControl, type RunRequest, type RunSummary, type StoredRuns } from '../shared/protocol';
import { mayImportOtherFiles } from '../shared/scratchText';
import { panelSettings, readSettings, type DescentSettings } from '../shared/settings';
import { STORED_RUNS_MAX_BYTES, withBaseline, withCell, withoutCells } from '../shared/storedRuns';
import { within } from '../shared/within';
import { describeLateStart, formatError, inlineResultText, playLine, stoppedLine } from '../shared/wording';
import type { ScratchCompiler } from './scratchCompiler';
import type { ScratchDiagnostics } from './diagnostics';
import type { InlineResults } from './inlineResults';
import { saveExport } from './exportDialog';
import { HostRun, runError, type RunEnding } from './hostRun';
import { LongRunNotice } from './longRunNotice';
import { PanelHost } from './panelHost';
import { RunOutput } from './runOutput';
import { useInScratch } from './useInScratch';
import type { RunStatusBar } from './statusBar';

export interface SessionServices {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
  diagnostics: ScratchDiagnostics;
  statusBar: RunStatusBar;
  compiler: ScratchCompiler;
  inlineResults: InlineResults;
  /** Each scratch's kept runs. */
  runs: RunStore;
  /** Called whenever a run starts or ends, so the stop command's context key stays true. */
  onRunningChanged(): void;
  onFinished(outcome: RunOutcome): void;
}

/** How a Run Optimization ended, with the lines it wrote to the output channel. */
export interface RunOutcome {
  file: string;
  runs: RunSummary[];
  error: DescentError | null;
  stoppedAtEpoch: number | null;
  lines: string[];
}

export class ScratchSession implements vscode.Disposable {
  private readonly panel: PanelHost;
  /** The latest Run Optimization, live or ended. */
  private latest: HostRun | null = null;
  private requests = 0;
  /** The latest compile of this scratch's text, for a Run of that same text. */
  private ahead: { scratch: ScratchText; compiled: Promise<Compiled> } | null = null;
  /** The latest request posted to the panel: what a play runs again. */
  private lastRequest: RunRequest | null = null;
  /** A live run that a new one replaced: the panel's answer to its stop gets its own line. */
  private replacedRequestId: number | null = null;
  /** descent.inlineResults when the latest run started. */
  private showsInlineResults = false;
  /** A save's run is compiling: a later save waits, the newest only. */
  private savedRunStarting = false;
  private waitingSave: vscode.TextDocument | null = null;
  /** The kept runs posted to the panel's page: a run is posted after them. */
  private restored: Promise<void> = Promise.resolve();
  /** How many pages the panel has loaded. */
  private pages = 0;

  constructor(
    readonly uri: vscode.Uri,
    private readonly services: SessionServices,
    private readonly onClosed: (session: ScratchSession) => void,
  ) {
    this.panel = new PanelHost(
      services.extensionUri,
      this.displayName,
      {
        opened: () => this.restoreRuns(),
        message: (message) => this.receive(message),
        closed: () => {
          // Closing the panel ended its worker, and with it a run that was training.
          this.latest?.end(this.latest.isRunning ? { kind: 'panelClosed' } : { kind: 'replaced' });
          this.onClosed(this);
        },
        silent: () => this.panelStuck(),
      },
      (line) => services.output.warn(line),
      () => {
        const { defaultBackend, figures } = this.settings();
        return { backend: defaultBackend, figures };
      },
    );
  }

  get displayName(): string {
    return this.uri.scheme !== 'untitled' ? vscode.workspace.asRelativePath(this.uri, false) : basename(this.uri.path);
  }

  get panelIsActive(): boolean {
    return this.panel.isActive;
  }

  /** Whether a run is training: what the stop command acts on. */
  get running(): boolean {
    return this.latest?.isRunning ?? false;
  }

  /**
   * Re-run on save: runs the saved text against the run before it. While one such run compiles, a
   * later save waits (only the newest); its run then replaces the one started.
   */
  async runSaved(document: vscode.TextDocument): Promise<void> {
    if (this.savedRunStarting) {
      this.waitingSave = document;
      return;
    }
    this.savedRunStarting = true;
    try {
      await this.run(document, true);
    } finally {
      this.savedRunStarting = false;
    }
    const waiting = this.waitingSave;
    this.waitingSave = null;
    if (waiting) await this.runSaved(waiting);
  }

  /** `againstPrevious`: the panel draws the run before as this one's baseline. */
  async run(document: vscode.TextDocument, againstPrevious = false): Promise<void> {
    const settings = this.settings();
    const file = this.displayName;
    const source = document.getText();
    const run = this.newRun(settings);
    const compiled = await this.compiled(this.scratchText(source, file));
    await this.restored;
    if (run.hasEnded) return;
    if (!compiled.ok) {
      this.panel.post({ type: 'compileError', requestId: run.requestId, file, source, error: compiled.error });
      run.end({ kind: 'failed', cause: 'compile', error: compiled.error });
      return;
    }
    const { code, sourceMap } = compiled;
    this.send(run, settings, { file, source, code, sourceMap, ...(againstPrevious ? { againstPrevious } : {}) });
  }

  /**
   * The learner's play in the panel: the code the latest request ran, again with the change, as a
   * new cell compared with cell `from`. Nothing is compiled and the file is not edited.
   */
  play(from: number, change: PlayChange): void {
    const ran = this.lastRequest;
    if (!ran) return;
    const settings = this.settings();
    const run = this.newRun(settings);
    // Its values are not what the file's text gives: they stay out of the editor.
    this.showsInlineResults = false;
    this.services.output.info(playLine(ran.file, from, change));
    const { file, source, code, sourceMap } = ran;
    this.send(run, settings, { file, source, code, sourceMap, play: { from, change } });
  }

  /** A new run in place of the latest, which a live one is stopped for. */
  private newRun(settings: DescentSettings): HostRun {
    const previous = this.latest;
    if (previous?.isRunning) {
      this.replacedRequestId = previous.requestId;
      this.stop();
    }
    previous?.end({ kind: 'replaced' });
    const file = this.displayName;
    this.showsInlineResults = settings.inlineResults;
    this.services.inlineResults.show(this.uri, '');
    this.panel.show(settings.panelColumn);
    const output = new RunOutput(this.services.output, this.uri, file);
    const run = new HostRun(
      ++this.requests,
      file,
      { stop: () => this.panel.post({ type: 'stop' }), fail: (error) => this.panel.post({ type: 'fail', requestId: run.requestId, error }) },
      [
        output,
        this.services.diagnostics.follow(this.uri, file),
        this.services.statusBar.follow(this.uri, file),
        new LongRunNotice(file, () => this.stop()),
      ],
      (ending) => this.ended(ending, output.lines),
    );
    this.latest = run;
    return run;
  }

  /** Posts the run's request to the panel, which starts it. */
  private send(run: HostRun, settings: DescentSettings, scratch: Pick<RunRequest, 'file' | 'source' | 'code' | 'sourceMap' | 'againstPrevious' | 'play'>): void {
    const request: RunRequest = { type: 'run', requestId: run.requestId, backend: settings.defaultBackend, settings: panelSettings(settings), ...scratch };
    this.lastRequest = request;
    this.panel.post(request);
    run.start(settings.runTimeoutSeconds, this.panel.isReady);
    this.panel.watch(true);
    this.setRunning();
  }

  stop(): void {
    if (this.latest?.isRunning) this.panel.post({ type: 'stop' });
  }

  /** Pause, Step or Resume the live run. */
  control(action: RunControl): void {
    if (this.latest?.isRunning) this.panel.post({ type: 'control', action });
  }

  /** Brings the panel to the front, if it is open. */
  reveal(): void {
    this.panel.reveal();
  }

  /** Opens the panel (with the scratch's kept runs) or brings it forward. */
  showPanel(): void {
    this.panel.show(this.settings().panelColumn);
  }

  /** Takes the scratch's panel that VS Code brought back after a reload. */
  adopt(panel: vscode.WebviewPanel): void {
    this.panel.adopt(panel);
  }

  dispose(): void {
    this.latest?.end({ kind: 'replaced' });
    this.panel.dispose();
  }

  /**
   * Compiles the document's text while the learner pauses typing, so that a Run of that text finds
   * it compiled. A text that may import other files is compiled at Run only: they may change unseen.
   */
  compileAhead(document: vscode.TextDocument): void {
    const text = document.getText();
    if (!mayImportOtherFiles(text)) void this.compiled(this.scratchText(text, this.displayName));
  }

  /** The compile of `scratch`: the one made ahead of it when that was of the same text, or a new one. */
  private compiled(scratch: ScratchText): Promise<Compiled> {
    const ahead = this.ahead;
    if (ahead && ahead.scratch.text === scratch.text && ahead.scratch.file === scratch.file && ahead.scratch.dir === scratch.dir) return ahead.compiled;
    const compiled = this.compileWithin(scratch);
    const kept = mayImportOtherFiles(scratch.text) ? null : { scratch, compiled };
    this.ahead = kept;
    // Only a compiled scratch is kept: a failure (the compiler stopped, a syntax error) is compiled again at Run.
    void compiled.then((result) => {
      if (!result.ok && this.ahead === kept) this.ahead = null;
    });
    return compiled;
  }

  /** Compiles within the compile stage's bound; a compile that takes longer ends as a timeout error. */
  private compileWithin(scratch: ScratchText): Promise<Compiled> {
    const ms = START_STAGE_MS.compile;
    return within(this.services.compiler.compile(scratch, this.folder()), ms, () => ({
      ok: false,
      error: runError('timeout', describeLateStart('compile', ms / 1000, null), this.displayName),
    }));
  }

  /**
   * The panel sent nothing for PANEL_SILENCE_MS while a run was going: its page is stuck. A new
   * panel in its place says what happened.
   */
  private panelStuck(): void {
    const run = this.latest;
    if (!run?.isRunning) return;
    const error = runError(
      'runtime',
      `The Descent panel stopped answering for ${PANEL_SILENCE_MS / 1000} s during the run (at ${run.progressText}), ` +
        'so Descent closed it and opened a new one. The run was lost: run the scratch again.',
      this.displayName,
    );
    this.panel.replace();
    // After the kept runs it shows: it is the latest news.
    void this.restored.then(() => this.panel.post({ type: 'notice', text: formatError(error) }));
    run.end({ kind: 'failed', cause: 'panelStuck', error });
  }

  private receive(message: FromWebview): void {
    const run = this.latest;
    switch (message.type) {
      case 'ready':
        if (run?.isRunning) run.reached('panel');
        return;
      case 'heartbeat':
        return;
      case 'rerun':
        void vscode.workspace.openTextDocument(this.uri).then((doc) => this.run(doc));
        return;
      case 'play':
        this.play(message.from, message.change);
        return;
      case 'log':
        this.services.output[printLevel(message.level)](message.text);
        return;
      case 'stopped':
        if (message.requestId === this.replacedRequestId) {
          this.replacedRequestId = null;
          // Not one of the new run's lines: it is the end of the one before.
          this.services.output.info(stoppedLine(this.displayName, `epoch ${message.epoch}`, 'a new run replaced it'));
        } else if (message.requestId === run?.requestId) run.stopped(message.epoch);
        return;
      case 'stage':
        if (message.requestId === run?.requestId) run.reached(message.stage, message.backend);
        return;
      case 'export':
        void saveExport(this.uri, message.run, message.format, message.content, (line) => this.services.output.info(line));
        return;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text).then(() => vscode.window.setStatusBarMessage('Descent: copied the run as CSV', 3000));
        return;
      case 'keep': {
        const { number } = message.cell;
        void this.changeRuns((runs) => withCell(runs, message.cell)).then((runs) => {
          if (!runs.cells.some((cell) => cell.number === number)) {
            this.services.output.warn(`Descent did not keep Run ${number} of ${this.displayName} for later: it takes more than ${STORED_RUNS_MAX_BYTES / 2 ** 20} MB.`);
          }
        });
        return;
      }
      case 'forget':
        void this.changeRuns((runs) => withoutCells(runs, message.runs));
        return;
      case 'baseline':
        void this.changeRuns((runs) => withBaseline(runs, message.run));
        return;
      case 'useInScratch':
        void useInScratch(this.uri, this.displayName, message.change, (line) => this.services.output.warn(line));
        return;
      case 'trainer':
        // A run whose start was given up has ended here, whatever its trainer still says.
        if (message.requestId === run?.requestId) run.receive(message.event);
        return;
    }
  }

  private ended(ending: RunEnding, lines: string[]): void {
    if (this.latest?.hasEnded) this.panel.watch(false);
    this.setRunning();
    if (ending.reason.kind === 'replaced') return;
    if (this.showsInlineResults) this.services.inlineResults.show(this.uri, inlineResultText(ending.runs));
    this.services.onFinished({ file: this.displayName, runs: ending.runs, error: ending.error, stoppedAtEpoch: ending.stoppedAtEpoch, lines });
  }

  /** The new page gets the kept runs first: what the learner ran before comes back. */
  private restoreRuns(): void {
    const settings = panelSettings(this.settings());
    const page = ++this.pages;
    this.restored = this.services.runs.read(this.key).then((runs) => {
      // A page that another took the place of meanwhile got restored runs of its own.
      if (page === this.pages) this.panel.post({ type: 'restore', runs, settings });
    });
  }

  private changeRuns(change: Parameters<RunStore['change']>[2]): Promise<StoredRuns> {
    return this.services.runs.change(this.key, this.settings().keptRuns, change);
  }

  private get key(): string {
    return this.uri.toString();
  }

  private settings(): DescentSettings {
    return readSettings(vscode.workspace.getConfiguration('descent', this.uri));
  }

  private setRunning(): void {
    this.services.onRunningChanged();
  }

  private scratchText(text: string, file: string): ScratchText {
    const folder = this.folder();
    return { text, file, dir: folder && this.services.compiler.pathOf(folder) };
  }

  /** Where the scratch's relative imports start: its folder, or for an untitled file the workspace's. */
  private folder(): vscode.Uri | null {
    if (this.uri.scheme !== 'untitled') return vscode.Uri.joinPath(this.uri, '..');
    return vscode.workspace.workspaceFolders?.[0]?.uri ?? null;
  }
}
