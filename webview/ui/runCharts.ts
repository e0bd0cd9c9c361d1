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

  constructor(theme: ChartTheme, lossScale: ChartScale) {
    const axisWidths = new AxisWidths();
    this.loss = new LossChart(theme, axisWidths, lossScale);
    this.memory = new MemoryChart(theme, axisWidths);
    this.element.append(this.loss.element, this.memory.element);
  }

  addSeries(plan: number, label: string): void {
    this.loss.addSeries(plan, label);
    this.memory.addSeries(plan, label);
  }

  show(progress: Progress): void {
    this.loss.append(progress.run, progress.firstEpoch, progress.losses);
    this.memory.append(progress.run, progress.firstEpoch + progress.losses.length - 1, progress.memory);
  }

  /** A plan whose tensor count grows every epoch. */
  markLeak(plan: number): void {
    this.memory.markLeak(plan);
  }

  setTheme(theme: ChartTheme): void {
    this.loss.setTheme(theme);
    this.memory.setTheme(theme);
  }
}
