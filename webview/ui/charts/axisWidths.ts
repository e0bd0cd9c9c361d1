// Charts stacked on one epoch axis line up only if their value axes take the same room: each
// side gets the width of its widest tick labels in any of the charts. The widths only grow, and a
// chart that widens a side has the others lay out again.
import type { Scale } from 'chart.js';

export type AxisSide = 'left' | 'right';

export class AxisWidths {
  private readonly widths: Record<AxisSide, number> = { left: 0, right: 0 };
  private readonly relayouts: (() => void)[] = [];

  /** `relayout` is called when another chart widened a side. */
  join(relayout: () => void): void {
    this.relayouts.push(relayout);
  }

  /** For an axis's afterFit: gives it the shared width of its side, widening that first if it needs more. */
  fit(side: AxisSide, scale: Scale): void {
    if (scale.width > this.widths[side]) {
      this.widths[side] = scale.width;
      this.relayouts.forEach((relayout) => relayout());
    }
    scale.width = this.widths[side];
  }

  /** The room a chart without an axis on that side leaves empty there. */
  get(side: AxisSide): number {
    return this.widths[side];
  }
}
