// One run request in the notebook. Its header line is also its one-line summary once collapsed;
// its body holds the live charts and values, leak notices, the printed output, the results and
// any error.
import type { ChartScale, DescentError, FromWebview, PanelEvent, PlayChange, RunControl, RunSummary, StoredCell } from '../../../src/shared/protocol';
import { changesText, runChanges, runConfigOf, type RunConfig } from '../../../src/shared/runChanges';
import { storedCellOf, STORED_PRINTS } from '../../../src/shared/storedRuns';
import { runsCsv, runsJson } from '../../../src/shared/runExport';
import { currentPlan, hasEnded, INITIAL_RUN_STATE, joinBatches, nextRunState, planLabel, type RequestStatus, type RunState } from '../../../src/shared/runState';
import {
  epochsPerSecond,
  epochsText,
  epochText,
  finalSummary,
  formatBackend,
  formatError,
  formatLeak,
  formatVariables,
  NOT_RUN_TEXT,
  USE_IN_SCRATCH,
  rateText,
  requestStatusText,
} from '../../../src/shared/wording';
import { el, setText } from '../base/dom';
import { EpochScrubber } from './epochScrubber';
import { epochPoint } from '../base/figurePath';
import { drawAllDue, drawInNextFrame, FrameTask } from '../base/frame';
import { LiveValues } from './liveValues';
import { OutputLog } from './outputLog';
import { describeResult, ResultsTable } from './resultsTable';
import type { BaselineRun } from '../charts/lossChart';
import { RunCharts } from './runCharts';
import { RunControls } from './runControls';
import { RunFigures, type LandscapeSource } from '../figures/runFigures';
import { markRun } from '../base/runMarks';
import type { ChartTheme } from '../base/theme';

/** What an event draws on a cell's charts: a series for each plan it starts, its epochs' points, a leak's mark. */
function drawOnCharts(charts: RunCharts, before: RunState, after: RunState, event: PanelEvent): void {
  after.plans.slice(before.plans.length).forEach(({ plan }) => charts.addSeries(plan.index, plan.label));
  if (event.type === 'progress') charts.show(event);
  if (event.type === 'leak' && event.perEpoch && event.run !== null) charts.markLeak(event.run);
}

const HEADER_PARTS = ['labels', 'backend', 'progress', 'rate', 'status', 'final', 'pinned', 'changes'] as const;
type HeaderPart = (typeof HEADER_PARTS)[number];

/** An earlier run of the same scratch, which a cell says what it changes from. */
export interface EarlierRun {
  number: number;
  config: RunConfig;
}

/** What a finished cell's buttons ask of the notebook and the host. */
export interface CellActions {
  post(message: Extract<FromWebview, { type: 'export' | 'copy' | 'useInScratch' }>): void;
  pin(): void;
  remove(): void;
}

export class RunCell {
  readonly element = el('details', 'cell run-cell');
  private readonly summary = el('summary', 'cell-header');
  private readonly header: Record<HeaderPart, string> = { labels: '', backend: '', progress: '', rate: '', status: '', final: '', pinned: '', changes: '' };
  /** The header's spans by part, in order, as last rendered. */
  private readonly headerSpans = new Map<HeaderPart, HTMLElement>();
  private readonly main = el('div', 'run-main');
  private readonly live = new LiveValues();
  private readonly output = new OutputLog();
  private readonly table = new ResultsTable();
  private readonly leaks = el('div', 'run-leaks');
  private readonly errorBox = el('div', 'run-error');
  private readonly exports = el('div', 'run-exports');
  private pinButton: HTMLButtonElement | null = null;
  private charts: RunCharts | null = null;
  /** A restored cell's events, until it is first opened and its charts are made from them. */
  private chartsDeferredFrom: readonly PanelEvent[] | null = null;
  /** The baseline its charts draw behind this cell's runs, once they are made. */
  private baseline: readonly BaselineRun[] | null = null;
  private figures: RunFigures | null = null;
  private controls: RunControls | null = null;
  private readonly scrubber = new EpochScrubber((epoch) => {
    this.charts?.setCursor(epoch);
    this.figures?.setCursor(epoch);
  });
  private state: RunState = INITIAL_RUN_STATE;
  /** The learner's printed lines, the latest STORED_PRINTS, kept with the cell. */
  private readonly prints: PanelEvent[] = [];
  private compileError: DescentError | null = null;
  private earlier: EarlierRun | null = null;
  /** A run the learner made by dragging or sliding in cell `from`: what it changed, worded. */
  private played: { from: number; words: string[]; change: PlayChange } | null = null;
  /** When the current run started, for its rate. */
  private startedAt = 0;
  /** What the header's status says: the state's, or a restored cell's. */
  private status: RequestStatus = 'starting';
  private readonly refresh = new FrameTask(() => this.drawProgress());
  /** The header has shown a live epoch: the moment the bench counts as the first plotted epoch. */
  private firstEpochShown = false;

  constructor(
    readonly number: number,
    readonly requestId: number,
    private theme: ChartTheme,
    private readonly lossScale: ChartScale = 'linear',
  ) {
    this.errorBox.setAttribute('role', 'alert');
    this.errorBox.hidden = true;
    // The charts and live values appear with the first progress: a run that fails first shows only its error.
    this.main.classList.add('waiting');
    this.main.append(this.live.element);
    const body = el('div', 'cell-body');
    this.leaks.setAttribute('role', 'status');
    // Leak notices come right under the memory chart, at the foot of the charts; then the epoch
    // slider, over the figures it also moves.
    this.exports.hidden = true;
    body.append(this.main, this.leaks, this.scrubber.element, this.output.element, this.table.element, this.exports, this.errorBox);
    this.element.append(this.summary, body);
    this.element.dataset.requestId = String(requestId);
    this.element.addEventListener('toggle', () => {
      if (this.element.open) this.makeDeferredCharts();
    });
    this.element.open = true;
    this.setStatus('starting', requestStatusText(this.state));
  }

  /**
   * A kept cell, its state folded again from its events: its values and results as they ended,
   * and its charts once it is open. A panel brings back up to twenty cells, all but the latest
   * closed, and making every cell's charts would hold its page for half a second.
   */
  static restore(stored: StoredCell, theme: ChartTheme, lossScale?: ChartScale): RunCell {
    const cell = new RunCell(stored.number, 0, theme, lossScale);
    if (stored.compileError) cell.showCompileError(stored.compileError);
    else {
      cell.chartsDeferredFrom = stored.events;
      stored.events.forEach((event) => cell.show(event));
      if (stored.stopped) cell.markStopped();
    }
    return cell;
  }

  /** The cell as the host keeps it, once it has ended; `file` and `source` are what it ran. */
  stored(file: string, source: string): StoredCell {
    return storedCellOf({ number: this.number, file, source, state: this.state, prints: this.prints, compileError: this.compileError });
  }

  /** What the run was asked to do; null before its plan (or for a compile error). */
  get config(): RunConfig | null {
    return this.state.summary ? runConfigOf(this.state) : null;
  }

  /** The run before this one in the same file: the header says what this one changes from it. */
  compareWith(earlier: EarlierRun | null): void {
    this.earlier = earlier;
    this.showChanges();
  }

  /** What the cell's request has come to, from its trainer's events. */
  get runState(): RunState {
    return this.state;
  }

  /** The epoch the current plan has reached. */
  get epoch(): number {
    return currentPlan(this.state)?.epoch ?? 0;
  }

  get finishedRuns(): RunSummary[] {
    return [...this.state.results];
  }

  get isLive(): boolean {
    return this.status === 'starting' || this.status === 'live';
  }

  show(event: PanelEvent): void {
    const before = this.state;
    this.state = nextRunState(before, event);
    this.figures?.update(this.state);
    this.controls?.update(this.state);
    if (!this.chartsDeferredFrom) drawOnCharts(this.prepareCharts(), before, this.state, event);
    if (this.state.plans.length !== before.plans.length) {
      this.setPart('labels', this.state.plans.map(({ plan }) => plan.label).join(', '));
      this.showChanges();
    }
    switch (event.type) {
      case 'runStart':
        this.startedAt = performance.now();
        this.setPart('backend', formatBackend(event.plan));
        this.setPart('progress', this.progressText());
        this.showStatus();
        this.refresh.request();
        break;
      case 'progress': {
        const first = this.main.classList.contains('waiting');
        this.main.classList.remove('waiting');
        this.refresh.request();
        // The first epoch is drawn at once, charts and header alike: the learner is waiting for it.
        if (first) drawAllDue();
        break;
      }
      case 'print':
        this.output.add(event.level, event.text);
        this.prints.push(event);
        if (this.prints.length > STORED_PRINTS) this.prints.shift();
        break;
      case 'runEnd':
        this.addResult(event.result);
        break;
      case 'leak':
        this.showLeak(formatLeak(event, planLabel(this.state, event.run)));
        break;
      case 'finished':
        this.finish(event.error);
        break;
      case 'paused':
        this.showStatus();
        // The values where the run holds are what the learner paused to read.
        this.refresh.request();
        drawInNextFrame();
        break;
      case 'resumed':
        this.showStatus();
        break;
      case 'plan':
      case 'log':
        break;
    }
  }

  markStopped(): void {
    const current = currentPlan(this.state);
    this.state = nextRunState(this.state, { type: 'stopped' });
    this.figures?.update(this.state);
    this.controls?.update(this.state);
    this.ended();
    this.showStatus();
    // The status says the epoch; the progress part, drawn at the last frame, may be behind it.
    this.setPart('progress', '');
    this.setPart('rate', '');
    if (current && current.epoch > 0) this.setPart('final', formatVariables(current.variables));
  }

  showCompileError(error: DescentError): void {
    this.compileError = error;
    this.setPart('labels', 'compile error');
    this.setStatus('error', NOT_RUN_TEXT);
    this.showError(formatError(error));
  }

  /** Takes the cell off the page, with its charts: Chart.js holds on to every chart until it is destroyed. */
  dispose(): void {
    this.refresh.cancel();
    this.charts?.dispose();
    this.figures?.dispose();
    this.element.remove();
  }

  collapse(): void {
    this.element.open = false;
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.charts?.setTheme(theme);
    this.figures?.setTheme(theme);
  }

  /**
   * Once the runs have ended: their history to save (the host asks where) or copy, the loss chart
   * as a picture, pinning them as the baseline later runs draw against, and removing the cell.
   */
  showActions(file: string, actions: CellActions): void {
    const { post } = actions;
    if (!this.canBeBaseline) return;
    const button = (label: string, act: () => void, className = '') => {
      const element = el('button', `secondary-button ${className}`.trim(), label);
      element.type = 'button';
      element.addEventListener('click', act);
      return element;
    };
    const run = this.number;
    this.pinButton = button(this.header.pinned ? 'Unpin baseline' : 'Pin as baseline', () => actions.pin(), 'pin-button');
    this.exports.replaceChildren(
      button('Export CSV…', () => post({ type: 'export', run, format: 'csv', content: runsCsv(this.state) })),
      button('Export JSON…', () => post({ type: 'export', run, format: 'json', content: runsJson(file, this.state) })),
      button('Save chart as PNG…', () => post({ type: 'export', run, format: 'png', content: this.prepareCharts().lossPng(getComputedStyle(document.body).backgroundColor) })),
      button('Copy as CSV', () => post({ type: 'copy', text: runsCsv(this.state) })),
      this.pinButton,
      button('Remove', () => actions.remove()),
    );
    const played = this.played;
    // A run the learner made by dragging or sliding: its numbers can go into the file.
    if (played) this.exports.prepend(button(USE_IN_SCRATCH, () => post({ type: 'useInScratch', change: played.change }), 'use-in-scratch'));
    this.exports.hidden = false;
  }

  /** Whether the cell has losses to draw against: a run that got as far as an epoch. */
  get canBeBaseline(): boolean {
    return this.state.plans.some((plan) => plan.losses.length);
  }

  /** This cell's runs as a baseline: each one's every loss. */
  baselineRuns(): BaselineRun[] {
    return this.state.plans.map((plan) => ({ label: `Run ${this.number}: ${plan.plan.label}`, losses: joinBatches(plan.losses) }));
  }

  /** Says whether this cell is the pinned baseline. */
  markPinned(pinned: boolean): void {
    this.setPart('pinned', pinned ? 'pinned as baseline' : '');
    if (!this.pinButton) return;
    setText(this.pinButton, pinned ? 'Unpin baseline' : 'Pin as baseline');
    this.pinButton.setAttribute('aria-pressed', String(pinned));
  }

  /** Draws a pinned run's losses behind this cell's; null for none. */
  setBaseline(baseline: readonly BaselineRun[] | null): void {
    this.baseline = baseline;
    if (!this.chartsDeferredFrom) this.prepareCharts().setBaseline(baseline);
  }

  /** This cell runs cell `from`'s code again with the learner's change: the header says that change, not the text's. */
  playedFrom(from: number, words: string[], change: PlayChange): void {
    this.played = { from, words, change };
    this.showChanges();
  }

  private showChanges(): void {
    const { earlier, config, played } = this;
    if (played) this.setPart('changes', changesText(played.from, played.words));
    else if (earlier && config) this.setPart('changes', changesText(earlier.number, runChanges(earlier.config, config)));
  }

  /**
   * Makes the charts while the run's worker starts, out of sight: their first layout and draw,
   * the slowest, then happen before training instead of competing with it.
   */
  prepareCharts(): RunCharts {
    this.makeDeferredCharts();
    return this.madeCharts();
  }

  private madeCharts(): RunCharts {
    if (!this.charts) {
      this.charts = new RunCharts(this.theme, this.lossScale, (plan, epoch) => epochPoint(this.state, plan, epoch));
      this.main.prepend(this.charts.element);
    }
    return this.charts;
  }

  /** A restored cell's charts, drawn from its events as they came. */
  private makeDeferredCharts(): void {
    const events = this.chartsDeferredFrom;
    if (!events) return;
    this.chartsDeferredFrom = null;
    const charts = this.madeCharts();
    let state = INITIAL_RUN_STATE;
    for (const event of events) {
      const before = state;
      state = nextRunState(before, event);
      drawOnCharts(charts, before, state, event);
    }
    if (this.baseline) charts.setBaseline(this.baseline);
    // The learner has just opened the cell: its charts should not wait out the gap between frames.
    drawAllDue();
  }

  /** Pause, Step and Resume buttons over the live run's charts, which call `control`. */
  showControls(control: (action: RunControl) => void): void {
    if (this.controls) return;
    this.controls = new RunControls(control);
    this.main.before(this.controls.element);
    this.controls.update(this.state);
  }

  /**
   * The lesson's figures, drawn from the landscapes that `source` computes, under the charts and
   * the epoch slider; `play` runs the scratch again from where the learner lets go of the start.
   */
  showFigures(source: LandscapeSource, play: (change: PlayChange) => void): void {
    if (this.figures) return;
    this.figures = new RunFigures(this.theme, source, play);
    this.scrubber.element.after(this.figures.element);
    this.figures.update(this.state);
  }

  private drawProgress(): void {
    this.scrubber.update(this.state);
    const current = currentPlan(this.state);
    if (!current || current.memory === null) return;
    this.live.show(this.state.plans.length > 1 ? current.plan.label : '', current.variables, current.loss, current.memory);
    if (hasEnded(this.state)) return;
    this.setPart('progress', this.progressText());
    if (!this.firstEpochShown) markRun('first epoch', this.requestId);
    this.firstEpochShown = true;
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.setPart('rate', seconds > 0.05 ? rateText(current.epoch / seconds) : '');
  }

  private progressText(): string {
    const current = currentPlan(this.state);
    if (!current) return '';
    const { plan, epoch } = current;
    return `${this.state.plans.length > 1 ? `${plan.label}: ` : ''}${epochText(epoch, plan.epochs)}`;
  }

  private addResult(result: RunSummary): void {
    this.table.add(describeResult(result));
    // The reason 'auto' gave stays in the header while the run is on the backend it chose.
    const plan = currentPlan(this.state)?.plan;
    this.setPart('backend', formatBackend({ backend: result.backend, backendReason: plan?.backend === result.backend ? plan.backendReason : undefined }));
  }

  private finish(error: DescentError | null): void {
    this.ended();
    const { results } = this.state;
    this.showStatus();
    this.setPart('progress', results.length ? epochsText(results.reduce((sum, r) => sum + r.epochs, 0)) : '');
    this.setPart('rate', results.length === 1 ? rateText(epochsPerSecond(results[0])) : '');
    this.setPart('final', finalSummary(results));
    if (error) this.showError(formatError(error));
  }

  /** The run's last output is shown with its status, and its charts' last points in the next frames. */
  private ended(): void {
    this.output.render();
    this.refresh.request();
    drawAllDue();
  }

  private showLeak(text: string): void {
    this.leaks.append(el('div', 'leak', text));
  }

  private showError(text: string): void {
    this.errorBox.textContent = text;
    this.errorBox.hidden = false;
  }

  private showStatus(): void {
    this.setStatus(this.state.status, requestStatusText(this.state));
  }

  private setStatus(status: RequestStatus, text: string): void {
    this.status = status;
    this.element.dataset.status = status;
    this.setPart('status', text);
  }

  private setPart(part: HeaderPart, text: string): void {
    if (this.header[part] === text) return;
    this.header[part] = text;
    this.renderHeader();
  }

  /** One line of facts, "Run 2 · sgd lr=0.0001 · webgl · epoch 137/200 · …", leaving out the empty ones. */
  private renderHeader(): void {
    const shown = HEADER_PARTS.filter((part) => this.header[part]);
    if (shown.join() === [...this.headerSpans.keys()].join()) {
      for (const [part, span] of this.headerSpans) setText(span, this.header[part]);
      return;
    }
    this.headerSpans.clear();
    const title = el('span', 'run-title', `Run ${this.number}`);
    const spans = shown.map((part) => {
      const span = el('span', `run-${part}`, this.header[part]);
      this.headerSpans.set(part, span);
      return span;
    });
    this.summary.replaceChildren(title, ...spans.flatMap((span) => [el('span', 'separator', ' · '), span]));
  }
}
