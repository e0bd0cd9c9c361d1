// The descent.* settings: how they are read, and how descent.logEvery reaches the trainer.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { validateToWebview, validateToWorker, type TrainerEvent } from '../../src/shared/protocol';
import { DEFAULT_KEPT_RUNS, panelSettings, readSettings } from '../../src/shared/settings';
import { readConfig } from '../../src/trainer/config';
import { LESSON_CODE, lessonConfig, lessonObject } from '../support/lesson';
import { runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

const from = (values: Record<string, unknown>) => readSettings({ get: (key) => values[key] });

const logEpochs = (events: TrainerEvent[]) => events.flatMap((e) => (e.type === 'log' ? [e.epoch] : []));

describe('descent.* settings', () => {
  it('reads what package.json declares as defaults', () => {
    assert.deepEqual(from({ defaultBackend: 'webgl', logEvery: 0, runTimeoutSeconds: 0, chartScale: 'linear', keptRuns: 20, panelColumn: 'beside', figures: true, inlineResults: true }), {
      defaultBackend: 'webgl',
      logEvery: null,
      runTimeoutSeconds: null,
      chartScale: 'linear',
      keptRuns: 20,
      panelColumn: 'beside',
      figures: true,
      inlineResults: true,
    });
  });

  it('reads chosen values', () => {
    const settings = from({ defaultBackend: 'cpu', logEvery: 50, runTimeoutSeconds: 2.5, chartScale: 'log', keptRuns: 3, panelColumn: 'active', figures: false, inlineResults: false });
    assert.deepEqual(settings, { defaultBackend: 'cpu', logEvery: 50, runTimeoutSeconds: 2.5, chartScale: 'log', keptRuns: 3, panelColumn: 'active', figures: false, inlineResults: false });
    assert.deepEqual(panelSettings(settings), { logEvery: 50, chartScale: 'log', keptRuns: 3, figures: false });
  });

  it('falls back to the defaults for mistyped or missing values', () => {
    assert.deepEqual(from({ defaultBackend: 'gpu', logEvery: -5, runTimeoutSeconds: 'soon', chartScale: 'Log', keptRuns: 0, panelColumn: 2, figures: 'yes', inlineResults: 0 }), {
      defaultBackend: 'webgl',
      logEvery: null,
      runTimeoutSeconds: null,
      chartScale: 'linear',
      keptRuns: DEFAULT_KEPT_RUNS,
      panelColumn: 'beside',
      figures: true,
      inlineResults: true,
    });
    assert.equal(from({ logEvery: 12.4 }).logEvery, 12);
    assert.equal(from({ logEvery: Infinity }).logEvery, null);
  });

  it('travels to the panel and the worker as checked message fields', () => {
    const run = { type: 'run', requestId: 1, file: 's.ts', source: '', code: '', sourceMap: '{}', backend: 'cpu' };
    assert.ok(validateToWebview({ ...run, settings: { logEvery: 50, chartScale: 'log', keptRuns: 3 } }).ok);
    assert.ok(validateToWebview({ ...run, settings: { logEvery: null, chartScale: 'linear', keptRuns: 20 } }).ok);
    const wrong = validateToWebview({ ...run, settings: { logEvery: 0, chartScale: 'log', keptRuns: 3 } });
    assert.ok(!wrong.ok && /settings\.logEvery should be a whole number above 0/.test(wrong.problem));
    assert.ok(!validateToWebview({ ...run, settings: { logEvery: null, chartScale: 'cubic', keptRuns: 3 } }).ok);
    const start = { type: 'start', scratchUrl: 'blob:https://panel/1', file: 's.ts', sourceMap: '{}', backend: 'webgl' };
    assert.ok(validateToWorker({ ...start, logEvery: 50 }).ok);
    assert.ok(!validateToWorker({ ...start, logEvery: 1.5 }).ok);
  });

  it("descent.logEvery replaces the config's logEvery", () => {
    const config = readConfig(lessonObject({ logEvery: 20 }), { defaultBackend: 'cpu', logEvery: 50 });
    assert.equal(config.plans[0].logEvery, 50);
  });

  it('descent.logEvery sets the log lines of a config run and of the lesson form', async () => {
    const config = await runText(lessonConfig('logEvery: 20,'), 'scratch.ts', { logEvery: 50 });
    assert.deepEqual(logEpochs(config.events), [50, 100, 150, 200]);
    const lesson = await runText(LESSON_CODE, 'lesson.ts', { logEvery: 50 });
    assert.deepEqual(logEpochs(lesson.events), [50, 100, 150, 200]);
  });
});
