// What a run cell's figure is given to draw: the landscape, every run's path on it, the start,
// the point where the trainer last worked out which way is down, and the caption with its numbers.
import type { Landscape } from '../../../src/shared/protocol';
import type { PathPoint } from '../base/figurePath';
import type { ChartTheme } from '../base/theme';

/** A figure draws one or two variables: the error curve, or the surface; more get a slice of it, and a chart each. */
export const FIGURE_VARIABLES = 2;

export interface FigureRun {
  label: string;
  /** Its place among the cell's runs: its colour. */
  series: number;
  points: PathPoint[];
}

export interface FigureView {
  landscape: Landscape;
  start: PathPoint | null;
  runs: FigureRun[];
  /** A point with dL/dv there for each variable, and where the next step lands when the trainer knows (sgd ahead, or the step it took apart). */
  slope: (PathPoint & { gradient: number[]; next: number[] | null }) | null;
  caption: string;
  /** Each run's point at the epoch the learner scrubbed to, by its series. */
  cursor: { series: number; point: PathPoint }[];
  /** Where each run would go from the start the learner is dragging: dashed, by series. */
  previews: { series: number; points: PathPoint[] }[];
  /** Whether the learner may take the start (the runs have ended and a run from elsewhere can start). */
  canPlay: boolean;
}

export interface Figure {
  readonly element: HTMLElement;
  show(view: FigureView): void;
  setTheme(theme: ChartTheme): void;
  dispose(): void;
}
