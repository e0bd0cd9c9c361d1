// What taking a finished run's start does: while it moves, the path each run would take from
// there, previewed by the cell's landscape worker (the newest point wins), drawn dashed and said
// in words; let go, a real run from there as a new cell (three significant digits, as Use in
// scratch writes them).
import { playStart, type PlayChange, type PreviewPoint } from '../../../src/shared/protocol';
import { previewText } from '../../../src/shared/wording';
import { el, setText } from '../base/dom';
import type { PathPoint } from '../base/figurePath';
import type { PreviewQuestion } from '../workers/landscapeWorker';
import type { StartDrag } from './startHandle';

/** What the figures know that a preview needs: the worker, and the runs' variables, optimizers and epochs. */
export interface PreviewContext {
  preview(question: PreviewQuestion, answer: (paths: PreviewPoint[][]) => void): void;
  /** The question for a start, without it; null when the runs cannot be previewed. */
  question(): Omit<PreviewQuestion, 'start'> | null;
  /** The runs' labels, by series. */
  labels(): string[];
  /** The start of the runs, a value per drawn variable. */
  start(): number[] | null;
  redraw(): void;
}

export class StartPlay implements StartDrag {
  readonly element = el('p', 'figure-preview');
  private shown: { series: number; points: PathPoint[] }[] = [];
  /** Whether the learner is moving the start: answers that come after the release are not drawn. */
  private moving = false;

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
    const question = this.context.question();
    if (!question) return;
    this.moving = true;
    this.context.preview({ ...question, start: at }, (paths) => {
      if (!this.moving) return;
      this.shown = paths.map((points, series) => ({ series, points: points.filter(isFinitePoint) }));
      const labels = this.context.labels();
      const ends = paths.map((points, series) => ({ label: labels[series] ?? '', at: points.at(-1)?.at ?? [], loss: points.at(-1)?.loss ?? null }));
      setText(this.element, previewText(question.variables, at, ends, question.epochs));
      this.element.hidden = false;
      this.context.redraw();
    });
  }

  release(at: number[]): void {
    const start = this.context.start();
    const question = this.context.question();
    this.cancel();
    if (!start || !question) return;
    const moved = question.variables.flatMap((name, k) => (playStart(at[k]) === playStart(start[k]) ? [] : [[name, playStart(at[k])] as const]));
    if (moved.length) this.play({ start: Object.fromEntries(moved), rateFactor: 1, options: {} });
  }

  cancel(): void {
    this.moving = false;
    this.shown = [];
    setText(this.element, '');
    this.element.hidden = true;
    this.context.redraw();
  }
}

function isFinitePoint(point: PreviewPoint): point is PathPoint {
  return point.loss !== null && point.at.every((v) => v !== null);
}
