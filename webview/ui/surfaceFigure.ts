// The loss surface over two scalar variables, seen from above: a heat map of the learner's loss
// with contour lines (d3-contour), each run's path across it in its run's colour with a legend,
// the start, where each run is now, and the lowest grid point. Hovering reads the loss at the
// nearest grid point.
import { contours } from 'd3-contour';
import { lowestPoint } from '../../src/shared/landscapeRange';
import type { Landscape } from '../../src/shared/protocol';
import { formatNumber } from '../../src/shared/wording';
import { chartFont, seriesColour } from './chartStyle';
import { el, setText } from './dom';
import type { Figure, FigureRun, FigureView } from './figureView';
import { FrameTask } from './frame';
import { niceTicks } from './niceTicks';
import type { ChartTheme } from './theme';

/** Low loss dark, high loss light: viridis, which reads in light and dark themes and in grey. */
const PALETTE = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];
const CONTOUR_LEVELS = 12;
const MARGIN = { left: 56, right: 12, top: 8, bottom: 40 };

interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

export class SurfaceFigure implements Figure {
  readonly element = el('figure', 'figure surface-figure');
  private readonly legend = el('ul', 'chart-legend figure-legend');
  private readonly box = el('div', 'figure-box');
  private readonly canvas = el('canvas', 'surface-canvas');
  private readonly readout = el('div', 'figure-readout');
  private readonly caption = el('figcaption', 'figure-caption');
  private view: FigureView | null = null;
  private readonly redraw = new FrameTask(() => this.draw());
  private readonly resize = new ResizeObserver(() => this.redraw.request());

  constructor(private theme: ChartTheme) {
    this.canvas.setAttribute('role', 'img');
    this.readout.setAttribute('aria-live', 'polite');
    this.readout.textContent = 'Point at the surface to read its loss.';
    this.box.append(this.canvas);
    this.element.append(this.legend, this.box, this.readout, this.caption);
    this.canvas.addEventListener('mousemove', (event) => this.hover(event.offsetX, event.offsetY));
    this.resize.observe(this.box);
  }

  show(view: FigureView): void {
    const runsChanged = view.runs.map((run) => run.label).join('\n') !== this.view?.runs.map((run) => run.label).join('\n');
    this.view = view;
    setText(this.caption, view.caption);
    this.canvas.setAttribute('aria-label', view.caption);
    if (runsChanged) this.showLegend(view.runs);
    this.redraw.request();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    if (this.view) this.showLegend(this.view.runs);
    this.redraw.request();
  }

  dispose(): void {
    this.redraw.cancel();
    this.resize.disconnect();
  }

  private showLegend(runs: readonly FigureRun[]): void {
    this.legend.replaceChildren(
      ...runs.map((run) => {
        const item = el('li', 'legend-item');
        const swatch = el('span', 'legend-swatch');
        swatch.style.backgroundColor = seriesColour(this.theme, run.series);
        item.append(swatch, el('span', 'legend-label', run.label));
        return item;
      }),
    );
  }

  private plot(): Plot {
    const width = this.box.clientWidth;
    const height = this.box.clientHeight;
    return { left: MARGIN.left, top: MARGIN.top, width: Math.max(1, width - MARGIN.left - MARGIN.right), height: Math.max(1, height - MARGIN.top - MARGIN.bottom) };
  }

  private draw(): void {
    const view = this.view;
    const context = this.canvas.getContext('2d');
    if (!view || !context) return;
    const ratio = window.devicePixelRatio || 1;
    const [width, height] = [this.box.clientWidth, this.box.clientHeight];
    if (!width || !height) return;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const plot = this.plot();
    const { landscape } = view;
    const place = placer(landscape, plot);
    const shade = shader(landscape);
    drawHeat(context, landscape, plot, shade);
    drawContours(context, landscape, plot, shade);
    this.drawAxes(context, landscape, plot);
    const lowest = lowestPoint(landscape);
    if (lowest) drawMark(context, place([landscape.axes[0][lowest[0]], landscape.axes[1][lowest[1]]]), '#ffffff', 'cross');
    context.save();
    context.beginPath();
    context.rect(plot.left, plot.top, plot.width, plot.height);
    context.clip();
    for (const run of view.runs) {
      const colour = seriesColour(this.theme, run.series);
      const pixels = run.points.map((point) => place(point.at));
      context.lineJoin = 'round';
      for (const [stroke, lineWidth] of [['#ffffff', 4], [colour, 2]] as const) {
        context.strokeStyle = stroke;
        context.lineWidth = lineWidth;
        context.beginPath();
        pixels.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
        context.stroke();
      }
      const now = pixels.at(-1);
      if (now) drawMark(context, now, colour, 'dot');
    }
    if (view.start) drawMark(context, place(view.start.at), this.theme.text, 'diamond');
    for (const { series, point } of view.cursor) drawMark(context, place(point.at), seriesColour(this.theme, series), 'ring');
    context.restore();
  }

  private drawAxes(context: CanvasRenderingContext2D, landscape: Landscape, plot: Plot): void {
    const { theme } = this;
    const font = chartFont(theme);
    context.font = `${font.size}px ${font.family}`;
    context.fillStyle = theme.muted;
    context.strokeStyle = theme.grid;
    context.lineWidth = 1;
    context.strokeRect(plot.left, plot.top, plot.width, plot.height);
    const [across, up] = landscape.axes;
    const bottom = plot.top + plot.height;
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const tick of niceTicks(across[0], across[across.length - 1], 6)) {
      const x = plot.left + ((tick - across[0]) / (across[across.length - 1] - across[0])) * plot.width;
      context.fillText(formatNumber(tick, 3), x, bottom + 4);
    }
    context.fillText(landscape.variables[0], plot.left + plot.width / 2, bottom + 6 + font.size);
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const tick of niceTicks(up[0], up[up.length - 1], 5)) {
      const y = bottom - ((tick - up[0]) / (up[up.length - 1] - up[0])) * plot.height;
      context.fillText(formatNumber(tick, 3), plot.left - 6, y);
    }
    context.save();
    context.translate(12, plot.top + plot.height / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = 'center';
    context.fillText(landscape.variables[1], 0, 0);
    context.restore();
  }

  private hover(offsetX: number, offsetY: number): void {
    const view = this.view;
    if (!view) return;
    const plot = this.plot();
    const { axes, loss, variables } = view.landscape;
    const i = Math.round(((offsetX - plot.left) / plot.width) * (axes[0].length - 1));
    const j = Math.round(((plot.top + plot.height - offsetY) / plot.height) * (axes[1].length - 1));
    if (i < 0 || j < 0 || i >= axes[0].length || j >= axes[1].length) return;
    const at = `${variables[0]} = ${formatNumber(axes[0][i], 8)}, ${variables[1]} = ${formatNumber(axes[1][j], 8)}`;
    setText(this.readout, `L(${at}) = ${formatNumber(loss[i * axes[1].length + j], 8)}`);
  }
}

/** Where a point (a value per variable) lies on the canvas: the first variable across, the second up. */
function placer({ axes }: Landscape, plot: Plot): (at: readonly number[]) => [number, number] {
  const [across, up] = axes;
  return (at) => [
    plot.left + ((at[0] - across[0]) / (across[across.length - 1] - across[0])) * plot.width,
    plot.top + plot.height - ((at[1] - up[0]) / (up[up.length - 1] - up[0])) * plot.height,
  ];
}

interface Shader {
  /** 0 at the lowest loss, 1 at the highest, on a log scale: a valley's floor shows as well as its walls. */
  level(loss: number): number;
  colour(level: number): string;
  /** The loss at a level. */
  loss(level: number): number;
}

function shader({ loss }: Landscape): Shader {
  const finite = loss.filter((l): l is number => l !== null && Number.isFinite(l));
  const low = finite.length ? Math.min(...finite) : 0;
  const high = finite.length ? Math.max(...finite) : 1;
  const floor = (high - low) * 1e-4 || 1;
  const span = Math.log((high - low + floor) / floor);
  return {
    level: (l) => Math.min(1, Math.max(0, Math.log((l - low + floor) / floor) / span)),
    colour: (level) => {
      const at = level * (PALETTE.length - 1);
      const k = Math.min(PALETTE.length - 2, Math.floor(at));
      return mix(PALETTE[k], PALETTE[k + 1], at - k);
    },
    loss: (level) => low - floor + floor * Math.exp(level * span),
  };
}

function mix(from: string, to: string, share: number): string {
  const channel = (hex: string, k: number) => parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16);
  const rgb = [0, 1, 2].map((k) => Math.round(channel(from, k) + (channel(to, k) - channel(from, k)) * share));
  return `rgb(${rgb.join(', ')})`;
}

/** One cell per grid point, centred on it; a loss that was not finite is left blank. */
function drawHeat(context: CanvasRenderingContext2D, { axes, loss }: Landscape, plot: Plot, shade: Shader): void {
  const [columns, rows] = [axes[0].length, axes[1].length];
  const cellWidth = plot.width / (columns - 1);
  const cellHeight = plot.height / (rows - 1);
  context.save();
  context.beginPath();
  context.rect(plot.left, plot.top, plot.width, plot.height);
  context.clip();
  for (let i = 0; i < columns; i++) {
    for (let j = 0; j < rows; j++) {
      const value = loss[i * rows + j];
      if (value === null) continue;
      context.fillStyle = shade.colour(shade.level(value));
      context.fillRect(plot.left + (i - 0.5) * cellWidth, plot.top + plot.height - (j + 0.5) * cellHeight, cellWidth + 0.5, cellHeight + 0.5);
    }
  }
  context.restore();
}

/** Contour lines at evenly spaced levels of the heat map's log scale. */
function drawContours(context: CanvasRenderingContext2D, { axes, loss }: Landscape, plot: Plot, shade: Shader): void {
  const [columns, rows] = [axes[0].length, axes[1].length];
  // d3-contour reads its values row by row, x fastest: loss[i * rows + j] is its (x = j, y = i).
  const values = loss.map((l) => (l === null ? Infinity : l));
  const thresholds = Array.from({ length: CONTOUR_LEVELS - 1 }, (_, k) => shade.loss((k + 1) / CONTOUR_LEVELS));
  const toPixel = (j: number, i: number): [number, number] => [
    plot.left + ((i - 0.5) / (columns - 1)) * plot.width,
    plot.top + plot.height - ((j - 0.5) / (rows - 1)) * plot.height,
  ];
  context.save();
  context.beginPath();
  context.rect(plot.left, plot.top, plot.width, plot.height);
  context.clip();
  context.strokeStyle = 'rgba(255, 255, 255, 0.45)';
  context.lineWidth = 1;
  for (const shape of contours().size([rows, columns]).thresholds(thresholds)(values)) {
    context.beginPath();
    for (const polygon of shape.coordinates) {
      for (const ring of polygon) {
        ring.forEach(([x, y], k) => {
          const [px, py] = toPixel(x, y);
          if (k === 0) context.moveTo(px, py);
          else context.lineTo(px, py);
        });
      }
    }
    context.stroke();
  }
  context.restore();
}

function drawMark(context: CanvasRenderingContext2D, [x, y]: [number, number], colour: string, shape: 'dot' | 'diamond' | 'cross' | 'ring'): void {
  context.save();
  context.fillStyle = colour;
  context.strokeStyle = shape === 'cross' ? colour : '#ffffff';
  context.lineWidth = 2;
  context.beginPath();
  if (shape === 'ring') {
    context.strokeStyle = colour;
    context.lineWidth = 3;
    context.arc(x, y, 9, 0, 2 * Math.PI);
    context.stroke();
    context.restore();
    return;
  }
  if (shape === 'dot') context.arc(x, y, 5, 0, 2 * Math.PI);
  else if (shape === 'diamond') {
    context.moveTo(x, y - 7);
    context.lineTo(x + 7, y);
    context.lineTo(x, y + 7);
    context.lineTo(x - 7, y);
    context.closePath();
  } else {
    context.moveTo(x - 5, y - 5);
    context.lineTo(x + 5, y + 5);
    context.moveTo(x + 5, y - 5);
    context.lineTo(x - 5, y + 5);
    context.stroke();
    context.restore();
    return;
  }
  context.fill();
  context.stroke();
  context.restore();
}
