// The loss-per-epoch chart of one run request: one line per plan, overlaid, with a legend and a
// linear/log switch. Losses are appended as batches arrive and drawn at most once per frame.
import type { ChartOptions, Plugin, Scale } from 'chart.js';
import type { ChartScale } from '../../src/shared/protocol';
import { formatNumber } from '../../src/shared/wording';
import type { AxisWidths } from './axisWidths';
import { baseOptions, epochAxis, epochTooltip, roomForRightAxes, seriesColour, valueAxis } from './chartStyle';
import { decimateMinMax } from './decimate';
import { el } from './dom';
import { EpochChart } from './epochChart';
import { EpochPlot } from './epochPlot';
import { LossSeries } from './lossSeries';
import type { ChartTheme } from './theme';

export class LossChart extends EpochChart {
  readonly element = el('div', 'loss-chart');
  private readonly legend = el('ul', 'chart-legend');
  private readonly logToggle = el('input', 'log-scale');
  protected readonly plot: EpochPlot;
  /** Per series, in dataset order. */
  private readonly losses: LossSeries[] = [];
  /** The epoch the learner scrubbed to, marked by a vertical line; null for none. */
  private cursor: number | null = null;

  constructor(
    theme: ChartTheme,
    private readonly axisWidths: AxisWidths,
    startScale: ChartScale,
  ) {
    super(theme);
    this.logToggle.checked = startScale === 'log';
    this.plot = new EpochPlot(el('canvas', 'loss-canvas'), this.options(), (columns) => this.fill(columns), [this.cursorLine()]);
    axisWidths.join(() => this.plot.request());
    this.element.append(this.toolbar(), this.plot.box);
  }

  /** A line for one more run, the next series. */
  addSeries(label: string): void {
    const index = this.losses.length;
    this.losses.push(new LossSeries());
    const { datasets } = this.plot.chart.data;
    datasets.push({ label, data: [] });
    this.legend.append(this.legendEntry(index, label));
    this.plot.describe(`Loss per epoch: ${datasets.map((d) => d.label).join(', ')}`);
    this.applyColours();
    this.plot.request();
  }

  /** Losses of one series from `firstEpoch` (1-based) on. */
  append(series: number, firstEpoch: number, losses: (number | null)[]): void {
    this.losses[series]?.set(firstEpoch, losses);
    this.plot.request();
  }

  setCursor(epoch: number | null): void {
    this.cursor = epoch;
    this.plot.request();
  }

  private cursorLine(): Plugin<'line'> {
    return {
      id: 'epochCursor',
      afterDatasetsDraw: (chart) => {
        if (this.cursor === null) return;
        const x = chart.scales.x.getPixelForValue(this.cursor);
        const { ctx, chartArea } = chart;
        if (x < chartArea.left || x > chartArea.right) return;
        ctx.save();
        ctx.strokeStyle = this.theme.text;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.restore();
      },
    };
  }

  private fill(columns: number): void {
    this.plot.chart.data.datasets.forEach((dataset, i) => {
      dataset.data = decimateMinMax(this.losses[i].values, columns, (k) => k + 1);
    });
  }

  private toolbar(): HTMLElement {
    const bar = el('div', 'chart-toolbar');
    const toggle = el('label', 'scale-toggle');
    this.logToggle.type = 'checkbox';
    this.logToggle.addEventListener('change', () => this.restyle());
    toggle.append(this.logToggle, ' log scale');
    bar.append(this.legend, toggle);
    return bar;
  }

  private legendEntry(index: number, label: string): HTMLElement {
    const item = el('button', 'legend-item');
    item.type = 'button';
    item.setAttribute('aria-pressed', 'true');
    item.title = `Show or hide ${label}`;
    item.append(el('span', 'legend-swatch'), el('span', 'legend-label', label));
    item.addEventListener('click', () => {
      const { chart } = this.plot;
      const visible = !chart.isDatasetVisible(index);
      chart.setDatasetVisibility(index, visible);
      item.setAttribute('aria-pressed', String(visible));
      chart.update('none');
    });
    const entry = el('li');
    entry.append(item);
    return entry;
  }

  protected applyColours(): void {
    this.plot.chart.data.datasets.forEach((dataset, i) => {
      dataset.borderColor = seriesColour(this.theme, i);
      dataset.backgroundColor = seriesColour(this.theme, i);
    });
    this.legend.querySelectorAll<HTMLElement>('.legend-swatch').forEach((swatch, i) => {
      swatch.style.backgroundColor = seriesColour(this.theme, i);
    });
  }

  protected options(): ChartOptions<'line'> {
    const { theme } = this;
    const loss = valueAxis(theme, 'loss', 'left', this.axisWidths);
    return {
      ...baseOptions(),
      layout: roomForRightAxes(this.axisWidths),
      plugins: { tooltip: epochTooltip(theme, (item) => `${item.dataset.label ?? ''}: loss ${formatNumber(item.parsed.y)}`) },
      scales: {
        x: epochAxis(theme, 'epoch'),
        y: this.logToggle.checked ? { ...loss, type: 'logarithmic', afterBuildTicks: evenPowersOfTen } : { ...loss, type: 'linear' },
      },
    };
  }
}

/**
 * Over many decades Chart.js spaces its log ticks unevenly (1e4, 1e7, … 1e22, 1e28): use every
 * k-th power of ten instead, when at least two fall inside the axis.
 */
function evenPowersOfTen(scale: Scale): void {
  const MAX_TICKS = 8;
  if (!(scale.min > 0) || !(scale.max > scale.min)) return;
  const low = Math.ceil(Math.log10(scale.min));
  const high = Math.floor(Math.log10(scale.max));
  if (high - low < 1) return;
  const step = Math.ceil((high - low + 1) / MAX_TICKS);
  const ticks = [];
  for (let exponent = low; exponent <= high; exponent += step) ticks.push({ value: 10 ** exponent, major: true });
  scale.ticks = ticks;
}
