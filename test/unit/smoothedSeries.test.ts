// The loss chart's smoothing: the debiased moving average, kept as batches arrive.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SmoothedSeries } from '../../webview/ui/charts/smoothedSeries';

/** The moving average of the finite values, debiased by 1 − wⁿ, in float64. */
function movingAverage(values: number[], weight: number): number[] {
  let average = 0;
  let finite = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return NaN;
    average = average * weight + (1 - weight) * value;
    return average / (1 - weight ** ++finite);
  });
}

const near = (actual: ArrayLike<number>, expected: number[]) =>
  expected.forEach((e, i) => assert.ok(Number.isNaN(e) ? Number.isNaN(actual[i]) : Math.abs(actual[i] - e) <= 1e-6 * Math.abs(e), `[${i}] ${actual[i]} ≠ ${e}`));

describe('the smoothed loss', () => {
  const losses = [100, 80, NaN, 50, 45, 20, 18, 10, 9, 4];

  it('is the debiased moving average, starting at the first loss, passing over a loss that was not finite', () => {
    const smoothed = new SmoothedSeries();
    smoothed.setWeight(0.6);
    const values = smoothed.of(Float32Array.from(losses));
    assert.equal(values[0], 100);
    near(values, movingAverage(losses, 0.6));
  });

  it('goes on where it was as batches arrive, and starts again when the weight changes', () => {
    const smoothed = new SmoothedSeries();
    smoothed.setWeight(0.9);
    const buffer = new Float32Array(losses.length);
    buffer.set(losses.slice(0, 4));
    smoothed.of(buffer.subarray(0, 4));
    buffer.set(losses.slice(4), 4);
    near(smoothed.of(buffer), movingAverage(losses, 0.9));
    smoothed.setWeight(0.3);
    near(smoothed.of(buffer), movingAverage(losses, 0.3));
    smoothed.setWeight(0);
    near(smoothed.of(buffer), losses);
  });
});
