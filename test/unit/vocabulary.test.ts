// The copies of src/shared/vocabulary.ts that cannot import it: package.json's descent.* settings,
// the config types that scratch files see (media/types/descent.d.ts) and the optimizers that the
// trainer asks tfjs for. Each must say what the vocabulary says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import manifest from '../../package.json';
import { BACKENDS, MEMORY_MODES, OPTIMIZER_NAMES, OPTIMIZER_OPTIONS, SETTINGS } from '../../src/shared/vocabulary';
import { disposeOptimizer, OPTIMIZERS } from '../../src/trainer/optimizers';
import { useCpu } from './tfjsCpu';

before(useCpu);

const TYPES = 'media/types/descent.d.ts';

/** The string literals of a property's union type in an interface of descent.d.ts, e.g. backend → ['webgl', …]. */
function unionOf(text: string, iface: string, property: string): string[] {
  const body = interfaceBody(text, iface);
  const type = new RegExp(`^\\s*${property}\\??: ([^;]+);`, 'm').exec(body)?.[1];
  assert.ok(type, `${TYPES} has no ${iface}.${property}`);
  return [...type.matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

function interfaceBody(text: string, iface: string): string {
  const start = new RegExp(`^(export )?interface ${iface}\\b[^{]*\\{$`, 'm').exec(text);
  assert.ok(start, `${TYPES} has no interface ${iface}`);
  const end = text.indexOf('\n}', start.index);
  return text.slice(start.index + start[0].length, end);
}

/** Options' members in descent.d.ts: optimizer name → option → 'number' | 'boolean', with '?' when optional. */
function optionsOf(text: string): Record<string, Record<string, string>> {
  const entries = [...interfaceBody(text, 'Options').matchAll(/^\s*(\w+): \{([^}]*)\};$/gm)].map(([, name, members]) => [
    name,
    Object.fromEntries([...members.matchAll(/(\w+)(\??): (\w+)/g)].map(([, option, optional, type]) => [option, `${type}${optional}`])),
  ]);
  return Object.fromEntries(entries);
}

describe('one vocabulary', () => {
  it("package.json's descent.* settings are SETTINGS: their types, choices, least values and defaults", () => {
    const properties: Record<string, Record<string, unknown>> = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties), Object.keys(SETTINGS).map((key) => `descent.${key}`), 'the settings package.json declares');
    for (const [key, setting] of Object.entries(SETTINGS)) {
      const declared = properties[`descent.${key}`];
      const { markdownDescription: _text, enumDescriptions, ...fields } = declared;
      assert.deepEqual(fields, setting, `package.json's descent.${key}`);
      if ('enum' in setting) assert.equal((enumDescriptions as unknown[]).length, setting.enum.length, `package.json's descent.${key}.enumDescriptions`);
    }
  });

  it("descent.d.ts names the backends, memory modes and optimizers that configs may use", () => {
    const text = readFileSync(TYPES, 'utf8');
    assert.deepEqual(unionOf(text, 'Optimization', 'backend'), [...BACKENDS], `${TYPES}: Optimization.backend`);
    assert.deepEqual(unionOf(text, 'Optimization', 'memory'), [...MEMORY_MODES], `${TYPES}: Optimization.memory`);
    assert.deepEqual(Object.keys(optionsOf(text)), [...OPTIMIZER_NAMES], `${TYPES}: the optimizers of Options`);
  });

  it("descent.d.ts gives each optimizer the options the trainer reads, required where tfjs has no default", () => {
    const declared = optionsOf(readFileSync(TYPES, 'utf8'));
    for (const name of OPTIMIZER_NAMES) {
      const read = Object.fromEntries(Object.entries(OPTIMIZERS[name].options).map(([option, info]) => [option, `${info.type}${info.required ? '' : '?'}`]));
      assert.deepEqual(declared[name], read, `${TYPES}: Options.${name}`);
    }
  });

  it("each optimizer's options are those the trainer reads, in the order tf.train's factory takes them", () => {
    for (const name of OPTIMIZER_NAMES) {
      const parameters = /\(([^)]*)\)/.exec(String(tf.train[name]))?.[1].split(',').map((parameter) => parameter.replace(/=.*/s, '').trim());
      assert.deepEqual(parameters, ['learningRate', ...OPTIMIZER_OPTIONS[name]], `tf.train.${name}'s parameters`);
      assert.deepEqual(Object.keys(OPTIMIZERS[name].options), OPTIMIZER_OPTIONS[name], `the options of OPTIMIZERS.${name}`);
    }
  });

  it('the trainer makes each optimizer the config names, from tfjs', () => {
    assert.deepEqual(Object.keys(OPTIMIZERS), [...OPTIMIZER_NAMES], 'the optimizers in src/trainer/optimizers.ts');
    for (const name of OPTIMIZER_NAMES) {
      const required = Object.entries(OPTIMIZERS[name].options).filter(([, info]) => info.required);
      const optimizer = OPTIMIZERS[name].create(0.1, Object.fromEntries(required.map(([option]) => [option, 0.9])));
      try {
        assert.ok(optimizer instanceof tf.Optimizer, name);
        const made = (optimizer.constructor as { className?: string }).className?.toLowerCase();
        assert.equal(made, name, `OPTIMIZERS.${name} makes tfjs's ${made}`);
      } finally {
        disposeOptimizer(optimizer);
      }
    }
  });
});
