// The loss surface over two scalar variables: seen from above, a heat map of the learner's loss
// with contour lines (d3-contour), or in 3-D, a wireframe turned with the mouse or the arrow keys;
// each run's path across it in its run's colour with a legend, the start, where each run is now,
// the lowest grid point and, where the trainer worked it out, where the next step goes. Hovering
// the map reads the loss at the nearest grid point.
import { contours } from 'd3-contour';
import { lowestPoint } from '../../../src/shared/landscapeRange';
import type { Landscape } from '../../../src/shared/protocol';
import { formatNumber } from '../../../src/shared/wording';
import { chartFont, seriesColour } from '../charts/chartStyle';
import { el, setText } from '../base/dom';
import type { Figure, FigureRun, FigureView } from './figureView';
import { StartHandle, type StartDrag } from './startHandle';
import { FrameTask } from '../base/frame';
import { shader, type Shader } from './lossShade';
import { drawPaths3d, drawWireframe, projector, START_TURN, turned, type Turn } from './surface3d';
import { niceTicks } from '../charts/niceTicks';
import type { ChartTheme } from '../base/theme';

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
  private readonly viewToggle = el('button', 'secondary-button view-toggle', '3-D view');
  /** Null: the map from above. */
  private turn: Turn | null = null;
  private readonly box = el('div', 'figure-box');
  private readonly canvas = el('canvas', 'surface-canvas');
  private readonly readout = el('div', 'figure-readout');
  private readonly caption = el('figcaption', 'figure-caption');
  private view: FigureView | null = null;
  private readonly redraw = new FrameTask(() => this.draw());
  private readonly resize = new ResizeObserver(() => this.redraw.request());
  private readonly handle: StartHandle;

  constructor(
    private theme: ChartTheme,
    drag: StartDrag,
  ) {
    this.canvas.setAttribute('role', 'img');
    this.readout.setAttribute('aria-live', 'polite');
    this.promptReadout();
    const axes = () => this.view?.landscape.axes ?? [[0, 1], [0, 1]];
    this.handle = new StartHandle(() => this.view?.landscape.variables ?? [], {
      pixelOf: (at) => {
        if (this.turn || !this.view) return null;
        const [x, y] = placer(this.view.landscape, this.plot())(at);
        return { x, y };
      },
      pointAt: (px, py) => {
        const plot = this.plot();
        const shares = [(px - plot.left) / plot.width, (plot.top + plot.height - py) / plot.height];
        return axes().map((axis, k) => axis[0] + Math.min(1, Math.max(0, shares[k])) * (axis[axis.length - 1] - axis[0]));
      },
      steps: () => axes().map((axis) => axis[1] - axis[0]),
    }, drag);
    this.box.append(this.canvas, this.handle.element);
    const bar = el('div', 'chart-toolbar');
    this.viewToggle.type = 'button';
    this.viewToggle.setAttribute('aria-pressed', 'false');
    this.viewToggle.addEventListener('click', () => this.setTurn(this.turn ? null : START_TURN));
    bar.append(this.legend, this.viewToggle);
    this.element.append(bar, this.box, this.readout, this.caption);
    this.canvas.tabIndex = 0;
    // Read from the box, so that pointing at the start handle over the canvas reads the loss there too.
    this.box.addEventListener('pointermove', (event) => {
      if (this.turn) return;
      const canvas = this.canvas.getBoundingClientRect();
      this.hover(event.clientX - canvas.left, event.clientY - canvas.top);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (this.turn && event.buttons & 1) this.setTurn(turned(this.turn, event.movementX * 0.01, event.movementY * 0.01));
    });
    this.canvas.addEventListener('pointerdown', (event) => {
      if (this.turn) this.canvas.setPointerCapture(event.pointerId);
    });
    this.canvas.addEventListener('keydown', (event) => {
      const step = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, 0.1], ArrowDown: [0, -0.1] }[event.key];
      if (!this.turn || !step) return;
      event.preventDefault();
      this.setTurn(turned(this.turn, step[0], step[1]));
    });
    this.resize.observe(this.box);
  }

  show(view: FigureView): void {
    const runsChanged = view.runs.map((run) => run.label).join('\n') !== this.view?.runs.map((run) => run.label).join('\n');
    // A new landscape (another slice, other values held, a larger range) makes a reading of the last one stale.
    if (view.landscape !== this.view?.landscape) this.promptReadout();
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

  /** Turns the 3-D view (null: back to the map from above). */
  private setTurn(turn: Turn | null): void {
    const toggled = (turn === null) !== (this.turn === null);
    this.turn = turn;
    if (toggled) {
      this.viewToggle.setAttribute('aria-pressed', String(turn !== null));
      setText(this.viewToggle, turn ? 'Map' : '3-D view');
      this.promptReadout();
      this.element.classList.toggle('turned', turn !== null);
    }
    this.redraw.request();
  }

  private promptReadout(): void {
    setText(this.readout, this.turn ? 'Drag the surface, or use the arrow keys, to turn it.' : 'Point at the surface to read its loss.');
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
    this.handle.show(view.start?.at ?? null, view.canPlay && !this.turn);
    const { landscape } = view;
    const shade = shader(landscape);
    if (this.turn) return this.draw3d(context, view, shade);
    const place = placer(landscape, plot);
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
    context.setLineDash([6, 4]);
    for (const { series, points } of view.previews) {
      context.strokeStyle = seriesColour(this.theme, series);
      context.lineWidth = 3;
      context.beginPath();
      points.map((point) => place(point.at)).forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      context.stroke();
      const end = points.at(-1);
      if (end) drawMark(context, place(end.at), seriesColour(this.theme, series), 'cross');
    }
    context.setLineDash([]);
    if (view.start) drawMark(context, place(view.start.at), this.theme.text, 'diamond');
    for (const { series, point } of view.cursor) drawMark(context, place(point.at), seriesColour(this.theme, series), 'ring');
    if (view.slope?.next) drawStep(context, place(view.slope.at), place(view.slope.next), this.theme.text);
    context.restore();
  }

  private draw3d(context: CanvasRenderingContext2D, view: FigureView, shade: Shader): void {
    const box = { left: 0, top: 0, width: this.box.clientWidth, height: this.box.clientHeight };
    const turn = this.turn ?? START_TURN;
    const place = projector(view.landscape, box, turn);
    drawWireframe(context, view.landscape, place, shade);
    const colourOf = (series: number) => seriesColour(this.theme, series);
    drawPaths3d(context, view, place, shade, colourOf);
    const at = (point: { at: readonly number[]; loss: number }) => place(point.at, shade.level(point.loss));
    for (const run of view.runs) {
      const now = run.points.at(-1);
      if (now) drawMark(context, at(now), colourOf(run.series), 'dot');
    }
    if (view.start) drawMark(context, at(view.start), this.theme.text, 'diamond');
    for (const { series, point } of view.cursor) drawMark(context, at(point), colourOf(series), 'ring');
    // The axes' names at the ends of their edges, where the turn has put them.
    const font = chartFont(this.theme);
    context.font = `${font.size}px ${font.family}`;
    context.fillStyle = this.theme.muted;
    const [across, up] = view.landscape.axes;
    const [ax, ay] = place([across[across.length - 1], up[0]], 0);
    const [bx, by] = place([across[0], up[up.length - 1]], 0);
    context.fillText(view.landscape.variables[0], ax + 6, ay + 12);
    context.fillText(view.landscape.variables[1], bx - 6 - context.measureText(view.landscape.variables[1]).width, by + 12);
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

/** Where the next step goes from a point: a line with an arrowhead where it lands. */
function drawStep(context: CanvasRenderingContext2D, [x0, y0]: [number, number], [x1, y1]: [number, number], colour: string): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const head = 8;
  context.save();
  context.strokeStyle = colour;
  context.fillStyle = colour;
  context.lineWidth = 2;
  context.setLineDash([4, 3]);
  context.beginPath();
  context.moveTo(x0, y0);
  context.lineTo(x1, y1);
  context.stroke();
  context.setLineDash([]);
  context.beginPath();
  context.moveTo(x1, y1);
  context.lineTo(x1 - head * Math.cos(angle - 0.4), y1 - head * Math.sin(angle - 0.4));
  context.lineTo(x1 - head * Math.cos(angle + 0.4), y1 - head * Math.sin(angle + 0.4));
  context.closePath();
  context.fill();
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
