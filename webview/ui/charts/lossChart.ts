// The loss-per-epoch chart of one run request: one line per plan, overlaid, with a legend, a
// linear/log switch and a smoothing slider (the smoothed line over the faint raw one). Pointing
// reads an epoch's loss and where it was measured; dragging zooms into epochs (chartjs-plugin-zoom),
// and the points are decimated again for the epochs in view. Losses are appended as batches arrive
// and drawn at most once per frame.
import type { ActiveElement, Chart, ChartDataset, ChartOptions, Plugin, Scale } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { ChartScale } from '../../../src/shared/protocol';
import { runPointText, valuesText } from '../../../src/shared/landscapeText';
import { formatNumber } from '../../../src/shared/wording';
import type { AxisWidths } from './axisWidths';
import { baseOptions, epochAxis, epochTooltip, roomForRightAxes, seriesColour, valueAxis } from './chartStyle';
import { decimateMinMax, type ChartPoint } from './decimate';
import { el, setText } from '../base/dom';
import { EpochChart } from './epochChart';
import type { EpochPoint } from '../base/figurePath';
import { EpochPlot } from './epochPlot';
import { LossSeries } from './lossSeries';
import { SmoothedSeries } from './smoothedSeries';
import type { ChartTheme } from '../base/theme';

type LineDataset = ChartDataset<'line', ChartPoint[]>;

/** A run of the pinned cell: its label and every epoch's loss. */
export interface BaselineRun {
  label: string;
  losses: Float32Array;
}

export class LossChart extends EpochChart {
  readonly element = el('div', 'loss-chart');
  private readonly legend = el('ul', 'chart-legend');
  private readonly logToggle = el('input', 'log-scale');
  private readonly smoothingSlider = el('input', 'smoothing-slider');
  private readonly smoothingText = el('output', 'smoothing-value', '0');
  private readonly readout = el('div', 'chart-readout');
  private readonly resetZoom = el('button', 'secondary-button reset-zoom', 'Reset zoom');
  private readonly baselineKey = el('span', 'baseline-key');
  protected readonly plot: EpochPlot;
  /** Per series. The datasets are each series' raw losses, then each one's smoothed line, then the baseline's runs. */
  private readonly losses: LossSeries[] = [];
  private readonly smoothed: SmoothedSeries[] = [];
  /** The pinned run's losses, per run, drawn faint and dashed behind this request's. */
  private baseline: readonly BaselineRun[] = [];
  /** The smoothing's weight; 0 draws no smoothed line. */
  private weight = 0;
  /** The epoch the learner scrubbed to, marked by a vertical line; null for none. */
  private cursor: number | null = null;

  constructor(
    theme: ChartTheme,
    private readonly axisWidths: AxisWidths,
    startScale: ChartScale,
    /** A series' loss at an epoch and where it was measured, for the hover; null when not known. */
    private readonly describePoint: (series: number, epoch: number) => EpochPoint | null,
  ) {
    super(theme);
    this.logToggle.checked = startScale === 'log';
    this.plot = new EpochPlot(el('canvas', 'loss-canvas'), this.options(), (columns) => this.fill(columns), [this.cursorLine(), this.fadedRawLosses(), zoomPlugin]);
    axisWidths.join(() => this.plot.request());
    this.readout.setAttribute('aria-live', 'polite');
    this.promptReadout();
    this.plot.box.addEventListener('pointerleave', () => this.promptReadout());
    this.plot.box.addEventListener('dblclick', () => this.unzoom());
    this.element.append(this.toolbar(), this.plot.box, this.readout);
  }

  /** A line for one more run, the next series. */
  addSeries(label: string): void {
    const index = this.losses.length;
    this.losses.push(new LossSeries());
    const smoothed = new SmoothedSeries();
    smoothed.setWeight(this.weight);
    this.smoothed.push(smoothed);
    this.legend.append(this.legendEntry(index, label));
    const { raw, smoothed: smoothedLines, baseline } = this.lines(index);
    this.show([...raw, { label, data: [] }], [...smoothedLines, { label: `${label}, smoothed`, data: [] }], baseline);
  }

  /** Draws the pinned run's losses behind these (none: null). */
  setBaseline(baseline: readonly BaselineRun[] | null): void {
    this.baseline = baseline ?? [];
    setText(this.baselineKey, this.baseline.length ? `┄ baseline: ${this.baseline.map((run) => run.label).join(', ')}` : '');
    const { raw, smoothed } = this.lines(this.losses.length);
    this.show(raw, smoothed, this.baseline.map(({ label }) => ({ label, data: [], borderDash: [6, 4], borderWidth: 1.5 })));
  }

  /**
   * The chart's datasets by kind, given how many series they hold. Read from the chart each time:
   * EpochPlot replaces a dataset by a copy when its points' radius changes.
   */
  private lines(series: number): { raw: LineDataset[]; smoothed: LineDataset[]; baseline: LineDataset[] } {
    const datasets = this.plot.chart.data.datasets;
    return { raw: datasets.slice(0, series), smoothed: datasets.slice(series, 2 * series), baseline: datasets.slice(2 * series) };
  }

  private show(raw: LineDataset[], smoothed: LineDataset[], baseline: LineDataset[]): void {
    this.plot.chart.data.datasets = [...raw, ...smoothed, ...baseline];
    const pinned = this.baseline.length ? `; baseline ${this.baseline.map((run) => run.label).join(', ')}` : '';
    this.plot.describe(`Loss per epoch: ${raw.map((d) => d.label).join(', ')}${pinned}`);
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

  /** The chart as a PNG (base64), on `background` so that it reads outside the panel too. */
  png(background: string): string {
    const drawn = this.plot.chart.canvas;
    const image = document.createElement('canvas');
    image.width = drawn.width;
    image.height = drawn.height;
    const context = image.getContext('2d') as CanvasRenderingContext2D;
    context.fillStyle = background;
    context.fillRect(0, 0, image.width, image.height);
    context.drawImage(drawn, 0, 0);
    return image.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  /** Raw while the smoothed lines are drawn over them: faint. */
  private fadedRawLosses(): Plugin<'line'> {
    const faded = (index: number) => this.weight > 0 && index < this.losses.length;
    return {
      id: 'fadedRawLosses',
      beforeDatasetDraw: (chart, { index }) => {
        if (!faded(index)) return;
        chart.ctx.save();
        chart.ctx.globalAlpha = 0.3;
      },
      afterDatasetDraw: (chart, { index }) => {
        if (faded(index)) chart.ctx.restore();
      },
    };
  }

  private fill(columns: number): void {
    const decimated = (values: Float32Array | null) => {
      const [from, to] = this.epochsInView(values?.length ?? 0);
      return values ? decimateMinMax(values.subarray(from, to), columns, (k) => from + k + 1) : [];
    };
    const { raw, smoothed, baseline } = this.lines(this.losses.length);
    raw.forEach((line, series) => (line.data = decimated(this.losses[series].values)));
    smoothed.forEach((line, series) => (line.data = decimated(this.smoothedValues(series))));
    baseline.forEach((line, run) => (line.data = decimated(this.baseline[run].losses)));
  }

  /**
   * The indices to decimate: all of them, or when zoomed the epochs in view and as many either
   * side (a pan shows points until it ends and the view is decimated again).
   */
  private epochsInView(count: number): [number, number] {
    const { chart } = this.plot;
    const x = chart.scales.x;
    if (!chart.isZoomedOrPanned() || !x) return [0, count];
    const width = x.max - x.min;
    const clamp = (n: number) => Math.max(0, Math.min(count, n));
    return [clamp(Math.floor(x.min - width) - 1), clamp(Math.ceil(x.max + width))];
  }

  private zoomed(): void {
    this.resetZoom.hidden = !this.plot.chart.isZoomedOrPanned();
    this.plot.request();
  }

  private unzoom(): void {
    this.plot.chart.resetZoom('none');
    this.zoomed();
  }

  /** A series' smoothed losses; null without smoothing. */
  private smoothedValues(series: number): Float32Array | null {
    return this.weight > 0 ? this.smoothed[series].of(this.losses[series].values) : null;
  }

  private setSmoothing(weight: number): void {
    this.weight = weight;
    this.smoothed.forEach((series) => series.setWeight(weight));
    setText(this.smoothingText, String(weight));
    this.plot.request();
  }

  /** A series at an epoch in the tooltip: its loss, where it was measured, and its smoothed loss, a line each. */
  private tooltipLines(series: number, epoch: number): string[] | null {
    const described = this.describePoint(series, epoch);
    if (!described) return null;
    const { label, variables, point } = described;
    const smoothed = this.smoothedAt(series, epoch);
    return [
      `${label}: loss ${formatNumber(point.loss)}`,
      ...(variables.length ? [`at ${valuesText(variables, point.at)}`] : []),
      ...(smoothed === null ? [] : [`smoothed ${formatNumber(smoothed)}`]),
    ];
  }

  /** The same on one line, for the readout under the chart. */
  private readoutText(series: number, epoch: number): string | null {
    const described = this.describePoint(series, epoch);
    if (!described) return null;
    const smoothed = this.smoothedAt(series, epoch);
    return `${runPointText(described.label, described.variables, described.point)}${smoothed === null ? '' : `, smoothed ${formatNumber(smoothed)}`}`;
  }

  private smoothedAt(series: number, epoch: number): number | null {
    const smoothed = this.smoothedValues(series)?.[epoch - 1];
    return smoothed !== undefined && Number.isFinite(smoothed) ? smoothed : null;
  }

  private hover(elements: ActiveElement[], chart: Chart): void {
    const raw = elements.find((element) => element.datasetIndex < this.losses.length);
    const epoch = raw && (chart.data.datasets[raw.datasetIndex].data[raw.index] as { x: number } | undefined)?.x;
    if (epoch === undefined || epoch === null) return;
    const runs = this.losses.flatMap((_, series) => this.readoutText(series, epoch) ?? []);
    setText(this.readout, [`epoch ${epoch}`, ...runs].join(' · '));
  }

  private promptReadout(): void {
    setText(this.readout, 'Point at the chart to read an epoch.');
  }

  private toolbar(): HTMLElement {
    const bar = el('div', 'chart-toolbar');
    const toggle = el('label', 'scale-toggle');
    this.logToggle.type = 'checkbox';
    this.logToggle.addEventListener('change', () => this.restyle());
    toggle.append(this.logToggle, ' log scale');
    const smoothing = el('label', 'smoothing-control');
    Object.assign(this.smoothingSlider, { type: 'range', min: '0', max: '0.99', step: '0.01', value: '0' });
    this.smoothingSlider.addEventListener('input', () => this.setSmoothing(Number(this.smoothingSlider.value)));
    smoothing.append('smoothing ', this.smoothingSlider, this.smoothingText);
    this.resetZoom.type = 'button';
    this.resetZoom.hidden = true;
    this.resetZoom.title = 'Drag across the chart to zoom into epochs, Shift+drag to pan, Ctrl+wheel to zoom; double-click resets';
    this.resetZoom.addEventListener('click', () => this.unzoom());
    bar.append(this.legend, this.baselineKey, this.resetZoom, smoothing, toggle);
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
      chart.setDatasetVisibility(this.losses.length + index, visible);
      item.setAttribute('aria-pressed', String(visible));
      chart.update('none');
    });
    const entry = el('li');
    entry.append(item);
    return entry;
  }

  protected applyColours(): void {
    const { raw, smoothed, baseline } = this.lines(this.losses.length);
    [raw, smoothed].forEach((lines) =>
      lines.forEach((line, series) => {
        line.borderColor = seriesColour(this.theme, series);
        line.backgroundColor = seriesColour(this.theme, series);
      }),
    );
    baseline.forEach((line) => {
      line.borderColor = this.theme.muted;
      line.backgroundColor = this.theme.muted;
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
      onHover: (_event, elements, chart) => this.hover(elements, chart),
      plugins: {
        zoom: {
          limits: { x: { min: 1 } },
          pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: () => this.zoomed() },
          zoom: {
            mode: 'x',
            drag: { enabled: true, backgroundColor: theme.grid, borderColor: theme.muted, borderWidth: 1 },
            wheel: { enabled: true, modifierKey: 'ctrl' },
            pinch: { enabled: true },
            onZoomComplete: () => this.zoomed(),
          },
        },
        tooltip: {
          ...epochTooltip(theme, (item) => this.tooltipLines(item.datasetIndex, item.parsed.x ?? 0) ?? `${item.dataset.label ?? ''}: loss ${formatNumber(item.parsed.y)}`),
          filter: (item) => item.datasetIndex < this.losses.length,
        },
      },
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
