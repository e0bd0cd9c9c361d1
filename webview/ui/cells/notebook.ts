// The panel's controller: turns host messages into cells, runs each request in its own trainer
// worker, forwards the trainer's events to the host, and hands each ended cell to the host, which
// keeps it for when the panel comes back.
import type { Backend, DescentError, PageSpares, PanelEvent, PanelSettings, PanelState, RunRequest, StoredRuns, ToWebview } from '../../../src/shared/protocol';
import { LANDSCAPE_BACKEND } from '../../../src/shared/vocabulary';
import { playChangeWords } from '../../../src/shared/wording';
import { CompareView } from './compareView';
import { el } from '../base/dom';
import { Heartbeat } from '../base/heartbeat';
import { LandscapeWorker } from '../workers/landscapeWorker';
import type { Host } from '../base/host';
import { RunCell, type EarlierRun } from './runCell';
import { markRun } from '../base/runMarks';
import { SourceCell } from './sourceCell';
import { readChartTheme } from '../base/theme';
import { ScratchWorker } from '../workers/scratchWorker';
import { SpareWorker } from '../workers/spareWorker';
import { Toolbar } from './toolbar';
import { TrainerWorker, type WorkerScript } from '../workers/trainerWorker';
import type { WasmFiles } from '../workers/wasmFiles';

interface ActiveRun {
  request: RunRequest;
  cell: RunCell;
  worker: TrainerWorker | null;
}


export class Notebook {
  private readonly toolbar: Toolbar;
  private readonly source = new SourceCell();
  private readonly cellList = el('section', 'cells');
  private readonly compare: CompareView;
  private readonly cells: RunCell[] = [];
  private active: ActiveRun | null = null;
  private readonly heartbeat: Heartbeat;
  /** The cell whose runs later cells draw against; null for none. */
  private baseline: RunCell | null = null;
  private nextNumber = 1;
  private theme = readChartTheme();
  /** The descent.* settings of the latest run request. */
  private settings: PanelSettings | null = null;
  /** The backend the spare trainer gets ready: descent.defaultBackend, then the latest run request's. */
  private backend: Backend;
  /** descent.figures as the page was opened with, until a run's or a restore's settings say. */
  private readonly figuresAtStart: boolean;
  private readonly spareTrainer: SpareWorker;
  private readonly spareLandscape: SpareWorker;

  constructor(
    root: HTMLElement,
    private readonly host: Host,
    private readonly workerScript: WorkerScript,
    private readonly wasmFiles: WasmFiles,
    { backend, figures }: PageSpares,
  ) {
    this.backend = backend;
    this.figuresAtStart = figures;
    this.toolbar = new Toolbar(document.title, {
      run: () => host.post({ type: 'rerun' }),
      stop: () => this.stop(),
      compare: () => this.compare.toggle(),
      clear: () => this.clear(),
    });
    this.compare = new CompareView(this.theme);
    this.heartbeat = new Heartbeat(host);
    root.append(this.toolbar.element, this.source.element, this.compare.element, this.cellList);
    const report = (text: string) => host.post({ type: 'log', level: 'warn', text });
    this.spareLandscape = new SpareWorker('landscape worker', workerScript, wasmFiles, report);
    // The landscape's spare starts once the trainer's is ready: a run that starts meanwhile waits for the trainer only.
    this.spareTrainer = new SpareWorker('trainer', workerScript, wasmFiles, report, () => {
      if (!this.active && this.figures) this.spareLandscape.prepare(LANDSCAPE_BACKEND);
    });
    this.spareTrainer.prepare(this.backend);
  }

  private get figures(): boolean {
    return this.settings ? this.settings.figures !== false : this.figuresAtStart;
  }

  handle(message: ToWebview): void {
    switch (message.type) {
      case 'run':
        this.run(message);
        break;
      case 'stop':
        this.stop();
        break;
      case 'fail':
        if (this.active?.request.requestId === message.requestId) this.end(this.active, message.error);
        break;
      case 'notice':
        this.showNotice(message.text);
        break;
      case 'control':
        this.active?.worker?.control(message.action);
        break;
      case 'compileError': {
        this.stop();
        this.showSource(message.file, message.source);
        const cell = this.addCell(message.requestId);
        cell.showCompileError(message.error);
        this.source.markError(message.error, message.file);
        this.keep(cell, message);
        break;
      }
      case 'restore':
        this.settings = message.settings;
        this.restore(message.runs);
        break;
    }
  }

  stop(): void {
    const active = this.active;
    if (!active) return;
    active.worker?.stop();
    this.setActive(null);
    active.cell.markStopped();
    this.offerActions(active);
    this.host.post({ type: 'stopped', requestId: active.request.requestId, epoch: active.cell.epoch });
    this.keep(active.cell, active.request);
  }

  applyTheme(): void {
    this.theme = readChartTheme();
    this.cells.forEach((cell) => cell.setTheme(this.theme));
    this.compare.setTheme(this.theme);
  }

  private run(request: RunRequest): void {
    markRun('request', request.requestId);
    this.stop();
    this.settings = request.settings ?? this.settings;
    this.backend = request.backend;
    this.showSource(request.file, request.source);
    const previous = this.cells.at(-1);
    if (request.againstPrevious && previous?.canBeBaseline) this.setBaseline(previous);
    const active: ActiveRun = { request, cell: this.addCell(request.requestId), worker: null };
    const played = request.play && this.cells.find((cell) => cell.number === request.play?.from);
    if (request.play && played) active.cell.playedFrom(request.play.from, playChangeWords(request.play.change, played.runState), request.play.change);
    active.cell.showControls((action) => active.worker?.control(action));
    this.setActive(active);
    // Started before the charts are made: their first layout and draw hold the page's thread for
    // a while, which the trainer, warm or loading its script, spends training.
    const script = this.workerScript.loaded;
    if (script) this.startTrainer(active, script);
    else {
      this.workerScript.load().then(
        (loaded) => {
          if (this.active === active) this.startTrainer(active, loaded);
        },
        (thrown: unknown) => this.crashed(active, thrown instanceof Error ? thrown.message : String(thrown)),
      );
    }
    active.cell.prepareCharts();
  }

  private startTrainer(active: ActiveRun, script: Blob): void {
    const { request } = active;
    try {
      const reached = (stage: 'worker' | 'backend', backend: string | null) => {
        markRun(stage, request.requestId);
        if (this.active === active) this.host.post({ type: 'stage', requestId: request.requestId, stage, backend });
      };
      const trainer = this.takeWorker(this.spareTrainer, 'spare', request.requestId, script);
      active.worker = new TrainerWorker(trainer.worker, trainer.started, request, {
        event: (event) => this.onTrainerEvent(active, event),
        started: () => reached('worker', null),
        backendReady: (backend) => reached('backend', backend),
        invalid: (problem) => this.host.warnOnce('trainer-event', `Descent ignored a malformed message from the trainer: ${problem}`),
        crashed: (message) => this.crashed(active, message),
      });
      if (this.figures) {
        active.cell.showFigures(
          (listener) => new LandscapeWorker(this.takeLandscapeWorker(request.requestId, script), request, listener),
          (change) => this.host.post({ type: 'play', from: active.cell.number, change }),
        );
      }
    } catch (thrown) {
      this.crashed(active, thrown instanceof Error ? thrown.message : String(thrown));
    }
  }

  /**
   * The spare landscape worker, or a fresh one. A finished cell takes it for its previews (its own
   * worker stopped once its figure was drawn); another is readied then, for the run the release makes.
   */
  private takeLandscapeWorker(requestId: number, script: Blob): ScratchWorker {
    const { worker } = this.takeWorker(this.spareLandscape, 'landscape spare', requestId, script);
    if (!this.active && this.figures) this.spareLandscape.prepare(LANDSCAPE_BACKEND);
    return worker;
  }

  /** The spare of `spares` for run `requestId`, marked as `stage`, or else a fresh worker; `started`: its script has run. */
  private takeWorker(spares: SpareWorker, stage: 'spare' | 'landscape spare', requestId: number, script: Blob): { worker: ScratchWorker; started: boolean } {
    const spare = spares.take();
    if (spare) markRun(stage, requestId, { ready: spare.ready });
    return spare ?? { worker: new ScratchWorker(script, this.wasmFiles), started: false };
  }

  private onTrainerEvent(active: ActiveRun, event: PanelEvent): void {
    if (this.active !== active) return;
    this.host.post({ type: 'trainer', requestId: active.request.requestId, event });
    active.cell.show(event);
    if (event.type === 'finished') markRun('finished', active.request.requestId);
    if (event.type === 'plan' || event.type === 'runStart') this.source.showRuns(active.cell.runState);
    if (event.type === 'finished') {
      active.worker?.stop();
      this.setActive(null);
      this.source.markError(event.error, active.request.file);
      this.offerActions(active);
      this.keep(active.cell, active.request);
    }
  }

  /** A finished cell's buttons: export, copy, pin as the baseline, remove. */
  private offerActions({ cell, request }: { cell: RunCell; request: { file: string } }): void {
    cell.showActions(request.file, { post: (message) => this.host.post(message), pin: () => this.pin(cell), remove: () => this.remove(cell) });
  }

  /** An ended cell goes to the host, which keeps the scratch's latest runs. */
  private keep(cell: RunCell, ran: { file: string; source: string }): void {
    this.host.post({ type: 'keep', cell: cell.stored(ran.file, ran.source) });
    this.offerComparison();
  }

  /** The ended cells with losses are the compare view's choices. */
  private offerComparison(): void {
    this.compare.setCells(this.cells.filter((cell) => !cell.isLive && cell.canBeBaseline));
  }

  /** Pins a cell as the baseline that the cells after it draw against, or unpins it. */
  private pin(cell: RunCell): void {
    this.setBaseline(this.baseline === cell ? null : cell);
    this.host.post({ type: 'baseline', run: this.baseline?.number ?? null });
  }

  private setBaseline(pinned: RunCell | null): void {
    this.baseline?.markPinned(false);
    this.baseline = pinned;
    pinned?.markPinned(true);
    const runs = pinned?.baselineRuns() ?? null;
    this.cells.slice(pinned ? this.cells.indexOf(pinned) + 1 : 0).forEach((later) => later.setBaseline(runs));
  }

  private remove(cell: RunCell): void {
    this.drop([cell]);
  }

  /** Removes every cell but a live one. */
  private clear(): void {
    this.drop(this.cells.filter((cell) => cell !== this.active?.cell));
  }

  /** Takes cells off the page and out of what the host keeps. */
  private drop(cells: RunCell[]): void {
    if (!cells.length) return;
    for (const cell of cells) {
      if (this.baseline === cell) this.setBaseline(null);
      this.cells.splice(this.cells.indexOf(cell), 1);
      cell.dispose();
    }
    this.host.post({ type: 'forget', runs: cells.map((cell) => cell.number) });
    this.offerComparison();
  }

  private setActive(active: ActiveRun | null): void {
    this.active = active;
    this.toolbar.setRunning(active !== null);
    if (active) this.heartbeat.start();
    else {
      this.heartbeat.stop();
      this.spareTrainer.prepare(this.backend);
    }
  }

  /** A message about the panel itself, after the cells: it is the latest news. */
  private showNotice(text: string): void {
    const notice = el('div', 'cell run-error panel-notice', text);
    notice.setAttribute('role', 'alert');
    this.cellList.append(notice);
    notice.scrollIntoView({ block: 'nearest' });
  }

  /** An error the trainer could not catch ends the run like one it reports itself. */
  private crashed(active: ActiveRun, message: string): void {
    const error: DescentError = { kind: 'runtime', message, file: active.request.file, line: null, column: null };
    this.onTrainerEvent(active, { type: 'finished', runs: active.cell.finishedRuns, error });
  }

  /** The host ended the run (it did not start in time): the cell shows why, and the host already knows. */
  private end(active: ActiveRun, error: DescentError): void {
    active.worker?.stop();
    this.setActive(null);
    active.cell.show({ type: 'finished', runs: active.cell.finishedRuns, error });
    this.offerActions(active);
    this.source.markError(error, active.request.file);
    this.keep(active.cell, active.request);
  }

  private showSource(file: string, source: string): void {
    this.toolbar.setFile(file);
    this.source.show(file, source);
  }

  private addCell(requestId: number): RunCell {
    this.cells.forEach((cell) => cell.collapse());
    const cell = new RunCell(this.nextNumber++, requestId, this.theme, this.settings?.chartScale);
    cell.compareWith(this.latestConfig());
    if (this.baseline) cell.setBaseline(this.baseline.baselineRuns());
    this.append(cell);
    this.dropOldCells();
    cell.element.scrollIntoView({ block: 'nearest' });
    return cell;
  }

  /** The latest run that got as far as its plan: what a new run says it changes. */
  private latestConfig(): EarlierRun | null {
    for (const cell of [...this.cells].reverse()) {
      const config = cell.config;
      if (config) return { number: cell.number, config };
    }
    return null;
  }

  private append(cell: RunCell): void {
    this.cells.push(cell);
    this.cellList.append(cell.element);
  }

  /** Keeps the newest keptRuns cells. Chart.js holds on to every chart until it is destroyed. */
  private dropOldCells(): void {
    const kept = this.settings?.keptRuns;
    if (!kept) return;
    for (const cell of this.cells.splice(0, Math.max(0, this.cells.length - kept))) {
      // A baseline that is no longer shown cannot be unpinned: it goes with its cell.
      if (cell === this.baseline) this.setBaseline(null);
      cell.dispose();
      this.offerComparison();
    }
  }

  /**
   * The scratch's kept runs, when the panel opens: their cells come back as they ended, with the
   * baseline pinned, and the next run is numbered after them.
   */
  private restore(runs: StoredRuns): void {
    this.host.saveState({ scratch: runs.scratch } satisfies PanelState);
    this.nextNumber = Math.max(this.nextNumber, runs.nextNumber);
    for (const stored of runs.cells) {
      const cell = RunCell.restore(stored, this.theme, this.settings?.chartScale);
      cell.compareWith(this.latestConfig());
      // As the runs were: only the latest open.
      this.cells.forEach((earlier) => earlier.collapse());
      this.append(cell);
      this.offerActions({ cell, request: stored });
    }
    const latest = runs.cells.at(-1);
    if (latest) {
      this.showSource(latest.file, latest.source);
      this.source.showRuns(this.cells[this.cells.length - 1].runState);
    }
    const pinned = this.cells.find((cell) => cell.number === runs.baseline);
    if (pinned) this.setBaseline(pinned);
    this.offerComparison();
  }
}
