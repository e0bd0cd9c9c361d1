// The charts of one run cell, stacked on one epoch axis: the loss, under it a small chart of each
// scalar variable when there are more than a figure draws, and what tfjs holds in memory. Each
// gets a line per plan in the same colour, and their plots line up.
import type { ChartScale, PanelEvent } from '../../../src/shared/protocol';
import { AxisWidths } from '../charts/axisWidths';
import { el } from '../base/dom';
import type { EpochPoint } from '../base/figurePath';
import { FIGURE_VARIABLES } from '../figures/figureView';
import { LossChart, type BaselineRun } from '../charts/lossChart';
import { MemoryChart } from '../charts/memoryChart';
import type { ChartTheme } from '../base/theme';
import { VariableChart } from '../charts/variableChart';

type Progress = Extract<PanelEvent, { type: 'progress' }>;

export class RunCharts {
  readonly element = el('div', 'run-charts');
  private readonly loss: LossChart;
  private readonly memory: MemoryChart;
  /** The plan index (RunPlan.index) of each series, in the order the runs became known. */
  private readonly series: number[] = [];
  private readonly labels: string[] = [];
  private readonly variableBox = el('div', 'variable-charts');
  private readonly variables = new Map<string, VariableChart>();
  private readonly axisWidths = new AxisWidths();

  constructor(
    private theme: ChartTheme,
    lossScale: ChartScale,
    /** A plan's loss at an epoch and where it was measured, for the loss chart's hover. */
    describePoint: (plan: number, epoch: number) => EpochPoint | null,
  ) {
    this.loss = new LossChart(theme, this.axisWidths, lossScale, (series, epoch) => describePoint(this.series[series], epoch));
    this.memory = new MemoryChart(theme, this.axisWidths);
    this.element.append(this.loss.element, this.variableBox, this.memory.element);
  }

  /** Lines for a plan, unless it has them. The lesson form's runs only become known as they start. */
  addSeries(plan: number, label: string): void {
    if (this.series.includes(plan)) return;
    this.series.push(plan);
    this.labels.push(label);
    this.loss.addSeries(label);
    this.memory.addSeries(label);
    this.variables.forEach((chart) => chart.addSeries(label));
  }

  show(progress: Progress): void {
    const series = this.series.indexOf(progress.run);
    if (series < 0) return;
    this.loss.append(series, progress.firstEpoch, progress.losses);
    this.memory.append(series, progress.firstEpoch + progress.losses.length - 1, progress.memory);
    const path = Object.entries(progress.path ?? {});
    if (path.length <= FIGURE_VARIABLES) return;
    for (const [name, values] of path) this.variableChart(name).append(series, progress.firstEpoch, values);
  }

  private variableChart(name: string): VariableChart {
    let chart = this.variables.get(name);
    if (!chart) {
      chart = new VariableChart(this.theme, this.axisWidths, name, this.labels);
      this.variables.set(name, chart);
      this.variableBox.append(chart.element);
    }
    return chart;
  }

  setBaseline(baseline: readonly BaselineRun[] | null): void {
    this.loss.setBaseline(baseline);
  }

  /** The loss chart as a PNG (base64). */
  lossPng(background: string): string {
    return this.loss.png(background);
  }

  /** Marks an epoch on the loss chart; null for none. */
  setCursor(epoch: number | null): void {
    this.loss.setCursor(epoch);
  }

  /** A plan whose tensor count grows every epoch. */
  markLeak(plan: number): void {
    this.memory.markLeak(this.series.indexOf(plan));
  }

  dispose(): void {
    this.loss.dispose();
    this.memory.dispose();
    this.variables.forEach((chart) => chart.dispose());
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.loss.setTheme(theme);
    this.memory.setTheme(theme);
    this.variables.forEach((chart) => chart.setTheme(theme));
  }
}
