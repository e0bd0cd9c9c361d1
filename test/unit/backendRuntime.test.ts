// A runtime tells the trainer which backends it offers: 'auto' times those, a scratch starts on
// its first, and a backend that cannot start gives way to the next, saying why.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { autoCandidates, chooseBackend } from '../../src/trainer/autoBackend';
import { backendsHere, BROWSER_BACKENDS, NODE_BACKENDS, startFirstBackend } from '../../src/trainer/backends';
import { readConfig } from '../../src/trainer/config';
import { lessonObject } from '../support/lesson';
import { useCpu } from './tfjsCpu';

before(useCpu);

describe('the backends a runtime offers', () => {
  it('lists WebGL for a page or a worker, and not for Node, where these tests run', () => {
    assert.deepEqual(autoCandidates(BROWSER_BACKENDS), ['webgl', 'wasm', 'cpu']);
    assert.equal(BROWSER_BACKENDS.first, 'webgl');
    assert.deepEqual(autoCandidates(NODE_BACKENDS), ['wasm', 'cpu']);
    assert.equal(NODE_BACKENDS.first, 'cpu');
    assert.equal(backendsHere(), NODE_BACKENDS);
  });

  it("starts a scratch on the runtime's first backend under 'auto', and on the next that starts when the one named cannot", async () => {
    assert.deepEqual(await startFirstBackend('auto', NODE_BACKENDS), { backend: 'cpu', note: null });
    assert.deepEqual(await startFirstBackend('webgl', NODE_BACKENDS), { backend: 'cpu', note: 'webgl is not available here. The scratch runs on cpu.' });
  });

  it("times only the runtime's candidates for 'auto'", async () => {
    const config = readConfig(lessonObject({ backend: 'auto' }), { defaultBackend: 'cpu' });
    const choice = await chooseBackend(config.problem, config.plans[0], () => performance.now(), { auto: ['cpu'], first: 'cpu' });
    assert.deepEqual(
      choice.timings.map((t) => t.backend),
      ['cpu'],
    );
    assert.match(choice.reason, /^auto: cpu [\d.e-]+ ms\/epoch$/);
  });
});
