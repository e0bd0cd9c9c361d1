// One run request in the notebook. Its header line is also its one-line summary once collapsed;
// its body holds the live charts and values, leak notices, the printed output, the results and
// any error.
import type { ChartScale, DescentError, PanelEvent, RunPlan, RunStatus, RunSummary } from '../../src/shared/protocol';
import { epochsPerSecond, formatBackend, formatDuration, formatError, formatLeak, formatNumber, formatVariables } from '../../src/shared/report';
import { el, setText } from './dom';
import { formatRate } from './format';
import { drawAllDue, drawInNextFrame, FrameTask } from './frame';
import { LiveValues } from './liveValues';
import { OutputLog } from './outputLog';
import { describeResult, ResultsTable, type ResultRow } from './resultsTable';
import { RunCharts } from './runCharts';
import type { ChartTheme } from './theme';

export type CellStatus = 'starting' | 'live' | RunStatus;

const HEADER_PARTS = ['labels', 'backend', 'progress', 'rate', 'status', 'final'] as const;
type HeaderPart = (typeof HEADER_PARTS)[number];

/** What a finished cell keeps across the panel being hidden and restored (no chart data). */
export interface CellSnapshot {
  number: number;
  runId: number;
  status: CellStatus;
  header: Record<HeaderPart, string>;
  results: ResultRow[];
  leaks: string[];
  error: string | null;
}

type Progress = Extract<PanelEvent, { type: 'progress' }>;

interface CurrentPlan {
  plan: RunPlan;
  started: number;
  epoch: number;
  last: Progress | null;
}

export class RunCell {
  readonly element = el('details', 'cell run-cell');
  private readonly summary = el('summary', 'cell-header');
  private readonly header: Record<HeaderPart, string> = { labels: '', backend: '', progress: '', rate: '', status: '', final: '' };
  /** The header's spans by part, in order, as last rendered. */
  private readonly headerSpans = new Map<HeaderPart, HTMLElement>();
  private readonly main = el('div', 'run-main');
  private readonly live = new LiveValues();
  private readonly output = new OutputLog();
  private readonly table = new ResultsTable();
  private readonly leaks = el('div', 'run-leaks');
  private readonly errorBox = el('div', 'run-error');
  private charts: RunCharts | null = null;
  private readonly plans: RunPlan[] = [];
  private current: CurrentPlan | null = null;
  private readonly results: RunSummary[] = [];
  private status: CellStatus = 'starting';
  private readonly refresh = new FrameTask(() => this.drawProgress());

  constructor(
    readonly number: number,
    readonly runId: number,
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
    // Leak notices come right under the memory chart, at the foot of the charts.
    body.append(this.main, this.leaks, this.output.element, this.table.element, this.errorBox);
    this.element.append(this.summary, body);
    this.element.dataset.runId = String(runId);
    this.element.open = true;
    this.setStatus('starting', '○ starting');
  }

  static restore(snapshot: CellSnapshot, theme: ChartTheme): RunCell {
    const cell = new RunCell(snapshot.number, snapshot.runId, theme);
    cell.element.open = false;
    Object.assign(cell.header, snapshot.header);
    cell.setStatus(snapshot.status, snapshot.header.status);
    cell.renderHeader();
    snapshot.results.forEach((row) => cell.table.add(row));
    snapshot.leaks.forEach((text) => cell.showLeak(text));
    if (snapshot.error) cell.showError(snapshot.error);
    return cell;
  }

  /** The epoch the current plan has reached. */
  get epoch(): number {
    return this.current?.epoch ?? 0;
  }

  get finishedRuns(): RunSummary[] {
    return [...this.results];
  }

  get isLive(): boolean {
    return this.status === 'starting' || this.status === 'live';
  }

  show(event: PanelEvent): void {
    switch (event.type) {
      case 'plan':
        event.runs.forEach((plan) => this.addPlan(plan));
        break;
      case 'runStart':
        this.addPlan(event.run);
        this.current = { plan: event.run, started: performance.now(), epoch: 0, last: null };
        this.setPart('backend', formatBackend(event.run));
        this.setPart('progress', this.progressText());
        this.setStatus('live', '● live');
        this.refresh.request();
        break;
      case 'progress': {
        const first = this.main.classList.contains('waiting');
        this.main.classList.remove('waiting');
        this.charts?.show(event);
        if (this.current && this.current.plan.index === event.run) {
          this.current.epoch = event.firstEpoch + event.losses.length - 1;
          this.current.last = event;
        }
        this.refresh.request();
        // The first epochs are drawn at once: the learner is waiting for them.
        if (first) drawInNextFrame();
        break;
      }
      case 'print':
        this.output.add(event.level, event.text);
        break;
      case 'runEnd':
        this.addResult(event.result);
        break;
      case 'leak':
        if (event.perEpoch && event.run !== null) this.charts?.markLeak(event.run);
        this.showLeak(formatLeak(event, event.run === null ? null : (this.plans.find((p) => p.index === event.run)?.label ?? null)));
        break;
      case 'finished':
        this.finish(event.error);
        break;
      case 'log':
        break;
    }
  }

  markStopped(): void {
    this.ended();
    const epoch = this.epoch;
    this.setStatus('stopped', `■ stopped at epoch ${epoch}`);
    // The status says the epoch; the progress part, drawn at the last frame, may be behind it.
    this.setPart('progress', '');
    this.setPart('rate', '');
    const last = this.current?.last;
    if (last) this.setPart('final', formatVariables(last.variables));
  }

  showCompileError(error: DescentError): void {
    this.setPart('labels', 'compile error');
    this.setStatus('error', '✗ not run');
    this.showError(formatError(error));
  }

  collapse(): void {
    this.element.open = false;
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.charts?.setTheme(theme);
  }

  snapshot(): CellSnapshot {
    return {
      number: this.number,
      runId: this.runId,
      status: this.status,
      header: { ...this.header },
      results: this.table.rows,
      leaks: Array.from(this.leaks.children, (leak) => leak.textContent ?? ''),
      error: this.errorBox.hidden ? null : this.errorBox.textContent,
    };
  }

  /**
   * Makes the charts while the run's worker starts, out of sight: their first layout and draw,
   * the slowest, then happen before training instead of competing with it.
   */
  prepareCharts(): RunCharts {
    if (!this.charts) {
      this.charts = new RunCharts(this.theme, this.lossScale);
      this.main.prepend(this.charts.element);
    }
    return this.charts;
  }

  /** Config runs are all planned ahead; the lesson form's appear as each optimizer starts. */
  private addPlan(plan: RunPlan): void {
    if (this.plans.some((known) => known.index === plan.index)) return;
    this.plans.push(plan);
    this.setPart('labels', this.plans.map((p) => p.label).join(', '));
    this.prepareCharts().addSeries(plan.index, plan.label);
  }

  private drawProgress(): void {
    const current = this.current;
    if (!current?.last) return;
    const { plan, last } = current;
    const several = this.plans.length > 1;
    this.live.show(several ? plan.label : '', last.variables, last.losses.at(-1), last.memory);
    if (!this.isLive) return;
    this.setPart('progress', this.progressText());
    const seconds = (performance.now() - current.started) / 1000;
    this.setPart('rate', seconds > 0.05 ? formatRate(current.epoch / seconds) : '');
  }

  private progressText(): string {
    if (!this.current) return '';
    const { plan, epoch } = this.current;
    const total = plan.epochs > 0 ? `/${plan.epochs}` : '';
    return `${this.plans.length > 1 ? `${plan.label}: ` : ''}epoch ${epoch}${total}`;
  }

  private addResult(result: RunSummary): void {
    this.results.push(result);
    this.table.add(describeResult(result));
    // The reason 'auto' gave stays in the header while the run is on the backend it chose.
    const plan = this.current?.plan;
    this.setPart('backend', formatBackend({ backend: result.backend, backendReason: plan?.backend === result.backend ? plan.backendReason : undefined }));
  }

  private finish(error: DescentError | null): void {
    this.ended();
    const results = this.results;
    const ms = results.reduce((sum, r) => sum + r.ms, 0);
    const epochs = results.reduce((sum, r) => sum + r.epochs, 0);
    const status = overallStatus(results, error);
    const mark = status === 'error' || status === 'diverged' ? '✗' : '✓';
    this.setStatus(status, status === 'error' ? '✗ error' : `${mark} ${status} in ${formatDuration(ms)}`);
    this.setPart('progress', results.length ? `${epochs} epochs` : '');
    this.setPart('rate', results.length === 1 ? `${epochsPerSecond(results[0])} epochs/s` : '');
    this.setPart('final', finalSummary(results));
    if (error) this.showError(formatError(error));
  }

  /** The run's last output is shown with its status, and its charts' last points in the next frames. */
  private ended(): void {
    this.output.render();
    drawAllDue();
  }

  private showLeak(text: string): void {
    this.leaks.append(el('div', 'leak', text));
  }

  private showError(text: string): void {
    this.errorBox.textContent = text;
    this.errorBox.hidden = false;
  }

  private setStatus(status: CellStatus, text: string): void {
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

function overallStatus(results: RunSummary[], error: DescentError | null): RunStatus {
  if (error) return 'error';
  const statuses = results.map((r) => r.status);
  for (const worst of ['error', 'diverged', 'stopped'] as const) if (statuses.includes(worst)) return worst;
  return statuses.length > 0 && statuses.every((s) => s === 'converged') ? 'converged' : 'completed';
}

function finalSummary(results: RunSummary[]): string {
  if (results.length === 1) {
    const [only] = results;
    const vars = formatVariables(only.variables);
    return `${vars ? `${vars} · ` : ''}loss ${formatNumber(only.finalLoss)}`;
  }
  const ranked = results.filter((r) => r.finalLoss !== null).sort((a, b) => (a.finalLoss as number) - (b.finalLoss as number));
  return ranked.length ? `lowest loss: ${ranked[0].label}, ${formatNumber(ranked[0].finalLoss)}` : '';
}
