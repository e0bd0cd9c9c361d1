// Reading a run cell's memory chart from its pixels, in the panel page or in VS Code's webview.

/** Three level lines, each a few rows thick where it is drawn smoothed: a line that climbs covers many more. */
export const LEVEL_LINES_ROWS = 15;

/**
 * How many rows of a run cell's memory chart hold a pixel of its first run's colour (its legend
 * swatch). Runs in the page, so it stands alone: pass it to a locator's evaluate.
 */
export function memoryLineRows(cell: Element): number {
  const canvas = cell.querySelector('canvas.memory-canvas') as HTMLCanvasElement;
  const swatch = getComputedStyle(cell.querySelector('.legend-swatch') as Element).backgroundColor;
  const [r, g, b] = (/rgb\((\d+), (\d+), (\d+)\)/.exec(swatch) ?? []).slice(1).map(Number);
  const { data, width } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
  const rows = new Set<number>();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) rows.add(Math.floor(i / 4 / width));
  }
  return rows.size;
}
