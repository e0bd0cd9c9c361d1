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
} from 'chart.js';
import { formatNumber } from '../../src/report';
import { decimateMinMax, type ChartPoint } from './decimate';
import { el } from './dom';
import { FrameTask } from './frame';
import type { ChartTheme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

export class LossChart {
  readonly element = el('div', 'loss-chart');
  private readonly canvas = el('canvas', 'loss-canvas');
  private readonly legend = el('ul', 'chart-legend');
  private readonly logToggle = el('input', 'log-scale');
  private readonly chart: Chart<'line', ChartPoint[]>;
  /** Per plan, loss[i] of epoch i + 1. */
  private readonly losses: (number | null)[][];
  private readonly redraw = new FrameTask(() => this.draw());

  constructor(
    private readonly labels: string[],
    private readonly epochs: number,
    private theme: ChartTheme,
  ) {
    this.losses = labels.map(() => []);
    this.element.append(this.toolbar(), this.canvasBox());
    this.chart = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: labels.map((label) => ({ label, data: [] })) },
      options: this.options(),
    });
    this.applyColours();
  }

  /** Losses of one plan from `firstEpoch` (1-based) on. */
  append(plan: number, firstEpoch: number, losses: (number | null)[]): void {
    const series = this.losses[plan];
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
    this.labels.forEach((label, i) => {
      const item = el('button', 'legend-item');
      item.type = 'button';
      item.setAttribute('aria-pressed', 'true');
      item.title = `Show or hide ${label}`;
      item.append(el('span', 'legend-swatch'), el('span', 'legend-label', label));
      item.addEventListener('click', () => {
        const visible = !this.chart.isDatasetVisible(i);
        this.chart.setDatasetVisibility(i, visible);
        item.setAttribute('aria-pressed', String(visible));
        this.chart.update('none');
      });
      const entry = el('li');
      entry.append(item);
      this.legend.append(entry);
    });
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

  private canvasBox(): HTMLElement {
    const box = el('div', 'chart-box');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `Loss per epoch: ${this.labels.join(', ')}`);
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
        point: { radius: 0, hoverRadius: 3, hitRadius: 6 },
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
      x: { ...axis('epoch'), type: 'linear', min: 1, max: Math.max(2, this.epochs), ticks: { color: theme.muted, font, precision: 0 } },
      y: this.logToggle.checked ? { ...axis('loss'), type: 'logarithmic' } : { ...axis('loss'), type: 'linear' },
    };
  }
}
