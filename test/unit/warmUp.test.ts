// A spare worker's warm-up, on tfjs in this process: it trains through the trainer a run uses,
// leaves nothing behind, and gives way to a run that is waiting.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { warmUp } from '../../src/trainer/warmUp';
import { useCpu } from './tfjsCpu';

before(useCpu);

describe("a spare worker's warm-up", () => {
  it('trains sgd and adam and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    let clockReads = 0;
    await warmUp('cpu', () => ++clockReads, () => false);
    assert.equal(tf.memory().numTensors, before);
    assert.ok(clockReads > 0, 'it trained');
  });

  it('stops after the optimizer it is training once a run waits', async () => {
    const reads = async (waitingAfter: number) => {
      let clockReads = 0;
      let asked = 0;
      await warmUp('cpu', () => ++clockReads, () => ++asked > waitingAfter);
      return clockReads;
    };
    const whole = await reads(Infinity);
    const first = await reads(1);
    assert.equal(await reads(0), 0, 'a run already waiting: nothing trained');
    assert.ok(first > 0 && first < whole, `one optimizer trained (${first} clock reads of ${whole})`);
  });
});
