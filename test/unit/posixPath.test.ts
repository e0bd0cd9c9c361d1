// The web host's path functions for URI paths agree with Node's POSIX ones on the paths the
// compiler and the host give them.
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { it } from 'node:test';
import * as ours from '../../src/shared/posixPath';

const CASES: [keyof typeof ours & keyof typeof posix, string[]][] = [
  ['join', ['/w/lib', 'index.ts']],
  ['join', ['a', '../b']],
  ['join', ['..', 'x']],
  ['join', ['/a/b', '../../..', 'c']],
  ['join', ['.', 'scratch.js']],
  ['resolve', ['/w', './lib/helper']],
  ['resolve', ['/w/a', '../b', './c.ts']],
  ['resolve', ['/w', '/elsewhere/x']],
  ['dirname', ['/w/lesson.ts']],
  ['dirname', ['/w']],
  ['dirname', ['lesson.ts']],
  ['dirname', ['course/index.html']],
  ['basename', ['/w/lesson.ts']],
  ['basename', ['/w/lib/']],
  ['extname', ['/w/helper.ts']],
  ['extname', ['/w/.hidden']],
  ['extname', ['/w/noext']],
  ['relative', ['/w/course', '/w/course/scratch.js']],
  ['relative', ['/w/a', '/w/b/c.ts']],
  ['relative', ['/w', '/w']],
];

it("agrees with node:path's POSIX functions", () => {
  for (const [name, args] of CASES) {
    const call = (f: unknown) => (f as (...a: string[]) => string)(...args);
    assert.equal(call(ours[name]), call(posix[name]), `${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
  }
  assert.equal(ours.sep, posix.sep);
});
