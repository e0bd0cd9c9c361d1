// The loss-per-epoch chart of one run request: one line per plan, overlaid, with a legend and a
// linear/log switch. Losses are appended as batches arrive and drawn at most once per frame.
import {
  Chart,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartOptions,
  type Scale,
} from 'chart.js';
import { formatNumber } from '../../src/report';
import { decimateMinMax, type ChartPoint } from './decimate';
import { el } from './dom';
import { FrameTask } from './frame';
import type { ChartTheme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

/** Epoch ticks stay short on long runs: 200, 5K, 1.5M. */
const EPOCH_FORMAT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export class LossChart {
  readonly element = el('div', 'loss-chart');
  private readonly canvas = el('canvas', 'loss-canvas');
  private readonly legend = el('ul', 'chart-legend');
  private readonly logToggle = el('input', 'log-scale');
  private readonly chart: Chart<'line', ChartPoint[]>;
  /** The plan index of each dataset, in dataset order. */
  private readonly plans: number[] = [];
  /** Per dataset, loss[i] of epoch i + 1. */
  private readonly losses: (number | null)[][] = [];
  private readonly redraw = new FrameTask(() => this.draw());

  constructor(private theme: ChartTheme) {
    this.element.append(this.toolbar(), this.canvasBox());
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets: [] }, options: this.options() });
  }

  /** A line for the plan, unless it has one. The lesson form's runs only become known as they start. */
  addSeries(plan: number, label: string): void {
    if (this.plans.includes(plan)) return;
    const index = this.plans.length;
    this.plans.push(plan);
    this.losses.push([]);
    this.chart.data.datasets.push({ label, data: [] });
    this.legend.append(this.legendEntry(index, label));
    this.canvas.setAttribute('aria-label', `Loss per epoch: ${this.chart.data.datasets.map((d) => d.label).join(', ')}`);
    this.applyColours();
    this.redraw.request();
  }

  /** Losses of one plan from `firstEpoch` (1-based) on. */
  append(plan: number, firstEpoch: number, losses: (number | null)[]): void {
    const series = this.losses[this.plans.indexOf(plan)];
    if (!series) return;
    for (let i = 0; i < losses.length; i++) series[firstEpoch - 1 + i] = losses[i];
    this.redraw.request();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.chart.options = this.options();
    this.applyColours();
    this.chart.update('none');
  }

  private draw(): void {
    const columns = this.chart.chartArea?.width || this.canvas.clientWidth || 600;
    this.chart.data.datasets.forEach((dataset, i) => {
      dataset.data = decimateMinMax(this.losses[i], 1, columns);
    });
    this.chart.update('none');
  }

  private toolbar(): HTMLElement {
    const bar = el('div', 'chart-toolbar');
    const toggle = el('label', 'scale-toggle');
    this.logToggle.type = 'checkbox';
    this.logToggle.addEventListener('change', () => {
      this.chart.options.scales = this.scales();
      this.chart.update('none');
    });
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
      const visible = !this.chart.isDatasetVisible(index);
      this.chart.setDatasetVisibility(index, visible);
      item.setAttribute('aria-pressed', String(visible));
      this.chart.update('none');
    });
    const entry = el('li');
    entry.append(item);
    return entry;
  }

  private canvasBox(): HTMLElement {
    const box = el('div', 'chart-box');
    this.canvas.setAttribute('role', 'img');
    box.append(this.canvas);
    return box;
  }

  private applyColours(): void {
    const colours = this.theme.series;
    this.chart.data.datasets.forEach((dataset, i) => {
      const colour = colours[i % colours.length];
      dataset.borderColor = colour;
      dataset.backgroundColor = colour;
    });
    this.legend.querySelectorAll<HTMLElement>('.legend-swatch').forEach((swatch, i) => {
      swatch.style.backgroundColor = colours[i % colours.length];
    });
  }

  private options(): ChartOptions<'line'> {
    const { theme } = this;
    const font = { family: theme.font, size: Math.max(10, theme.fontSize - 1) };
    return {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      // A chart drawn while its cell was collapsed was decimated for zero width.
      onResize: () => this.redraw.request(),
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: {
        // A lone first epoch is a point, not yet a line.
        point: { radius: (context) => (context.dataset.data.length === 1 ? 3 : 0), hoverRadius: 3, hitRadius: 6 },
        line: { borderWidth: 2, tension: 0 },
      },
      plugins: {
        tooltip: {
          backgroundColor: theme.tooltipBackground,
          titleColor: theme.tooltipText,
          bodyColor: theme.tooltipText,
          borderColor: theme.tooltipBorder,
          borderWidth: 1,
          titleFont: font,
          bodyFont: font,
          callbacks: {
            title: (items) => `epoch ${items[0]?.parsed.x ?? ''}`,
            label: (item) => `${item.dataset.label ?? ''}: loss ${formatNumber(item.parsed.y)}`,
          },
        },
      },
      scales: this.scales(),
    };
  }

  private scales(): ChartOptions<'line'>['scales'] {
    const { theme } = this;
    const font = { family: theme.font, size: Math.max(10, theme.fontSize - 1) };
    const axis = (title: string) => ({
      grid: { color: theme.grid },
      border: { color: theme.grid },
      ticks: { color: theme.muted, font },
      title: { display: true, text: title, color: theme.muted, font },
    });
    return {
      x: {
        ...axis('epoch'),
        type: 'linear',
        min: 1,
        ticks: { color: theme.muted, font, precision: 0, maxRotation: 0, callback: (value) => EPOCH_FORMAT.format(Number(value)) },
      },
      y: this.logToggle.checked ? { ...axis('loss'), type: 'logarithmic', afterBuildTicks: evenPowersOfTen } : { ...axis('loss'), type: 'linear' },
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
