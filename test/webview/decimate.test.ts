/// <reference types="node" />
// The chart's min/max decimation: what a long run's loss curve keeps when drawn a few hundred
// pixels wide.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimateMinMax } from '../../webview/ui/charts/decimate';

test('keeps every point while there are few per pixel', () => {
  const points = decimateMinMax([3, 2, null, 1], 100, (i) => i + 1);
  assert.deepEqual(points.map((p) => p.x), [1, 2, 3, 4]);
  assert.deepEqual(points.map((p) => p.y), [3, 2, NaN, 1]);
});

test('draws a million epochs with at most four points per pixel, keeping the extremes', () => {
  const count = 1_000_000;
  // The lesson's decay with a spike in the middle and a NaN gap near the end.
  const losses: (number | null)[] = Array.from({ length: count }, (_, i) => 2953.5456 * 0.9316 ** (i / 1000));
  losses[500_123] = 1e6;
  losses[999_000] = null;
  const points = decimateMinMax(losses, 600, (i) => i + 1);

  assert.ok(points.length <= 4 * 600, `${points.length} points`);
  const xs = points.map((p) => p.x);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b), 'in epoch order');
  assert.equal(xs[0], 1);
  assert.equal(xs.at(-1), count);
  assert.ok(points.some((p) => p.x === 500_124 && p.y === 1e6), 'the spike survives');
  assert.ok(points.some((p) => p.x === 999_001 && Number.isNaN(p.y)), 'the gap survives');
  assert.equal(Math.min(...points.filter((p) => !Number.isNaN(p.y)).map((p) => p.y)), losses[count - 1]);
});

test('maps each kept point to its own x: memory is sampled once per batch, not every epoch', () => {
  const epochs = Array.from({ length: 10_000 }, (_, i) => 10 * (i + 1));
  const tensors = epochs.map((epoch) => 3 + epoch);
  const points = decimateMinMax(tensors, 100, (i) => epochs[i]);

  assert.ok(points.length <= 4 * 100, `${points.length} points`);
  assert.deepEqual([points[0], points.at(-1)], [
    { x: 10, y: 13 },
    { x: 100_000, y: 100_003 },
  ]);
  assert.ok(points.every((p) => p.y === p.x + 3), 'every point keeps the x of its own value');
});

test('takes a Float32Array whose NaNs are gaps, as the loss chart keeps its losses', () => {
  const losses = new Float32Array(100_000).map((_, i) => 1000 / (i + 1));
  losses[70_000] = NaN;
  const points = decimateMinMax(losses, 500, (i) => i + 1);
  assert.ok(points.length <= 4 * 500, `${points.length} points`);
  assert.ok(points.some((p) => p.x === 70_001 && Number.isNaN(p.y)), 'the gap survives');
  assert.equal(points[0].y, 1000);
  assert.equal(points.at(-1)?.y, losses[99_999]);
  assert.deepEqual(decimateMinMax(new Float32Array([2, NaN, 1]), 100, (i) => i).map((p) => p.y), [2, NaN, 1]);
});
