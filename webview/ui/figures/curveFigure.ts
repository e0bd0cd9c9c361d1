// The lesson's error curve: the learner's loss over one scalar variable, each run's path on it in
// its colour, the start, the current point and, where the trainer worked it out, the tangent with
// an arrow downhill and where the next step lands. Hovering reads the curve's loss at the nearest
// grid point.
import { Chart, LinearScale, LineController, LineElement, PointElement, type ChartDataset, type ChartOptions, type Plugin } from 'chart.js';
import { formatNumber } from '../../../src/shared/wording';
import { axisStyle, baseOptions, seriesColour } from '../charts/chartStyle';
import { el, setText } from '../base/dom';
import type { Figure, FigureView } from './figureView';
import { StartHandle, type StartDrag } from './startHandle';
import { FrameTask } from '../base/frame';
import type { ChartTheme } from '../base/theme';

Chart.register(LineController, LineElement, PointElement, LinearScale);

type Point = { x: number; y: number };

/** The tangent reaches this share of the axis downhill from its point. */
const TANGENT_SHARE = 0.08;
const ARROW_PX = 9;

export class CurveFigure implements Figure {
  readonly element = el('figure', 'figure curve-figure');
  private readonly box = el('div', 'figure-box');
  private readonly canvas = el('canvas', 'curve-canvas');
  private readonly readout = el('div', 'figure-readout');
  private readonly caption = el('figcaption', 'figure-caption');
  private readonly chart: Chart<'line', Point[]>;
  private view: FigureView | null = null;
  private readonly redraw = new FrameTask(() => this.draw());
  /** The curve as drawn: where the start handle sits on it. */
  private curve: Point[] = [];
  private readonly handle: StartHandle;

  constructor(
    private theme: ChartTheme,
    drag: StartDrag,
  ) {
    this.canvas.setAttribute('role', 'img');
    this.readout.setAttribute('aria-live', 'polite');
    this.readout.textContent = 'Point at the curve to read its loss.';
    this.handle = new StartHandle(() => this.view?.landscape.variables ?? [], {
      pixelOf: ([x]) => {
        const y = curveAt(this.curve, x) ?? this.view?.start?.loss;
        return y === undefined ? null : { x: this.chart.scales.x.getPixelForValue(x), y: this.chart.scales.y.getPixelForValue(y) };
      },
      pointAt: (px) => {
        const axis = this.view?.landscape.axes[0] ?? [0];
        const x = this.chart.scales.x.getValueForPixel(px) ?? axis[0];
        return [Math.min(Math.max(x, axis[0]), axis[axis.length - 1])];
      },
      steps: () => {
        const axis = this.view?.landscape.axes[0] ?? [0, 1];
        return [axis[1] - axis[0]];
      },
    }, drag);
    // Pointing at the start handle over the curve reads the curve there, as pointing anywhere else on it does.
    this.handle.element.addEventListener('pointermove', (event) => {
      if (event.buttons === 0) this.hover(event.clientX - this.canvas.getBoundingClientRect().left);
    });
    this.box.append(this.canvas, this.handle.element);
    this.element.append(this.box, this.readout, this.caption);
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets: [] }, options: this.options(), plugins: [downhillArrow(() => this.theme)] });
  }

  show(view: FigureView): void {
    this.view = view;
    setText(this.caption, view.caption);
    this.canvas.setAttribute('aria-label', view.caption);
    this.redraw.request();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.redraw.request();
  }

  dispose(): void {
    this.redraw.cancel();
    this.chart.destroy();
  }

  private draw(): void {
    const view = this.view;
    if (!view) return;
    const { theme } = this;
    const { axes, loss, variables } = view.landscape;
    const curve = axes[0].flatMap((x, i) => (loss[i] === null ? [] : [{ x, y: loss[i] as number }]));
    this.curve = curve;
    const datasets: ChartDataset<'line', Point[]>[] = [
      { label: `L(${variables[0]})`, data: curve, borderColor: theme.muted, backgroundColor: theme.muted, borderWidth: 2, pointRadius: 0 },
    ];
    for (const run of view.runs) {
      const colour = seriesColour(theme, run.series);
      const data = run.points.map(({ at, loss: y }) => ({ x: at[0], y }));
      datasets.push({ label: run.label, data, borderColor: colour, backgroundColor: colour, borderWidth: 1, pointRadius: 2 });
      const last = data.at(-1);
      if (last) datasets.push({ label: `${run.label} now`, data: [last], borderColor: theme.text, backgroundColor: colour, pointRadius: 6, borderWidth: 2 });
    }
    if (view.start) {
      datasets.push({ label: 'start', data: [{ x: view.start.at[0], y: view.start.loss }], pointStyle: 'rectRot', pointRadius: 7, borderColor: theme.text, backgroundColor: theme.text });
    }
    for (const { series, point } of view.cursor) {
      datasets.push({ label: 'epoch cursor', data: [{ x: point.at[0], y: point.loss }], pointRadius: 8, borderWidth: 2, borderColor: seriesColour(theme, series), backgroundColor: 'transparent' });
    }
    for (const { series, points } of view.previews) {
      const data = points.map(({ at, loss: y }) => ({ x: at[0], y }));
      // Over the curve it runs along (Chart.js draws the first dataset on top), and its end marked.
      const colour = seriesColour(theme, series);
      datasets.push({ label: 'preview', data, order: -1, borderColor: colour, borderWidth: 3, borderDash: [6, 4], pointRadius: data.map((_, i) => (i === data.length - 1 ? 6 : 0)), pointStyle: 'crossRot', backgroundColor: colour });
    }
    const range = lossRange(view);
    const tangent = view.slope && tangentPoints(view.slope, axes[0], range[0]);
    if (tangent) datasets.push({ label: 'downhill', data: tangent, borderColor: theme.text, borderWidth: 2, borderDash: [5, 3], pointRadius: 0 });
    const next = view.slope?.next?.[0];
    const landing = next === undefined ? null : curveAt(curve, next);
    if (next !== undefined && landing !== null) {
      datasets.push({ label: 'next step', data: [{ x: next, y: landing }], pointStyle: 'crossRot', pointRadius: 7, borderWidth: 2, borderColor: theme.text });
    }
    this.chart.data.datasets = datasets;
    this.chart.options = this.options(range);
    this.chart.update('none');
    this.handle.show(view.start?.at ?? null, view.canPlay);
  }

  /** What the curve says where the pointer is: the loss at the nearest grid point, in full. */
  private hover(pixelX: number): void {
    const view = this.view;
    if (!view) return;
    const x = this.chart.scales.x.getValueForPixel(pixelX);
    if (x === undefined) return;
    const { axes, loss } = view.landscape;
    let nearest = 0;
    axes[0].forEach((value, i) => {
      if (Math.abs(value - x) < Math.abs(axes[0][nearest] - x)) nearest = i;
    });
    setText(this.readout, `L(${formatNumber(axes[0][nearest], 8)}) = ${formatNumber(loss[nearest], 8)}`);
  }

  /** `losses`: the span of the y axis, once there is a view to draw. */
  private options(losses?: [number, number]): ChartOptions<'line'> {
    const { theme, view } = this;
    const [xLow, xHigh] = view ? [view.landscape.axes[0][0], view.landscape.axes[0].at(-1)] : [undefined, undefined];
    const [yLow, yHigh] = losses ?? [undefined, undefined];
    // The ends are the grid's and the data's own, not round numbers: no tick label at them.
    const bounded = (title: string, min: number | undefined, max: number | undefined) => {
      const style = axisStyle(theme, title);
      return { ...style, type: 'linear' as const, min, max, ticks: { ...style.ticks, includeBounds: false } };
    };
    return {
      ...baseOptions(),
      // A path goes back and forth in x: Chart.js must parse it, not take it as sorted.
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      normalized: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      onHover: (event) => {
        if (event.x !== null) this.hover(event.x);
      },
      plugins: { tooltip: { enabled: false } },
      scales: { x: bounded(view?.landscape.variables[0] ?? 'x', xLow, xHigh), y: bounded('loss', yLow, yHigh) },
    };
  }
}

/** The curve's loss at x, read between its grid points (to draw a point on it); null off the curve. */
function curveAt(curve: readonly Point[], x: number): number | null {
  const right = curve.findIndex((point) => point.x >= x);
  if (right < 0) return null;
  if (right === 0) return curve[0].x === x ? curve[0].y : null;
  const [a, b] = [curve[right - 1], curve[right]];
  return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
}

/** The losses the plot spans: the curve's and every path's, a little room either side. */
function lossRange({ landscape, runs }: FigureView): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  const take = (y: number | null) => {
    if (y === null || !Number.isFinite(y)) return;
    low = Math.min(low, y);
    high = Math.max(high, y);
  };
  landscape.loss.forEach(take);
  runs.forEach((run) => run.points.forEach((point) => take(point.loss)));
  if (!Number.isFinite(low)) return [0, 1];
  const pad = (high - low) * 0.05 || 1;
  return [low - pad, high + pad];
}

/** From the point a short way down its tangent: a dashed line, an arrowhead at its downhill end. */
function tangentPoints(slope: NonNullable<FigureView['slope']>, axis: readonly number[], lowestShown: number): Point[] | null {
  const [at, gradient, { loss }] = [slope.at[0], slope.gradient[0], slope];
  if (!Number.isFinite(at) || !Number.isFinite(loss) || !Number.isFinite(gradient) || gradient === 0) return null;
  let reach = -Math.sign(gradient) * TANGENT_SHARE * (axis[axis.length - 1] - axis[0]);
  // A steep tangent stops at the foot of the plot, where its arrowhead can still be seen.
  if (loss + gradient * reach < lowestShown) reach = (lowestShown - loss) / gradient;
  return [
    { x: at, y: loss },
    { x: at + reach, y: loss + gradient * reach },
  ];
}

/** Draws an arrowhead at the end of the 'downhill' dataset, pointing the way it goes on screen. */
function downhillArrow(theme: () => ChartTheme): Plugin<'line'> {
  return {
    id: 'downhillArrow',
    afterDatasetsDraw(chart) {
      const index = chart.data.datasets.findIndex((dataset) => dataset.label === 'downhill');
      if (index < 0) return;
      const [from, to] = chart.getDatasetMeta(index).data;
      if (!from || !to) return;
      const angle = Math.atan2(to.y - from.y, to.x - from.x);
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
      ctx.clip();
      ctx.translate(to.x, to.y);
      ctx.rotate(angle);
      ctx.fillStyle = theme().text;
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.lineTo(-ARROW_PX, -ARROW_PX / 2);
      ctx.lineTo(-ARROW_PX, ARROW_PX / 2);
      ctx.closePath();
      ctx.fill();
      ctx.restore();
    },
  };
}
