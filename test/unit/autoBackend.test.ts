// backend: 'auto' on tfjs's CPU and WebAssembly backends in this process (Node has no WebGL): it
// times both, picks the faster, cleans up after itself, and the run then trains exactly as a run
// that named that backend.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { RunPlan } from '../../src/shared/protocol';
import { autoCandidates, chooseBackend } from '../../src/trainer/autoBackend';
import { readConfig } from '../../src/trainer/config';
import { useWasmFiles, WASM_FOLDER } from '../../src/trainer/wasmBackend';
import { LESSON_FINAL_X, lessonConfig, lessonObject } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(async () => {
  // This bundle is dist/test/unit/autoBackend.test.js; esbuild.mjs copies the .wasm files to dist/webview/wasm.
  useWasmFiles(path.join(__dirname, '..', '..', ...WASM_FOLDER.split('/')) + path.sep);
  await useCpu();
});

describe("backend: 'auto'", () => {
  it('times the lesson on wasm and cpu, picks the faster and leaves tfjs as it found it', async () => {
    const config = readConfig(lessonObject({ backend: 'auto' }), { defaultBackend: 'cpu' });
    const before = tf.memory().numTensors;
    const choice = await chooseBackend(config.problem, config.plans[0], () => performance.now());

    assert.deepEqual(autoCandidates(), ['wasm', 'cpu']);
    assert.deepEqual(choice.timings.map((t) => t.backend).sort(), ['cpu', 'wasm'], 'both backends timed');
    assert.ok(choice.timings.every((t) => t.msPerEpoch > 0 && Number.isFinite(t.msPerEpoch)), JSON.stringify(choice.timings));
    assert.equal(choice.backend, choice.timings[0].backend);
    assert.ok(choice.timings[0].msPerEpoch <= choice.timings[1].msPerEpoch, 'the fastest first');
    assert.match(choice.reason, /^auto: (cpu|wasm) [\d.e-]+ ms\/epoch, (cpu|wasm) [\d.e-]+$/);
    assert.ok(choice.reason.startsWith(`auto: ${choice.backend} `), choice.reason);
    assert.equal(tf.getBackend(), 'cpu', 'back on the backend it started on');
    assert.equal(tf.memory().numTensors, before, 'every tensor it made is freed');
  });

  it('trains from the start on the backend it chose, to the same numbers as a run that named it', async () => {
    const auto = await runText(lessonConfig("backend: 'auto'"));
    assert.equal(auto.error, null);
    const plan = auto.events.find((e) => e.type === 'plan');
    assert.ok(plan?.type === 'plan');
    assert.equal(plan.runs[0].backend, 'auto', 'the plan says auto until it has chosen');
    const started = auto.events.filter((e): e is { type: 'runStart'; plan: RunPlan } => e.type === 'runStart');
    assert.equal(started.length, 1);
    const chosen = started[0].plan.backend;
    assert.ok(chosen === 'cpu' || chosen === 'wasm', chosen);
    assert.match(started[0].plan.backendReason ?? '', new RegExp(`^auto: ${chosen} [\\d.e-]+ ms/epoch, (cpu|wasm) [\\d.e-]+$`));

    const named = await runText(lessonConfig(`backend: '${chosen}'`));
    const [autoRun] = auto.runs;
    const [namedRun] = named.runs;
    assert.equal(autoRun.backend, chosen);
    assert.deepEqual(
      { loss: autoRun.loss, finalLoss: autoRun.finalLoss, variables: autoRun.variables, epochs: autoRun.epochs, status: autoRun.status, tensorsLeaked: autoRun.tensorsLeaked },
      { loss: namedRun.loss, finalLoss: namedRun.finalLoss, variables: namedRun.variables, epochs: namedRun.epochs, status: namedRun.status, tensorsLeaked: 0 },
    );
    assert.ok(Math.abs((autoRun.variables.x as number) - LESSON_FINAL_X) < 1e-7);
  });

  it("reports a loss that cannot train as a run that named its backend does, at the learner's line", async () => {
    const text = lessonConfig("backend: 'auto'").replace('ys.mul(x).square().mean()', 'ys.square().mean()');
    const { error, events } = await runText(text);
    assert.equal(error?.kind, 'runtime');
    assert.match(error?.message ?? '', /^The loss does not use the variables it should train \(x\)/);
    assert.equal(error?.line, 5);
    const started = events.find((e) => e.type === 'runStart');
    assert.ok(started?.type === 'runStart');
    assert.equal(started.plan.backendReason, 'auto: no backend could run the loss');
  });
});
