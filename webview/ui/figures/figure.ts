// What every figure of a run cell is given and offers. A cell's RunFigures (runFigures.ts) picks
// the figures for its scratch's variables, keeps the landscape its worker computed, and hands
// every figure the same view at most once a frame.
import type { Landscape } from '../../../src/shared/protocol';
import type { RunState } from '../../../src/shared/runState';
import type { ChartTheme } from '../theme';

export interface FigureView {
  /** The request's run state: each plan's losses and path (batched Float32Arrays), slope, result; the pause. */
  state: RunState;
  /** The loss over the latest grid of the figure's variables; null until the landscape worker answers. */
  landscape: Landscape | null;
  /** The epoch the scrubber is on (0: the start), or null to follow the run. */
  cursor: number | null;
}

export interface Figure {
  readonly element: HTMLElement;
  /** Draws the view; cheap when nothing it shows has changed. */
  show(view: FigureView): void;
  setTheme(theme: ChartTheme): void;
  dispose(): void;
}
