// A small chart of one scalar variable over the epochs, a line per run in its colour, stacked under
// the loss chart on the same epoch axis: for a scratch with more variables than a figure can draw.
import type { ChartOptions } from 'chart.js';
import { formatNumber } from '../../../src/shared/wording';
import type { AxisWidths } from './axisWidths';
import { baseOptions, epochAxis, epochTooltip, roomForRightAxes, seriesColour, valueAxis } from './chartStyle';
import { decimateMinMax } from './decimate';
import { el } from '../base/dom';
import { EpochChart } from './epochChart';
import { EpochPlot } from './epochPlot';
import { LossSeries } from './lossSeries';
import type { ChartTheme } from '../base/theme';

export class VariableChart extends EpochChart {
  readonly element = el('div', 'variable-chart');
  protected readonly plot: EpochPlot;
  /** The variable's value after each epoch, per series. */
  private readonly values: LossSeries[] = [];

  constructor(
    theme: ChartTheme,
    private readonly axisWidths: AxisWidths,
    readonly name: string,
    labels: readonly string[],
  ) {
    super(theme);
    this.plot = new EpochPlot(el('canvas', 'variable-canvas'), this.options(), (columns) => this.fill(columns));
    this.element.dataset.name = name;
    axisWidths.join(() => this.plot.request());
    this.element.append(this.plot.box);
    labels.forEach((label) => this.addSeries(label));
  }

  addSeries(label: string): void {
    this.values.push(new LossSeries());
    this.plot.chart.data.datasets.push({ label, data: [] });
    this.plot.describe(`${this.name} after each epoch: ${this.plot.chart.data.datasets.map((d) => d.label).join(', ')}`);
    this.applyColours();
    this.plot.request();
  }

  /** Values of one series from `firstEpoch` (1-based) on. */
  append(series: number, firstEpoch: number, values: (number | null)[]): void {
    this.values[series]?.set(firstEpoch, values);
    this.plot.request();
  }

  private fill(columns: number): void {
    this.plot.chart.data.datasets.forEach((dataset, i) => {
      dataset.data = decimateMinMax(this.values[i].values, columns, (k) => k + 1);
    });
  }

  protected applyColours(): void {
    this.plot.chart.data.datasets.forEach((dataset, i) => {
      dataset.borderColor = seriesColour(this.theme, i);
      dataset.backgroundColor = seriesColour(this.theme, i);
    });
  }

  protected options(): ChartOptions<'line'> {
    const { theme, name } = this;
    const axis = valueAxis(theme, name, 'left', this.axisWidths);
    return {
      ...baseOptions(),
      layout: roomForRightAxes(this.axisWidths),
      plugins: { tooltip: epochTooltip(theme, (item) => `${item.dataset.label ?? ''}: ${name} = ${formatNumber(item.parsed.y)}`) },
      scales: { x: epochAxis(theme, null), y: { ...axis, type: 'linear', ticks: { ...axis.ticks, maxTicksLimit: 3 } } },
    };
  }
}
