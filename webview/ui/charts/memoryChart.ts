// What the learner's code keeps in tfjs's memory over the epochs of each plan, the lesson's
// "cleaning up" made visible: tensors (left axis) and bytes (right axis, and on the GPU when the
// backend says), Descent's own tensors left out by the trainer. A count that climbs epoch after
// epoch is a leak, marked at the epoch where it was noticed.
import type { ChartOptions, Plugin } from 'chart.js';
import type { MemoryInfo } from '../../../src/shared/protocol';
import { formatBytes, formatNumber } from '../../../src/shared/wording';
import type { AxisWidths } from './axisWidths';
import { baseOptions, chartFont, epochAxis, epochTooltip, seriesColour, valueAxis } from './chartStyle';
import { decimateMinMax } from './decimate';
import { el } from '../base/dom';
import { EpochChart } from './epochChart';
import { EpochPlot } from './epochPlot';
import type { ChartTheme } from '../base/theme';

/** The lines drawn for each plan, told apart by their dash; the plan's colour is its loss line's. */
const METRICS = [
  { name: 'tensors', axis: 'tensors', line: 'solid', dash: [], read: (m: MemoryInfo) => m.numTensors },
  { name: 'bytes', axis: 'bytes', line: 'dashed', dash: [6, 3], read: (m: MemoryInfo) => m.numBytes },
  { name: 'bytes on the GPU', axis: 'bytes', line: 'dotted', dash: [2, 2], read: (m: MemoryInfo) => m.numBytesInGPU },
] as const;
const GPU = METRICS.length - 1;

interface SeriesMemory {
  /** The epoch each sample was taken at: the last of its progress batch. */
  epochs: number[];
  /** Per metric, one value per sample; null where the backend does not report it. */
  values: (number | null)[][];
}

export class MemoryChart extends EpochChart {
  readonly element = el('div', 'memory-chart');
  private readonly gpuKey: HTMLElement;
  protected readonly plot: EpochPlot;
  /** Per run, in the loss chart's order, so the colours match. */
  private readonly series: SeriesMemory[] = [];
  private readonly leakEpochs: number[] = [];

  constructor(
    theme: ChartTheme,
    private readonly axisWidths: AxisWidths,
  ) {
    super(theme);
    const key = el('ul', 'memory-key');
    key.setAttribute('aria-label', 'Lines of the memory chart');
    const items = METRICS.map((metric) => {
      const item = el('li', 'memory-key-item');
      item.append(el('span', `key-line key-${metric.line}`), metric.name);
      return item;
    });
    this.gpuKey = items[GPU];
    this.gpuKey.hidden = true;
    key.append(...items);
    const bar = el('div', 'chart-toolbar');
    bar.append(key);
    this.plot = new EpochPlot(el('canvas', 'memory-canvas'), this.options(), (columns) => this.fill(columns), [this.leakMarks()]);
    axisWidths.join(() => this.plot.request());
    this.element.append(bar, this.plot.box);
  }

  /** The lines of one more run, the next series. */
  addSeries(label: string): void {
    this.series.push({ epochs: [], values: METRICS.map(() => []) });
    const { datasets } = this.plot.chart.data;
    for (const metric of METRICS) datasets.push({ label: `${label}: ${metric.name}`, data: [], yAxisID: metric.axis, borderDash: [...metric.dash] });
    this.plot.describe(`Tensors and bytes your code keeps in memory per epoch: ${this.series.length > 1 ? 'one colour per run, as in the loss chart' : label}`);
    this.applyColours();
    this.plot.request();
  }

  /** What the learner's code held when the series' run reached `epoch`. */
  append(index: number, epoch: number, memory: MemoryInfo): void {
    const series = this.series[index];
    if (!series || epoch <= (series.epochs.at(-1) ?? 0)) return;
    series.epochs.push(epoch);
    METRICS.forEach((metric, i) => series.values[i].push(metric.read(memory)));
    if (memory.numBytesInGPU !== null) this.gpuKey.hidden = false;
    this.plot.request();
  }

  /** Marks the series' latest epoch: its run's leak was noticed there. */
  markLeak(index: number): void {
    const epoch = this.series[index]?.epochs.at(-1);
    if (epoch === undefined) return;
    this.leakEpochs.push(epoch);
    this.plot.request();
  }

  private fill(columns: number): void {
    const { datasets } = this.plot.chart.data;
    this.series.forEach(({ epochs, values }, p) => {
      METRICS.forEach((_, m) => {
        const shown = values[m].some((v) => v !== null) ? values[m] : [];
        datasets[p * METRICS.length + m].data = decimateMinMax(shown, columns, (i) => epochs[i]);
      });
    });
  }

  protected applyColours(): void {
    this.plot.chart.data.datasets.forEach((dataset, i) => {
      const colour = seriesColour(this.theme, Math.floor(i / METRICS.length));
      dataset.borderColor = colour;
      dataset.backgroundColor = colour;
    });
  }

  /** A dashed upright line in the warning colour at each epoch where a leak was noticed. */
  private leakMarks(): Plugin<'line'> {
    return {
      id: 'descentLeakMarks',
      afterDatasetsDraw: (chart) => {
        const { ctx, chartArea, scales } = chart;
        const font = chartFont(this.theme);
        ctx.save();
        ctx.strokeStyle = this.theme.warn;
        ctx.fillStyle = this.theme.warn;
        ctx.lineWidth = 2;
        ctx.setLineDash([4, 3]);
        ctx.font = `${font.size}px ${font.family}`;
        ctx.textBaseline = 'top';
        for (const epoch of this.leakEpochs) {
          const x = scales.x.getPixelForValue(epoch);
          ctx.beginPath();
          ctx.moveTo(x, chartArea.top);
          ctx.lineTo(x, chartArea.bottom);
          ctx.stroke();
          // The label sits inside the plot, on whichever side of the line has room for it.
          const text = '⚠ leak';
          const roomRight = chartArea.right - x > ctx.measureText(text).width + 8;
          ctx.textAlign = roomRight ? 'left' : 'right';
          ctx.fillText(text, roomRight ? x + 4 : x - 4, chartArea.top + 2);
        }
        ctx.restore();
      },
    };
  }

  protected options(): ChartOptions<'line'> {
    const { theme } = this;
    const compact = { maxTicksLimit: 3 };
    const tensors = valueAxis(theme, 'tensors', 'left', this.axisWidths);
    const bytes = valueAxis(theme, 'bytes', 'right', this.axisWidths);
    return {
      ...baseOptions(),
      plugins: {
        tooltip: epochTooltip(theme, (item) => {
          const value = item.parsed.y ?? 0;
          return `${item.dataset.label ?? ''} ${item.dataset.yAxisID === 'bytes' ? formatBytes(value) : formatNumber(value)}`;
        }),
      },
      scales: {
        x: epochAxis(theme, null),
        tensors: { ...tensors, type: 'linear', beginAtZero: true, ticks: { ...tensors.ticks, ...compact, precision: 0 } },
        bytes: {
          ...bytes,
          type: 'linear',
          beginAtZero: true,
          // The tensors axis draws the grid; a second set of lines would not meet the first.
          grid: { ...bytes.grid, drawOnChartArea: false },
          ticks: { ...bytes.ticks, ...compact, callback: (value) => formatBytes(Number(value)) },
        },
      },
    };
  }
}
