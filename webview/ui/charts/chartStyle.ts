// How the notebook's charts look: VS Code's theme on axes, grid and tooltips, and the epoch axis
// they share.
import type { ChartOptions, Scale, TooltipItem, TooltipOptions } from 'chart.js';
import type { AxisSide, AxisWidths } from './axisWidths';
import type { ChartTheme } from '../base/theme';

type TooltipSettings = NonNullable<NonNullable<ChartOptions<'line'>['plugins']>['tooltip']>;

/** Epoch ticks stay short on long runs: 200, 5K, 1.5M. */
const EPOCH_FORMAT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function seriesColour(theme: ChartTheme, index: number): string {
  return theme.series[index % theme.series.length];
}

export function chartFont(theme: ChartTheme): { family: string; size: number } {
  return { family: theme.font, size: Math.max(10, theme.fontSize - 1) };
}

/** What every chart sets apart from its scales and tooltip texts. */
export function baseOptions(): ChartOptions<'line'> {
  return {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    elements: {
      // Constant, not scriptable: Chart.js caches constant options but resolves scriptable ones
      // point by point on every update. EpochPlot shows a lone first point as a dot.
      point: { radius: 0, hoverRadius: 3, hitRadius: 6 },
      line: { borderWidth: 2, tension: 0 },
    },
  };
}

export function tooltipStyle(theme: ChartTheme): Partial<TooltipOptions<'line'>> {
  const font = chartFont(theme);
  return {
    backgroundColor: theme.tooltipBackground,
    titleColor: theme.tooltipText,
    bodyColor: theme.tooltipText,
    borderColor: theme.tooltipBorder,
    borderWidth: 1,
    titleFont: font,
    bodyFont: font,
  };
}

/** A tooltip over an epoch chart: "epoch 137" over a line per dataset, as `label` words it. */
export function epochTooltip(theme: ChartTheme, label: (item: TooltipItem<'line'>) => string | string[]): TooltipSettings {
  return { ...tooltipStyle(theme), callbacks: { title: (items) => `epoch ${items[0]?.parsed.x ?? ''}`, label } };
}

/**
 * The padding of a chart with a value axis on the left only: room on the right as wide as the
 * right-hand axes of the charts stacked with it, so that their epoch axes line up.
 */
export function roomForRightAxes(widths: AxisWidths): ChartOptions<'line'>['layout'] {
  return { padding: () => ({ right: widths.get('right') }) };
}

/** Grid, border, ticks and title of an axis in the theme's colours; `title` null shows none. */
export function axisStyle(theme: ChartTheme, title: string | null) {
  const font = chartFont(theme);
  return {
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ticks: { color: theme.muted, font },
    title: { display: title !== null, text: title ?? '', color: theme.muted, font },
  };
}

/** A value axis beside the plot, as wide as the same side's axes of the charts stacked with it. */
export function valueAxis(theme: ChartTheme, title: string | null, side: AxisSide, widths: AxisWidths) {
  return { ...axisStyle(theme, title), position: side, afterFit: (scale: Scale) => widths.fit(side, scale) };
}

export function epochAxis(theme: ChartTheme, title: string | null) {
  const style = axisStyle(theme, title);
  return {
    ...style,
    type: 'linear' as const,
    min: 1,
    // A zoomed axis starts and ends between epochs: those edges get no label.
    ticks: { ...style.ticks, precision: 0, maxRotation: 0, callback: (value: number | string) => (Number.isInteger(Number(value)) ? EPOCH_FORMAT.format(Number(value)) : '') },
  };
}
