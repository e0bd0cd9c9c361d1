// What the run cell's charts have in common: an EpochPlot that is restyled when the theme changes
// and destroyed with the cell.
import type { ChartOptions } from 'chart.js';
import type { EpochPlot } from './epochPlot';
import type { ChartTheme } from '../base/theme';

export abstract class EpochChart {
  protected abstract readonly plot: EpochPlot;

  constructor(protected theme: ChartTheme) {}

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.restyle();
  }

  dispose(): void {
    this.plot.dispose();
  }

  /** Applies the theme's colours and the chart's options anew. */
  protected restyle(): void {
    this.applyColours();
    this.plot.setOptions(this.options());
  }

  protected abstract applyColours(): void;

  protected abstract options(): ChartOptions<'line'>;
}
