// What taking a finished run's start does: while it moves, the path each run would take from
// there, previewed by the cell's landscape worker (the newest point wins), drawn dashed and said
// in words; let go, a real run from there as a new cell (three significant digits, as Use in
// scratch writes them).
import { playRate, playStart, type OptimizerSpec, type PlayChange, type PreviewPoint } from '../../../src/shared/protocol';
import { optimizerLabel, previewText } from '../../../src/shared/wording';
import { el, setText } from '../base/dom';
import { markPreview } from '../base/runMarks';
import type { PathPoint } from '../base/figurePath';
import type { PreviewQuestion } from '../workers/landscapeWorker';
import type { StartDrag } from './startHandle';

/** The numbers the sliders give: each run's rate times a factor, and optimizer options. */
export type Tweak = Pick<PlayChange, 'rateFactor' | 'options'>;

const NO_TWEAK: Tweak = { rateFactor: 1, options: {} };

/** A run's optimizer with the slid numbers: its rate times the factor, and the options it has. */
function tweaked(spec: OptimizerSpec, { rateFactor, options }: Tweak): OptimizerSpec {
  const own = Object.fromEntries(Object.entries(options).filter(([option]) => typeof spec.options[option] === 'number'));
  return { ...spec, learningRate: playRate(spec.learningRate, rateFactor), options: { ...spec.options, ...own } };
}

/** What the figures know that a preview needs: the worker, and the runs' variables, optimizers and epochs. */
export interface PreviewContext {
  preview(question: PreviewQuestion, answer: (paths: PreviewPoint[][]) => void): void;
  /** The question for a start, without it; null when the runs cannot be previewed. */
  question(): Omit<PreviewQuestion, 'start'> | null;
  /** The start of the runs, a value per drawn variable. */
  start(): number[] | null;
  redraw(): void;
}

export class StartPlay implements StartDrag {
  readonly element = el('p', 'figure-preview');
  private shown: { series: number; points: PathPoint[] }[] = [];
  /** Whether the learner is moving the start or a slider: answers that come after the release are not drawn. */
  private moving = false;
  /** Where the start is taken to; null: where the runs started. */
  private taken: number[] | null = null;
  private tweak: Tweak = NO_TWEAK;

  constructor(
    private readonly context: PreviewContext,
    private readonly play: (change: PlayChange) => void,
  ) {
    this.element.setAttribute('role', 'status');
    this.element.hidden = true;
  }

  get previews(): { series: number; points: PathPoint[] }[] {
    return this.shown;
  }

  move(at: number[]): void {
    this.taken = at;
    this.previewFrom(at);
  }

  /** A slider moved: the paths with these numbers, from the start (or where it is taken). */
  slide(tweak: Tweak): void {
    this.tweak = tweak;
    const from = this.taken ?? this.context.start();
    if (from) this.previewFrom(from);
  }

  /** A slider let go: a real run with its numbers. */
  slid(tweak: Tweak): void {
    this.tweak = tweak;
    this.release(this.taken ?? this.context.start() ?? []);
  }

  private previewFrom(at: number[]): void {
    const asked = this.context.question();
    if (!asked) return;
    const question = { ...asked, optimizers: asked.optimizers.map((spec) => tweaked(spec, this.tweak)) };
    this.moving = true;
    this.context.preview({ ...question, start: at }, (paths) => {
      if (!this.moving) return;
      this.shown = paths.map((points, series) => ({ series, points: points.filter(isFinitePoint) }));
      const ends = paths.map((points, series) => ({ label: optimizerLabel(question.optimizers[series]), at: points.at(-1)?.at ?? [], loss: points.at(-1)?.loss ?? null }));
      setText(this.element, previewText(question.variables, at, ends, question.epochs));
      this.element.hidden = false;
      this.context.redraw();
      markPreview();
    });
  }

  release(at: number[]): void {
    const start = this.context.start();
    const question = this.context.question();
    const { rateFactor, options } = this.tweak;
    this.cancel();
    if (!start || !question) return;
    const moved = question.variables.flatMap((name, k) => (at[k] === undefined || playStart(at[k]) === playStart(start[k]) ? [] : [[name, playStart(at[k])] as const]));
    if (moved.length || rateFactor !== 1 || Object.keys(options).length) this.play({ start: Object.fromEntries(moved), rateFactor, options });
  }

  cancel(): void {
    this.moving = false;
    this.taken = null;
    this.shown = [];
    setText(this.element, '');
    this.element.hidden = true;
    this.context.redraw();
  }
}

function isFinitePoint(point: PreviewPoint): point is PathPoint {
  return point.loss !== null && point.at.every((v) => v !== null);
}
