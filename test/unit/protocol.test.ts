import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  summarizeEvent,
  validateFromWebview,
  validateFromWorker,
  validatePanelEvent,
  validateToWebview,
  validateToWorker,
  validateTrainerEvent,
  type TrainerEvent,
} from '../../src/shared/protocol';
import { LESSON_PLAN } from '../support/lesson';

const plan = LESSON_PLAN;
const result = {
  label: 'sgd lr=0.0001',
  optimizer: { name: 'sgd', learningRate: 0.0001 },
  status: 'completed',
  epochs: 2,
  loss: [2953.5, null],
  finalLoss: 0.002,
  variables: { x: 0.0034, w: [[1], [null]] },
  backend: 'webgl',
  tensorsLeaked: 0,
  ms: 41,
  reason: null,
};

describe('protocol validation', () => {
  it('accepts every kind of valid message', () => {
    const events = [
      { type: 'plan', summary: { form: 'config', variables: { x: '4.12' }, data: {}, loss: 'f' }, runs: [plan] },
      { type: 'plan', summary: { form: 'lesson', variables: {}, data: {}, loss: '' }, runs: [{ ...plan, epochs: 0, memory: null }] },
      { type: 'runStart', plan: plan },
      { type: 'progress', run: 0, firstEpoch: 1, losses: [1, null], variables: { x: 1 }, memory: { numTensors: 3, numBytes: 12, numBytesInGPU: null } },
      { type: 'leak', run: 0, perEpoch: true, tensors: 1, bytes: 4, causes: ['a cost returned by minimize(f, true) and never disposed'] },
      { type: 'log', run: 0, epoch: 20, loss: 1.5, variables: {} },
      { type: 'print', run: null, level: 'warn', text: 'hi' },
      { type: 'runEnd', run: 0, result },
      { type: 'finished', runs: [result], error: { kind: 'runtime', message: 'boom', file: 's.ts', line: 3, column: 1 } },
    ];
    for (const event of events) assert.deepEqual(validateTrainerEvent(event), { ok: true, message: event });
    for (const m of [{ type: 'ready' }, { type: 'rerun' }, { type: 'stopped', requestId: 1, epoch: 5 }, { type: 'trainer', requestId: 1, event: events[1] }]) {
      assert.ok(validateFromWebview(m).ok, JSON.stringify(m));
    }
    assert.ok(validateToWebview({ type: 'run', requestId: 1, file: 's.ts', source: '', code: '', sourceMap: '{}', backend: 'cpu' }).ok);
    assert.ok(validateToWorker({ type: 'start', scratchUrl: 'blob:https://panel/1', file: 's.ts', sourceMap: '{}', backend: 'webgl' }).ok);
    assert.ok(validateToWebview({ type: 'notice', text: 'reopened' }).ok);
  });

  it("carries the wasm backend's file from the page to the worker, the start's stages, and why 'auto' chose a backend", () => {
    const run = { type: 'run', requestId: 1, file: 's.ts', source: '', code: '', sourceMap: '{}', backend: 'auto' };
    assert.deepEqual(validateToWebview(run), { ok: true, message: run });
    const start = { type: 'start', scratchUrl: 'blob:https://panel/1', file: 's.ts', sourceMap: '{}', backend: 'wasm' };
    assert.deepEqual(validateToWorker(start), { ok: true, message: start });
    const wanted = { type: 'wasmFileWanted', name: 'tfjs-backend-wasm-simd.wasm' };
    assert.deepEqual(validateFromWorker(wanted), { ok: true, message: wanted });
    const file = { type: 'wasmFile', name: 'tfjs-backend-wasm-simd.wasm', file: new Blob([new Uint8Array([0, 97, 115, 109])]), problem: null };
    assert.ok(validateToWorker(file).ok);
    const unanswered = { type: 'wasmFile', name: 'tfjs-backend-wasm.wasm', file: null, problem: 'no answer within 8 s' };
    assert.deepEqual(validateToWorker(unanswered), { ok: true, message: unanswered });
    for (const signal of [{ type: 'workerStarted' }, { type: 'backendReady', backend: 'wasm' }, { type: 'warmed', backend: 'webgl' }, { type: 'warmFailed', reason: 'no WebGL' }]) assert.ok(validateFromWorker(signal).ok);
    assert.ok(validateToWorker({ type: 'warm', backend: 'auto' }).ok);
    assert.ok(!validateToWorker({ type: 'start', file: 's.ts', sourceMap: '{}', backend: 'webgl' }).ok, 'a start names the scratch to import');
    const stage = { type: 'stage', requestId: 1, stage: 'firstEpoch', backend: null };
    assert.deepEqual(validateFromWebview(stage), { ok: true, message: stage });
    const fail = { type: 'fail', requestId: 1, error: { kind: 'timeout', message: 'The trainer did not start within 30 s', file: 's.ts', line: null, column: null } };
    assert.deepEqual(validateToWebview(fail), { ok: true, message: fail });
    const chosen = { type: 'runStart', plan: { ...plan, backend: 'cpu', backendReason: 'auto: cpu 0.21 ms/epoch, wasm 0.35, webgl 2.9' } };
    assert.deepEqual(validateTrainerEvent(chosen), { ok: true, message: chosen });
    const { loss: _perEpoch, ...summary } = result;
    assert.ok(validatePanelEvent({ type: 'runEnd', run: 0, result: { ...summary, backend: 'wasm' } }).ok);

    const wrong: [string, (raw: unknown) => { ok: boolean }, unknown, RegExp][] = [
      ['a wasm file the page does not serve', validateFromWorker, { ...wanted, name: '../secret.wasm' }, /message\(wasmFileWanted\)\.name should be one of tfjs-backend-wasm\.wasm, tfjs-backend-wasm-simd\.wasm/],
      ['a wasm file that is not a Blob', validateToWorker, { ...file, file: 'AGFzbQ==' }, /message\(wasmFile\)\.file should be a Blob/],
      ['a stage the start does not have', validateFromWebview, { ...stage, stage: 'compile' }, /message\(stage\)\.stage should be one of worker, backend, firstEpoch/],
      ['an unknown backend', validateToWorker, { ...start, backend: 'webgpu' }, /backend should be one of webgl, cpu, wasm, auto/],
      ['a reason that is not a string', validateTrainerEvent, { ...chosen, plan: { ...chosen.plan, backendReason: 3 } }, /backendReason should be a string/],
      ['a result on auto (a result names the backend it trained on)', validateTrainerEvent, { type: 'runEnd', run: 0, result: { ...result, backend: 'auto' } }, /backend should be one of webgl, cpu, wasm$/],
    ];
    for (const [what, validate, message, problem] of wrong) {
      const checked = validate(message) as { ok: true } | { ok: false; problem: string };
      assert.equal(checked.ok, false, what);
      if (!checked.ok) assert.match(checked.problem, problem, what);
    }
  });

  it('checks the heartbeat the panel sends while a run is active', () => {
    for (const hidden of [false, true]) assert.deepEqual(validateFromWebview({ type: 'heartbeat', hidden }), { ok: true, message: { type: 'heartbeat', hidden } });
    const checked = validateFromWebview({ type: 'heartbeat' });
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.match(checked.problem, /message\(heartbeat\)\.hidden should be true or false/);
  });

  it('sends results on from the worker without their per-epoch losses', () => {
    const { loss: _perEpoch, ...summary } = result;
    const runEnd = summarizeEvent({ type: 'runEnd', run: 0, result } as TrainerEvent);
    assert.deepEqual(runEnd, { type: 'runEnd', run: 0, result: summary });
    const finished = summarizeEvent({ type: 'finished', runs: [result, result], error: null } as TrainerEvent);
    assert.deepEqual(finished, { type: 'finished', runs: [summary, summary], error: null });
    const print = { type: 'print', run: null, level: 'log', text: 'kept as it is' } as const;
    assert.equal(summarizeEvent(print), print);
    for (const event of [runEnd, finished]) {
      assert.ok(validatePanelEvent(event).ok);
      assert.ok(validateFromWebview({ type: 'trainer', requestId: 1, event }).ok);
      assert.equal(validateTrainerEvent(event).ok, false, 'a full trainer event has its losses');
    }
  });

  const malformed: [string, unknown, RegExp][] = [
    ['not an object', 'ready', /no message type/],
    ['an unknown type', { type: 'explode' }, /unknown type "explode"/],
    ['a missing field', { type: 'stopped', requestId: 1 }, /message\(stopped\)\.epoch should be a whole number/],
    ['a wrong type', { type: 'trainer', requestId: '1', event: { type: 'print', run: null, level: 'log', text: '' } }, /requestId should be a whole number/],
    ['a bad nested event', { type: 'trainer', requestId: 1, event: { type: 'print', run: null, level: 'shout', text: '' } }, /level should be one of log, warn, error/],
    ['a prototype key as type', { type: 'toString' }, /unknown type "toString"/],
    ['a heartbeat saying hidden with a string', { type: 'heartbeat', hidden: 'no' }, /hidden should be true or false/],
    ['an oversized array', { type: 'trainer', requestId: 1, event: { type: 'log', run: 0, epoch: 1, loss: 1, variables: { x: new Array(10_000_001).fill(0) } } }, /too long/],
  ];
  for (const [what, message, problem] of malformed) {
    it(`rejects ${what}`, () => {
      const checked = validateFromWebview(message);
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.match(checked.problem, problem);
    });
  }
});
