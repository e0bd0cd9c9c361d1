// Round tick values for a hand-drawn axis: steps of 1, 2 or 5 times a power of ten.

export function niceTicks(low: number, high: number, count: number): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  // Multiples of the step, not sums of it, rounded: 0.6, not 0.6000000000000001.
  for (let k = Math.ceil(low / step); k <= Math.floor(high / step); k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}
