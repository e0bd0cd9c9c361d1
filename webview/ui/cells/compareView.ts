// The panel's compare view: the losses of the runs the learner ticks, from any ended cells of the
// scratch, overlaid in one chart with their labels ("Run 2: adam lr=0.01").
import { joinBatches, planState } from '../../../src/shared/runState';
import { AxisWidths } from '../charts/axisWidths';
import { el } from '../base/dom';
import { epochPoint } from '../base/figurePath';
import { LossChart } from '../charts/lossChart';
import type { RunCell } from './runCell';
import type { ChartTheme } from '../base/theme';

interface ComparableRun {
  /** The cell's number and the plan's index: what a tick names. */
  key: string;
  label: string;
  cell: RunCell;
  plan: number;
}

/** Ticked until the learner ticks for themselves: the latest cells' runs. */
const FIRST_TICKED_CELLS = 2;

export class CompareView {
  readonly element = el('section', 'cell compare-view');
  private readonly choices = el('fieldset', 'compare-choices');
  private readonly chartBox = el('div', 'compare-chart');
  private runs: ComparableRun[] = [];
  /** The runs the learner ticked, by key; null until they tick one. */
  private chosen: Set<string> | null = null;
  private latestCells = new Set<RunCell>();
  private chart: LossChart | null = null;

  constructor(private theme: ChartTheme) {
    this.choices.append(el('legend', undefined, 'Compare runs'));
    this.element.append(this.choices, this.chartBox);
    this.element.setAttribute('aria-label', 'Compare runs');
    this.element.hidden = true;
  }

  get shown(): boolean {
    return !this.element.hidden;
  }

  toggle(): boolean {
    this.element.hidden = !this.element.hidden;
    this.draw();
    return this.shown;
  }

  /** The ended cells whose runs can be ticked, oldest first. */
  setCells(cells: readonly RunCell[]): void {
    // Only the labels here: the losses are joined when they are drawn, so a hidden view holds none.
    this.runs = cells.flatMap((cell) =>
      cell.baselineRuns().map(({ label }, k) => {
        const plan = cell.runState.plans[k].plan.index;
        return { key: `${cell.number}:${plan}`, label, cell, plan };
      }),
    );
    this.latestCells = new Set(cells.slice(-FIRST_TICKED_CELLS));
    this.choices.replaceChildren(this.choices.firstChild ?? el('legend'), ...this.runs.map((run) => this.choice(run)));
    this.draw();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.chart?.setTheme(theme);
  }

  dispose(): void {
    this.chart?.dispose();
    this.chart = null;
  }

  private choice(run: ComparableRun): HTMLLabelElement {
    const box = el('input', 'compare-choice');
    box.type = 'checkbox';
    box.checked = this.isTicked(run);
    box.addEventListener('change', () => {
      this.chosen ??= new Set(this.runs.filter((each) => this.isTicked(each)).map((each) => each.key));
      if (box.checked) this.chosen.add(run.key);
      else this.chosen.delete(run.key);
      this.draw();
    });
    const label = el('label', 'compare-run');
    label.append(box, ` ${run.label}`);
    return label;
  }

  private isTicked(run: ComparableRun): boolean {
    return this.chosen ? this.chosen.has(run.key) : this.latestCells.has(run.cell);
  }

  /** A new chart of the ticked runs: Chart.js's series are set up once, as a cell's are. */
  private draw(): void {
    this.dispose();
    this.chartBox.replaceChildren();
    if (!this.shown) return;
    const shown = this.runs.filter((run) => this.isTicked(run));
    if (!shown.length) {
      this.chartBox.append(el('p', 'compare-empty', 'Tick the runs to draw them together.'));
      return;
    }
    const chart = new LossChart(this.theme, new AxisWidths(), 'linear', (series, epoch) => {
      const { cell, plan, label } = shown[series];
      const point = epochPoint(cell.runState, plan, epoch);
      return point && { ...point, label };
    });
    shown.forEach((run, series) => {
      chart.addSeries(run.label);
      const losses = joinBatches(planState(run.cell.runState, run.plan)?.losses ?? []);
      chart.append(series, 1, Array.from(losses, (loss) => (Number.isFinite(loss) ? loss : null)));
    });
    this.chart = chart;
    this.chartBox.append(chart.element);
  }
}
