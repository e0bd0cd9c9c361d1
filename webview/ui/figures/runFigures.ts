// The lesson's figures of one run cell: once the trainer has said where a run starts, a landscape
// worker computes the loss over its one or two scalar components (variables, or a small tensor's
// elements; with more, a slice through two the learner picks, the others held where the run has them), and the figure (the error curve, or
// the surface) draws every run's path on it. The landscape is asked for again only when a start or
// the path leaves its range, or the learner picks another slice.
import { holdsPoint } from '../../../src/shared/landscapeRange';
import { figureCaption } from '../../../src/shared/landscapeText';
import type { Landscape, PlayChange, Value } from '../../../src/shared/protocol';
import { currentPlan, type RunState } from '../../../src/shared/runState';
import { componentValue, parseComponentName } from '../../../src/shared/variableComponents';
import { slopeLines } from '../../../src/shared/wording';
import { CurveFigure } from './curveFigure';
import { el, setText } from '../base/dom';
import { pathPoints, PathExtent, pointOfEpoch, slopePoint, startAt, stepLanding } from '../base/figurePath';
import { FrameTask } from '../base/frame';
import { FIGURE_VARIABLES, type Figure } from './figureView';
import type { LandscapeListener, LandscapeWorker } from '../workers/landscapeWorker';
import { SlicePicker } from './slicePicker';
import { PlaySliders } from './playSliders';
import { StartPlay, type PreviewContext } from './startPlay';
import { SurfaceFigure } from './surfaceFigure';
import type { ChartTheme } from '../base/theme';

/** Starts the landscape worker of a cell's request, given whom it answers. */
export type LandscapeSource = (listener: LandscapeListener) => Pick<LandscapeWorker, 'ask' | 'idle' | 'stop' | 'preview'>;

/** Points a path is drawn with, at most (about). */
const PATH_POINTS = 400;

export class RunFigures {
  readonly element = el('div', 'run-figures');
  private readonly downhill = el('p', 'figure-downhill');
  private readonly notice = el('p', 'figure-notice');
  private state: RunState | null = null;
  /** Every path variable, from the first start the trainer reports. */
  private all: string[] | null = null;
  /** The drawn ones: all of them, or the slice's two. */
  private variables: string[] = [];
  private picker: SlicePicker | null = null;
  private readonly extents = new Map<number, PathExtent>();
  private worker: ReturnType<LandscapeSource> | null = null;
  private landscape: Landscape | null = null;
  /** The variables off the slice, where the request in flight holds them, and where the drawn landscape does. */
  private asked: Record<string, Value> = {};
  private landscapeHeld: Record<string, Value> = {};
  /** The landscape cannot be computed: nothing more is asked. */
  private failed = false;
  private figure: Figure | null = null;
  private readonly refresh = new FrameTask(() => this.draw());
  /** The epoch the learner scrubbed to; null for none. */
  private cursor: number | null = null;

  private readonly startPlay: StartPlay;
  private sliders: PlaySliders | null = null;

  constructor(
    private theme: ChartTheme,
    private readonly source: LandscapeSource,
    /** A real run from where the learner let go of the start. */
    play: (change: PlayChange) => void,
  ) {
    this.element.hidden = true;
    this.downhill.setAttribute('role', 'note');
    this.startPlay = new StartPlay(
      {
        preview: (question, answer) => this.landscapeWorker().preview(question, answer),
        question: () => this.previewQuestion(),
        start: () => (this.state?.plans[0] ? startAt(this.state.plans[0], this.variables) : null),
        redraw: () => this.refresh.request(),
      },
      play,
    );
    this.element.append(this.downhill, this.startPlay.element, this.notice);
  }

  update(state: RunState): void {
    this.state = state;
    if (!this.ready()) return;
    const { variables } = this;
    for (const plan of state.plans) {
      let extent = this.extents.get(plan.plan.index);
      if (!extent) this.extents.set(plan.plan.index, (extent = new PathExtent(variables)));
      extent.update(plan);
    }
    const holding = this.holding();
    const landscape = this.landscape;
    const held = this.held();
    // A slice is held where the run was when it was asked for; once the run ends or pauses, where it is.
    const heldElsewhere = (this.ended() || state.paused !== null) && JSON.stringify(held) !== JSON.stringify(this.landscapeHeld);
    if (!landscape || heldElsewhere || !holding.every((point) => holdsPoint(landscape, point))) {
      if (this.landscapeWorker().ask({ variables, holding, values: held })) this.asked = held;
    } else if (this.ended() && this.worker?.idle) this.stopWorker();
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

  /** Whether the figure knows what it draws: once the first start names the path's variables. */
  private ready(): boolean {
    if (this.failed) return false;
    if (this.all) return true;
    const first = this.state?.plans.find((plan) => plan.start)?.start;
    if (!first || first.variables.length === 0) return false;
    this.all = first.variables;
    this.variables = this.all.slice(0, FIGURE_VARIABLES);
    if (this.all.length > FIGURE_VARIABLES) {
      this.picker = new SlicePicker(this.all, [this.all[0], this.all[1]], (pair) => this.slice(pair));
      this.element.prepend(this.picker.element);
    }
    return true;
  }

  private slice(pair: string[]): void {
    this.variables = pair;
    this.landscape = null;
    this.extents.clear();
    if (this.state) this.update(this.state);
  }

  /** The components off the slice. */
  private offSlice(): string[] {
    return (this.all ?? []).filter((name) => !this.variables.includes(name));
  }

  /** The variables with a component off the slice, whole, where the current run has them: the slice's own components are moved over them. */
  private held(): Record<string, Value> {
    const current = this.state && (currentPlan(this.state) ?? this.state.plans[0]);
    const values = current?.variables ?? {};
    const variables = new Set(this.offSlice().map((name) => parseComponentName(name)?.variable ?? name));
    return Object.fromEntries([...variables].filter((name) => name in values).map((name) => [name, values[name]]));
  }

  /** Where the drawn landscape holds each component off the slice. */
  private heldComponents(): Record<string, number> {
    return Object.fromEntries(this.offSlice().flatMap((name) => {
      const value = componentValue(this.landscapeHeld, name);
      return value === null ? [] : [[name, value]];
    }));
  }

  /** Every start, and the corners of every path so far. */
  private holding(): number[][] {
    const starts = (this.state?.plans ?? []).flatMap((plan) => {
      const at = startAt(plan, this.variables);
      return at ? [at] : [];
    });
    return [...starts, ...[...this.extents.values()].flatMap((extent) => extent.corners())];
  }

  private received(landscape: Landscape): void {
    // An answer for the slice before the learner picked another is left unread.
    if (landscape.variables.join() === this.variables.join()) {
      this.landscape = landscape;
      this.landscapeHeld = this.asked;
    }
    if (this.state) this.update(this.state);
  }

  private unavailable(reason: string): void {
    this.failed = true;
    this.stopWorker();
    setText(this.notice, `No loss ${this.variables.length === 1 ? 'curve' : 'surface'}: ${reason}`);
    this.element.hidden = false;
  }

  private ended(): boolean {
    const status = this.state?.status;
    return status !== undefined && status !== 'starting' && status !== 'live';
  }

  private landscapeWorker(): ReturnType<LandscapeSource> {
    this.worker ??= this.source({ landscape: (answer) => this.received(answer), unavailable: (reason) => this.unavailable(reason) });
    return this.worker;
  }

  /** What a preview asks, but the start: each run's optimizer for as many epochs as the longest ran. */
  private previewQuestion(): ReturnType<PreviewContext['question']> {
    const plans = this.state?.plans ?? [];
    if (!this.ended() || plans.length === 0) return null;
    const epochs = Math.max(...plans.map(({ plan, epoch }) => plan.epochs || epoch));
    return epochs > 0 ? { variables: this.variables, values: this.held(), optimizers: plans.map(({ plan }) => plan.optimizer), epochs } : null;
  }

  private stopWorker(): void {
    this.worker?.stop();
    this.worker = null;
  }

  private draw(): void {
    const { state, landscape, variables } = this;
    if (!state || !landscape) return;
    const runs = state.plans.map((plan, series) => {
      const points = pathPoints(plan, variables, startAt(plan, variables), PATH_POINTS);
      // A finished run ends where it left the variables, at the loss measured there; a paused
      // one where it holds, as the trainer measured it for its slope.
      const end = plan.result && variables.map((name) => componentValue(plan.result?.variables ?? {}, name));
      const finalLoss = plan.result?.finalLoss ?? null;
      const held = plan.slope && plan.epoch > 0 && plan.slope.epoch === plan.epoch ? slopePoint(plan.slope, variables) : null;
      if (end && finalLoss !== null && end.every((v): v is number => v !== null)) points.push({ at: end, loss: finalLoss });
      else if (held) points.push(held);
      return { label: plan.plan.label, series, points, steps: plan.epoch };
    });
    const start = state.plans[0]?.start ? slopePoint(state.plans[0].start, variables) : null;
    const caption = figureCaption(
      landscape,
      start,
      runs.map((run) => ({ label: run.label, steps: run.steps, now: run.points.at(-1) ?? null })),
      this.heldComponents(),
    );
    const shown = state.plans.find((plan) => plan.plan.index === (state.paused?.run ?? state.current)) ?? state.plans[0];
    const slope = shown?.slope ?? null;
    this.figure ??= this.addFigure(variables.length);
    const point = slope && slopePoint(slope, variables);
    const gradient = slope && variables.map((name) => slope.gradient[slope.variables.indexOf(name)] ?? null);
    const cursor = this.cursor;
    const marks = cursor === null ? [] : state.plans.flatMap((plan, series) => {
      const at = pointOfEpoch(plan, variables, startAt(plan, variables), cursor);
      return at ? [{ series, point: at }] : [];
    });
    const landing = slope && stepLanding(slope);
    const next = landing && variables.map((name) => landing[slope.variables.indexOf(name)] ?? null);
    const slopeView =
      point && gradient?.every((g): g is number => g !== null && Number.isFinite(g))
        ? { ...point, gradient, next: next?.every((v): v is number => v !== null && Number.isFinite(v)) ? next : null }
        : null;
    const canPlay = this.previewQuestion() !== null;
    this.figure.show({ landscape, start, runs, slope: slopeView, caption, cursor: marks, previews: this.startPlay.previews, canPlay });
    if (canPlay && !this.sliders) {
      this.sliders = new PlaySliders(state.plans.map(({ plan }) => plan), (tweak) => this.startPlay.slide(tweak), (tweak) => this.startPlay.slid(tweak));
      this.startPlay.element.before(this.sliders.element);
    }
    setText(this.downhill, slope && shown ? slopeLines(slope, shown.plan).join('\n') : '');
    this.element.hidden = false;
  }

  private addFigure(dimensions: number): Figure {
    const figure = dimensions === 1 ? new CurveFigure(this.theme, this.startPlay) : new SurfaceFigure(this.theme, this.startPlay);
    this.downhill.before(figure.element);
    return figure;
  }
}
