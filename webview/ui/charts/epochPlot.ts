// One Chart.js line chart over epochs in its own box: its datasets are refilled and drawn at most
// once per frame, and again when the box changes size (a chart drawn while its cell was
// collapsed was decimated for zero width).
import { Chart, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip, type ChartOptions, type Plugin } from 'chart.js';
import type { ChartPoint } from './decimate';
import { el } from '../base/dom';
import { FrameTask } from '../base/frame';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

export class EpochPlot {
  readonly box = el('div', 'chart-box');
  readonly chart: Chart<'line', ChartPoint[]>;
  private readonly redraw = new FrameTask(() => {
    this.fill(this.chart.chartArea?.width || this.canvas.clientWidth || 600);
    // A lone first point is a dot, not yet a line. Chart.js keeps resolved options per dataset
    // object, so a dataset whose radius changes is replaced by a copy (once, when its second point comes).
    const { datasets } = this.chart.data;
    datasets.forEach((dataset, i) => {
      const radius = dataset.data.length === 1 ? 3 : 0;
      if ((dataset.pointRadius ?? 0) !== radius) datasets[i] = { ...dataset, pointRadius: radius };
    });
    this.chart.update('none');
  });

  /** `fill` gives every dataset its points for a plot that many pixels wide. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    options: ChartOptions<'line'>,
    private readonly fill: (columns: number) => void,
    plugins: Plugin<'line'>[] = [],
  ) {
    canvas.setAttribute('role', 'img');
    this.box.append(canvas);
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: [] }, options: this.resizing(options), plugins });
  }

  request(): void {
    this.redraw.request();
  }

  setOptions(options: ChartOptions<'line'>): void {
    this.chart.options = this.resizing(options);
    this.chart.update('none');
  }

  dispose(): void {
    this.redraw.cancel();
    this.chart.destroy();
  }

  describe(text: string): void {
    this.canvas.setAttribute('aria-label', text);
  }

  private resizing(options: ChartOptions<'line'>): ChartOptions<'line'> {
    return { ...options, onResize: () => this.request() };
  }
}
