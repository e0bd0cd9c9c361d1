// One scratch file's life in the editor: compile its text, run it in its panel, and report what
// happens to the output channel, the Problems panel, the status bar and, for long runs, a
// progress notification.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Compiled, ScratchText } from '../node/compile';
import type { Compiler } from './compiler';
import type { ScratchDiagnostics } from './diagnostics';
import { levelOf, printLevel, type LogLevel } from '../shared/logLevels';
import { LongRunNotice } from './longRunNotice';
import { NotebookPanel } from './panel';
import { PANEL_SILENCE_MS, START_STAGE_MS, type DescentError, type FromWebview, type PanelEvent, type RunSummary, type StartStage } from '../shared/protocol';
import { describeLateStart, formatError, RunReporter } from '../shared/report';
import { ProgressTracker } from '../shared/runProgress';
import { within } from '../shared/within';
import { panelSettings, readSettings, type DescentSettings, type PanelColumn } from '../shared/settings';
import type { RunStatusBar } from './statusBar';
import { StartWatch } from './startWatch';
import { Watchdog } from './watchdog';

export interface SessionServices {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
  diagnostics: ScratchDiagnostics;
  statusBar: RunStatusBar;
  compiler: Compiler;
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

const PANEL_COLUMNS: Record<PanelColumn, vscode.ViewColumn> = { beside: vscode.ViewColumn.Beside, active: vscode.ViewColumn.Active };

export class ScratchSession implements vscode.Disposable {
  private panel: NotebookPanel | null = null;
  private runId = 0;
  private reporter: RunReporter | null = null;
  /** What the current run has written to the output channel. */
  private lines: string[] = [];
  private progress: ProgressTracker | null = null;
  private notice: LongRunNotice | null = null;
  private timeout: ReturnType<typeof setTimeout> | undefined;
  /** Set when descent.runTimeoutSeconds ran out, to the seconds it allowed. */
  private timedOutAfter: number | null = null;
  /** A live run that a new one replaced: the panel's answer to its stop gets its own line. */
  private replacedRunId: number | null = null;
  /** Bounds each stage of the current run's start. */
  private startWatch: StartWatch | null = null;
  /** The backend the current run's trainer started on, once it says. */
  private startedBackend: string | null = null;
  /** Counts the silence of the panel while a run is going. */
  private readonly watchdog = new Watchdog(PANEL_SILENCE_MS, () => this.recoverPanel());
  running = false;

  constructor(
    readonly uri: vscode.Uri,
    private readonly services: SessionServices,
    private readonly onClosed: (session: ScratchSession) => void,
  ) {}

  get displayName(): string {
    return this.uri.scheme === 'file' ? vscode.workspace.asRelativePath(this.uri, false) : path.basename(this.uri.path);
  }

  get panelIsActive(): boolean {
    return this.panel?.active ?? false;
  }

  async run(document: vscode.TextDocument): Promise<void> {
    const { diagnostics } = this.services;
    const settings = readSettings(vscode.workspace.getConfiguration('descent', this.uri));
    if (this.running) {
      this.replacedRunId = this.runId;
      this.stop();
    }
    const file = this.displayName;
    const source = document.getText();
    const panel = this.showPanel(settings.panelColumn);
    const runId = ++this.runId;
    const compiled = await this.compileWithin({ text: source, file, dir: this.folder() });
    if (runId !== this.runId) return;
    this.endRun();
    this.lines = [];
    if (!compiled.ok) {
      this.write(`▶ ${file}`);
      this.writeError(compiled.error);
      diagnostics.report(this.uri, file, compiled.error);
      panel.post({ type: 'compileError', runId, file, source, error: compiled.error });
      this.finish([], compiled.error, null);
      return;
    }
    diagnostics.report(this.uri, file, null);
    this.reporter = new RunReporter(file);
    this.beginRun(settings);
    panel.post({
      type: 'run',
      runId,
      file,
      source,
      code: compiled.code,
      sourceMap: compiled.sourceMap,
      backend: settings.defaultBackend,
      settings: panelSettings(settings),
    });
  }

  /** Compiles within the compile stage's bound; a compile that takes longer ends as a timeout error. */
  private compileWithin(scratch: ScratchText): Promise<Compiled> {
    const ms = START_STAGE_MS.compile;
    return within(this.services.compiler.compile(scratch), ms, () => ({ ok: false, error: this.sessionError('timeout', describeLateStart('compile', ms / 1000, null)) }));
  }

  stop(): void {
    if (!this.running) return;
    this.panel?.post({ type: 'stop' });
  }

  /** Brings the panel to the front, if it is open. */
  reveal(): void {
    this.panel?.reveal();
  }

  dispose(): void {
    this.endRun();
    this.watchdog.dispose();
    this.panel?.dispose();
  }

  private showPanel(column: PanelColumn): NotebookPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    return this.openPanel(PANEL_COLUMNS[column]);
  }

  private openPanel(column: vscode.ViewColumn): NotebookPanel {
    const panel: NotebookPanel = new NotebookPanel(
      this.services.extensionUri,
      this.displayName,
      column,
      (message) => this.receive(message),
      () => {
        // A panel replaced by recoverPanel is no longer this session's: closing it ends nothing.
        if (this.panel !== panel) return;
        this.panel = null;
        if (this.running) this.closedMidRun();
        this.onClosed(this);
      },
      (line) => this.services.output.warn(line),
    );
    this.panel = panel;
    return panel;
  }

  /** Closing the panel ended its worker, and with it the run. */
  private closedMidRun(): void {
    const where = this.progress ? ` at ${this.progress.progress.text}` : '';
    this.endRun();
    this.write(`■ ${this.displayName} stopped${where}: its panel was closed`);
    this.finish([], null, null);
  }

  /**
   * The panel sent nothing for PANEL_SILENCE_MS while a run was going: its page is stuck. Closing
   * it ends the page (and its worker); a new panel in its place says what happened.
   */
  private recoverPanel(): void {
    const stuck = this.panel;
    if (!stuck || !this.running) return;
    const where = this.progress ? ` (at ${this.progress.progress.text})` : '';
    const error = this.sessionError(
      'runtime',
      `The Descent panel stopped answering for ${PANEL_SILENCE_MS / 1000} s during the run${where}, ` +
        'so Descent closed it and opened a new one. The run was lost: run the scratch again.',
    );
    const column = stuck.viewColumn ?? vscode.ViewColumn.Beside;
    this.panel = null;
    stuck.dispose();
    this.endRun();
    this.writeError(error);
    this.openPanel(column).post({ type: 'notice', text: formatError(error) });
    this.services.output.show(true);
    this.finish([], error, null);
  }

  private beginRun(settings: DescentSettings): void {
    this.progress = new ProgressTracker();
    this.notice = new LongRunNotice(this.displayName, () => this.stop());
    this.timedOutAfter = null;
    const seconds = settings.runTimeoutSeconds;
    if (seconds !== null) {
      this.timeout = setTimeout(() => {
        this.timedOutAfter = seconds;
        this.stop();
      }, seconds * 1000);
    }
    this.services.statusBar.started(this.uri, this.displayName, this.progress.progress);
    this.setRunning(true);
    this.startedBackend = null;
    this.startWatch = new StartWatch((seconds ?? 0) * 1000, (stage, ms) => this.lateStart(stage, ms));
    this.startWatch.begin('panel');
    // A panel still loading starts the count with its ready message.
    if (this.panel?.isReady) {
      this.startWatch.reached('panel');
      this.watchdog.feed();
    }
  }

  /** A stage of the run's start took longer than its bound: the run ends with an error that names it. */
  private lateStart(stage: StartStage, ms: number): void {
    const error = this.sessionError('timeout', describeLateStart(stage, ms / 1000, this.startedBackend));
    this.panel?.post({ type: 'fail', runId: this.runId, error });
    this.endRun();
    this.writeError(error);
    this.services.statusBar.failed(this.uri, this.displayName, formatError(error));
    this.services.output.show(true);
    this.finish([], error, null);
  }

  /** Takes down what shows a run going: the timeout, the notification, the status bar, the context key. */
  private endRun(): void {
    this.startWatch?.dispose();
    this.startWatch = null;
    this.watchdog.rest();
    clearTimeout(this.timeout);
    this.timeout = undefined;
    this.notice?.dispose();
    this.notice = null;
    this.progress = null;
    this.services.statusBar.ended(this.uri);
    if (this.running) this.setRunning(false);
  }

  private receive(message: FromWebview): void {
    if (this.running) {
      // A hidden page's timers may be slowed to a beat a minute: its silence proves nothing.
      if (message.type === 'heartbeat' && message.hidden) this.watchdog.rest();
      else this.watchdog.feed();
    }
    switch (message.type) {
      case 'ready':
        this.startWatch?.reached('panel');
        return;
      case 'heartbeat':
        return;
      case 'stage':
        if (message.runId !== this.runId) return;
        this.startedBackend = message.backend ?? this.startedBackend;
        this.startWatch?.reached(message.stage);
        return;
      case 'rerun':
        void vscode.workspace.openTextDocument(this.uri).then((doc) => this.run(doc));
        return;
      case 'log':
        this.log(printLevel(message.level), message.text);
        return;
      case 'stopped':
        if (message.runId === this.replacedRunId) {
          this.replacedRunId = null;
          // Not one of the new run's lines: it is the end of the one before.
          this.log('info', `■ ${this.displayName} stopped at epoch ${message.epoch}: a new run replaced it`);
          return;
        }
        if (message.runId !== this.runId || !this.running) return;
        this.stopped(message.epoch);
        return;
      case 'trainer':
        // A run whose start was given up has ended here, whatever its trainer still says.
        if (message.runId === this.runId && this.running) this.report(message.event);
        return;
    }
  }

  private stopped(epoch: number): void {
    const seconds = this.timedOutAfter;
    this.endRun();
    if (seconds === null) {
      this.write(`■ ${this.displayName} stopped at epoch ${epoch}`);
      this.finish([], null, epoch);
      return;
    }
    const error = this.sessionError('timeout', `The run did not finish within ${seconds} s (descent.runTimeoutSeconds) and was stopped at epoch ${epoch}.`);
    this.writeError(error);
    this.finish([], error, epoch);
  }

  /** An error of the whole run, not of a line in the scratch. */
  private sessionError(kind: DescentError['kind'], message: string): DescentError {
    return { kind, message, file: this.displayName, line: null, column: null };
  }

  private report(event: PanelEvent): void {
    if (event.type === 'finished' && event.error) this.writeError(event.error);
    else this.reporter?.linesFor(event).forEach((line) => this.write(line, levelOf(event)));
    if (this.progress?.follow(event)) {
      const progress = this.progress.progress;
      this.services.statusBar.update(this.uri, progress);
      this.notice?.update(progress);
    }
    if (event.type === 'finished') {
      this.services.diagnostics.report(this.uri, this.displayName, event.error);
      if (event.error) this.services.output.show(true);
      this.endRun();
      this.finish(event.runs, event.error, null);
    }
  }

  private write(text: string, level: LogLevel = 'info'): void {
    this.lines.push(...text.split('\n'));
    this.log(level, text);
  }

  /** The error line, then where it is as an absolute path, which the Output view makes a link. */
  private writeError(error: DescentError): void {
    const location = this.absoluteLocation(error);
    this.write(location ? `${formatError(error)}\n    at ${location}` : formatError(error), 'error');
  }

  private log(level: LogLevel, text: string): void {
    this.services.output[level](text);
  }

  private absoluteLocation(error: DescentError): string | null {
    const folder = vscode.workspace.getWorkspaceFolder(this.uri);
    if (!error.file || error.line === null || folder?.uri.scheme !== 'file') return null;
    return `${path.join(folder.uri.fsPath, error.file)}:${error.line}${error.column ? `:${error.column}` : ''}`;
  }

  private finish(runs: RunSummary[], error: DescentError | null, stoppedAtEpoch: number | null): void {
    this.services.onFinished({ file: this.displayName, runs, error, stoppedAtEpoch, lines: this.lines });
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.services.onRunningChanged();
  }

  private folder(): string | null {
    if (this.uri.scheme === 'file') return path.dirname(this.uri.fsPath);
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? null;
  }
}
