// The lesson's figures of one run cell: once the trainer has said where a run starts, a landscape
// worker computes the loss over its one or two scalar variables, and the figure (the error curve,
// or the surface) draws every run's path on it. The landscape is asked for again only when a start
// or the path leaves its range.
import { holdsPoint } from '../../src/shared/landscapeRange';
import { figureCaption } from '../../src/shared/landscapeText';
import type { Landscape } from '../../src/shared/protocol';
import type { RunState } from '../../src/shared/runState';
import { componentValue } from '../../src/shared/variableComponents';
import { downhillText } from '../../src/shared/wording';
import { CurveFigure } from './curveFigure';
import { el, setText } from './dom';
import { pathPoints, PathExtent, pointOfEpoch, slopePoint, startAt } from './figurePath';
import { FrameTask } from './frame';
import type { Figure } from './figureView';
import type { LandscapeListener, LandscapeWorker } from './landscapeWorker';
import { SurfaceFigure } from './surfaceFigure';
import type { ChartTheme } from './theme';

/** Starts the landscape worker of a cell's request, given whom it answers. */
export type LandscapeSource = (listener: LandscapeListener) => Pick<LandscapeWorker, 'ask' | 'idle' | 'stop'>;

/** Points a path is drawn with, at most (about). */
const PATH_POINTS = 400;

export class RunFigures {
  readonly element = el('div', 'run-figures');
  private readonly downhill = el('p', 'figure-downhill');
  private readonly notice = el('p', 'figure-notice');
  private state: RunState | null = null;
  /** The drawn variables, from the first start the trainer reports. */
  private variables: string[] | null = null;
  private readonly extents = new Map<number, PathExtent>();
  private worker: ReturnType<LandscapeSource> | null = null;
  private landscape: Landscape | null = null;
  /** The landscape cannot be computed: nothing more is asked. */
  private failed = false;
  private figure: Figure | null = null;
  private readonly refresh = new FrameTask(() => this.draw());
  /** The epoch the learner scrubbed to; null for none. */
  private cursor: number | null = null;

  constructor(
    private theme: ChartTheme,
    private readonly source: LandscapeSource,
  ) {
    this.element.hidden = true;
    this.downhill.setAttribute('role', 'note');
    this.element.append(this.downhill, this.notice);
  }

  update(state: RunState): void {
    this.state = state;
    const variables = this.variablesToDraw();
    if (!variables) return;
    for (const plan of state.plans) {
      let extent = this.extents.get(plan.plan.index);
      if (!extent) this.extents.set(plan.plan.index, (extent = new PathExtent(variables)));
      extent.update(plan);
    }
    if (this.worker) {
      const holding = this.holding();
      const landscape = this.landscape;
      if (!landscape || !holding.every((point) => holdsPoint(landscape, point))) this.worker.ask({ variables, holding, values: {} });
      else if (this.ended() && this.worker.idle) this.stopWorker();
    }
    this.refresh.request();
  }

  setCursor(epoch: number | null): void {
    this.cursor = epoch;
    this.refresh.request();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.figure?.setTheme(theme);
  }

  dispose(): void {
    this.refresh.cancel();
    this.stopWorker();
    this.figure?.dispose();
  }

  /**
   * The variables the figure draws, once the first start names them; the landscape worker is
   * started then. Null while unknown, or when there is nothing to draw.
   */
  private variablesToDraw(): string[] | null {
    if (this.variables) return drawable(this.variables) && !this.failed ? this.variables : null;
    const first = this.state?.plans.find((plan) => plan.start)?.start;
    if (!first) return null;
    this.variables = first.variables;
    if (!drawable(this.variables)) return null;
    this.worker = this.source({ landscape: (landscape) => this.received(landscape), unavailable: (reason) => this.unavailable(reason) });
    return this.variables;
  }

  /** Every start, and the corners of every path so far. */
  private holding(): number[][] {
    const starts = (this.state?.plans ?? []).flatMap((plan) => {
      const at = startAt(plan);
      return at ? [at] : [];
    });
    return [...starts, ...[...this.extents.values()].flatMap((extent) => extent.corners())];
  }

  private received(landscape: Landscape): void {
    this.landscape = landscape;
    if (this.state) this.update(this.state);
  }

  private unavailable(reason: string): void {
    this.failed = true;
    this.stopWorker();
    setText(this.notice, `No loss curve: ${reason}`);
    this.element.hidden = false;
  }

  private ended(): boolean {
    const status = this.state?.status;
    return status !== undefined && status !== 'starting' && status !== 'live';
  }

  private stopWorker(): void {
    this.worker?.stop();
    this.worker = null;
  }

  private draw(): void {
    const { state, landscape, variables } = this;
    if (!state || !landscape || !variables) return;
    const runs = state.plans.map((plan, series) => {
      const points = pathPoints(plan, variables, startAt(plan), PATH_POINTS);
      // A finished run ends where it left the variables, at the loss measured there; a paused
      // one where it holds, as the trainer measured it for its slope.
      const end = plan.result && variables.map((name) => componentValue(plan.result?.variables ?? {}, name));
      const finalLoss = plan.result?.finalLoss ?? null;
      const held = plan.slope && plan.epoch > 0 && plan.slope.epoch === plan.epoch ? slopePoint(plan.slope) : null;
      if (end && finalLoss !== null && end.every((v): v is number => v !== null)) points.push({ at: end, loss: finalLoss });
      else if (held) points.push(held);
      return { label: plan.plan.label, series, points, steps: plan.epoch };
    });
    const start = state.plans[0]?.start ? slopePoint(state.plans[0].start) : null;
    const caption = figureCaption(landscape, start, runs.map((run) => ({ label: run.label, steps: run.steps, now: run.points.at(-1) ?? null })));
    const shown = state.plans.find((plan) => plan.plan.index === (state.paused?.run ?? state.current)) ?? state.plans[0];
    const slope = shown?.slope ?? null;
    this.figure ??= this.addFigure(variables.length);
    const point = slope && slopePoint(slope);
    const gradient = slope?.gradient.every((g): g is number => g !== null && Number.isFinite(g)) ? slope.gradient : null;
    const cursor = this.cursor;
    const marks = cursor === null ? [] : state.plans.flatMap((plan, series) => {
      const at = pointOfEpoch(plan, variables, startAt(plan), cursor);
      return at ? [{ series, point: at }] : [];
    });
    this.figure.show({ landscape, start, runs, slope: point && gradient ? { ...point, gradient } : null, caption, cursor: marks });
    setText(this.downhill, slope && shown ? downhillText(slope, shown.plan) : '');
    this.element.hidden = false;
  }

  private addFigure(dimensions: number): Figure {
    const figure = dimensions === 1 ? new CurveFigure(this.theme) : new SurfaceFigure(this.theme);
    this.element.prepend(figure.element);
    return figure;
  }
}

/** One variable gets the error curve, two the surface; more get a slice of it, not yet drawn. */
function drawable(variables: readonly string[]): boolean {
  return variables.length === 1 || variables.length === 2;
}
