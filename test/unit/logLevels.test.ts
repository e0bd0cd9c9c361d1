// The level each reported line gets in the Descent log channel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levelOf } from '../../src/shared/logLevels';
import type { RunResult, TrainerEvent } from '../../src/shared/protocol';
import { LESSON_PLAN } from '../support/lesson';

function result(status: RunResult['status']): RunResult {
  return { label: 'sgd lr=0.0001', optimizer: { name: 'sgd', learningRate: 0.0001 }, status, epochs: 3, loss: [], finalLoss: 1, variables: {}, backend: 'webgl', tensorsLeaked: 0, ms: 1, reason: null };
}

describe('log levels of reported lines', () => {
  const cases: [TrainerEvent, string][] = [
    [{ type: 'runStart', plan: LESSON_PLAN }, 'info'],
    [{ type: 'log', run: 0, epoch: 20, loss: 1, variables: {} }, 'info'],
    [{ type: 'runEnd', run: 0, result: result('completed') }, 'info'],
    [{ type: 'runEnd', run: 0, result: result('diverged') }, 'warn'],
    [{ type: 'runEnd', run: 0, result: result('error') }, 'error'],
    [{ type: 'leak', run: 0, perEpoch: true, tensors: 1, bytes: 4, causes: [] }, 'warn'],
    [{ type: 'print', run: 0, level: 'log', text: '' }, 'info'],
    [{ type: 'print', run: 0, level: 'warn', text: '' }, 'warn'],
    [{ type: 'finished', runs: [], error: { kind: 'runtime', message: 'boom', file: 's.ts', line: 3, column: 1 } }, 'error'],
  ];
  for (const [event, level] of cases) {
    it(`${event.type}${event.type === 'runEnd' ? ` (${event.result.status})` : ''} → ${level}`, () => assert.equal(levelOf(event), level));
  }
});
