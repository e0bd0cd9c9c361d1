// The names of a variable's scalar components, and reading them back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { componentName, flatIndexOf, parseComponentName } from '../../src/shared/variableComponents';

describe('scalar components of variables', () => {
  it('names a scalar by the variable, a vector element and a matrix element by their indices', () => {
    assert.equal(componentName('x', [], 0), 'x');
    assert.equal(componentName('w', [5], 3), 'w[3]');
    assert.equal(componentName('w', [2, 3], 5), 'w[1][2]');
    assert.equal(componentName('w', [2, 3], 2), 'w[0][2]');
  });

  it('reads every name back to its variable and flat index', () => {
    for (const shape of [[], [5], [2, 3], [2, 1, 4]]) {
      const size = shape.reduce((product, n) => product * n, 1);
      for (let flat = 0; flat < size; flat++) {
        const parsed = parseComponentName(componentName('w', shape, flat));
        assert.ok(parsed);
        assert.equal(parsed.variable, 'w');
        assert.equal(flatIndexOf(shape, parsed.indices), flat, `${componentName('w', shape, flat)} of [${shape}]`);
      }
    }
  });

  it('parses a plain name as a whole variable, and refuses malformed brackets', () => {
    assert.deepEqual(parseComponentName('learningRate'), { variable: 'learningRate', indices: [] });
    assert.deepEqual(parseComponentName('m[12]'), { variable: 'm', indices: [12] });
    for (const bad of ['', '[3]', 'w[', 'w[a]', 'w[3', 'w]3[', 'w[-1]']) assert.equal(parseComponentName(bad), null, bad);
  });

  it('has no flat index for indices outside the shape or of another rank', () => {
    assert.equal(flatIndexOf([3], [3]), null);
    assert.equal(flatIndexOf([3], []), null);
    assert.equal(flatIndexOf([], [0]), null);
    assert.equal(flatIndexOf([2, 3], [1]), null);
    assert.equal(flatIndexOf([], []), 0);
  });
});
