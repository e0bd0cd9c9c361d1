// Min/max decimation of a series for drawing: a chart that is a few hundred pixels wide shows at
// most four points per pixel column (first, lowest, highest, last), so a run of a million epochs
// draws as fast as one of a thousand and still shows every spike.

export interface ChartPoint {
  x: number;
  /** NaN leaves a gap: the value was NaN or ±Infinity there. */
  y: number;
}

/**
 * `values[i]` is the point at x = `xAt(i)`, x growing with i, null or NaN where there is no value;
 * `columns` is the plot's width in pixels.
 */
export function decimateMinMax(values: ArrayLike<number | null>, columns: number, xAt: (i: number) => number): ChartPoint[] {
  const count = values.length;
  const width = Math.max(1, Math.floor(columns));
  const point = (i: number): ChartPoint => ({ x: xAt(i), y: values[i] ?? NaN });
  if (count <= 4 * width) return Array.from({ length: count }, (_, i) => point(i));

  const points: ChartPoint[] = [];
  const perColumn = count / width;
  for (let column = 0; column < width; column++) {
    const start = Math.floor(column * perColumn);
    const end = Math.min(count, Math.floor((column + 1) * perColumn));
    if (start >= end) continue;
    let low = -1;
    let high = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (v === null || Number.isNaN(v)) {
        if (gap < 0) gap = i;
      } else {
        if (low < 0 || v < (values[low] as number)) low = i;
        if (high < 0 || v > (values[high] as number)) high = i;
      }
    }
    const kept = [start, low, high, gap, end - 1].filter((i) => i >= 0);
    for (const i of [...new Set(kept)].sort((a, b) => a - b)) points.push(point(i));
  }
  return points;
}
