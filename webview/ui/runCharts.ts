// The charts of one run cell, stacked on one epoch axis: the loss, and under it what tfjs holds in
// memory. Both get a line per plan in the same colour, and their plots line up.
import type { ChartScale, PanelEvent } from '../../src/shared/protocol';
import { AxisWidths } from './axisWidths';
import { el } from './dom';
import { LossChart } from './lossChart';
import { MemoryChart } from './memoryChart';
import type { ChartTheme } from './theme';

type Progress = Extract<PanelEvent, { type: 'progress' }>;

export class RunCharts {
  readonly element = el('div', 'run-charts');
  private readonly loss: LossChart;
  private readonly memory: MemoryChart;
  /** The plan index (RunPlan.index) of each series, in the order the runs became known. */
  private readonly series: number[] = [];

  constructor(theme: ChartTheme, lossScale: ChartScale) {
    const axisWidths = new AxisWidths();
    this.loss = new LossChart(theme, axisWidths, lossScale);
    this.memory = new MemoryChart(theme, axisWidths);
    this.element.append(this.loss.element, this.memory.element);
  }

  /** Lines for a plan, unless it has them. The lesson form's runs only become known as they start. */
  addSeries(plan: number, label: string): void {
    if (this.series.includes(plan)) return;
    this.series.push(plan);
    this.loss.addSeries(label);
    this.memory.addSeries(label);
  }

  show(progress: Progress): void {
    const series = this.series.indexOf(progress.run);
    if (series < 0) return;
    this.loss.append(series, progress.firstEpoch, progress.losses);
    this.memory.append(series, progress.firstEpoch + progress.losses.length - 1, progress.memory);
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
  }

  setTheme(theme: ChartTheme): void {
    this.loss.setTheme(theme);
    this.memory.setTheme(theme);
  }
}
