import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramePacer } from '../../webview/ui/base/framePacer';

test('cheap frames come 20 a second', () => {
  const pacer = new FramePacer();
  assert.equal(pacer.gapMs, 50);
  for (let i = 0; i < 10; i++) pacer.record(3);
  assert.equal(pacer.gapMs, 50);
});

test('frames that cost 12 ms of the main thread come about 96 ms apart, so drawing keeps to an eighth of it', () => {
  const pacer = new FramePacer();
  for (let i = 0; i < 30; i++) pacer.record(12);
  assert.equal(Math.round(pacer.gapMs), 96);
});

test('one slow frame spaces the next few, and the pace returns as frames get cheap again', () => {
  const pacer = new FramePacer();
  pacer.record(60);
  assert.ok(pacer.gapMs < 150, `gap after a first frame of 60 ms: ${pacer.gapMs}`);
  for (let i = 0; i < 10; i++) pacer.record(4);
  pacer.record(60);
  const afterSlow = pacer.gapMs;
  assert.ok(afterSlow > 50 && afterSlow < 250, `gap after one 60 ms frame: ${afterSlow}`);
  for (let i = 0; i < 20; i++) pacer.record(4);
  assert.equal(pacer.gapMs, 50);
});

test('however dear the frames, at least four come each second', () => {
  const pacer = new FramePacer();
  for (let i = 0; i < 30; i++) pacer.record(500);
  assert.equal(pacer.gapMs, 250);
});
