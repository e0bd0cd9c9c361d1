// Starting a backend within a bound, on tfjs in this process: one whose preparation never ends is
// left with the reason, tfjs stays usable on the backend it was on, and it is not tried again.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import '../../src/trainer/wasmBackend';
import { describeBackendProblem, fallbackOrder, prepareBackendWith, startBackend } from '../../src/trainer/backends';
import { useCpu } from './tfjsCpu';

before(useCpu);

describe('starting a backend', () => {
  it('leaves a backend whose start never finishes after its bound, and tfjs still works on the one it was on', async () => {
    let asked = 0;
    prepareBackendWith('wasm', () => {
      asked++;
      return new Promise<void>(() => undefined);
    });
    const problem = await startBackend('wasm', 200);
    assert.equal(problem, 'no answer within 0.2 s');
    assert.equal(tf.getBackend(), 'cpu');
    await tf.ready();
    assert.deepEqual(Array.from(tf.tensor([1, 2]).mul(2).dataSync()), [2, 4]);
    // Known now: not waited for again.
    assert.equal(await startBackend('wasm', 60_000), problem);
    assert.equal(asked, 1);
    assert.equal(describeBackendProblem('wasm', problem as string), 'wasm did not start: no answer within 0.2 s');
  });

  it('says a backend this runtime lacks is not available here, and falls back in a fixed order', async () => {
    const problem = await startBackend('webgl');
    assert.equal(describeBackendProblem('webgl', problem ?? ''), 'webgl is not available here');
    assert.equal(await startBackend('cpu'), null);
    assert.deepEqual(fallbackOrder('wasm'), ['wasm', 'webgl', 'cpu']);
  });
});
