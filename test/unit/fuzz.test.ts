// Mutated scratch files through compile, validation and the CLI's runner: every one must end with
// a result or a clear error within its timeout; nothing may crash or answer with a bare stack.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { ERROR_KINDS, RUN_STATUSES } from '../../src/shared/protocol';
import { runScratchFile, type FileOutcome } from '../../src/cli/runScratchFile';
import { LESSON_CODE, lessonConfig } from '../support/lesson';

const CASES = Number(process.env.FUZZ_CASES ?? 520);
// One case at a time: two of the heaviest mutations at once (tensors of tens of millions of
// elements, each case's loss also asked which way is down) took this process past 23 GB.
const PARALLEL = 1;
const TIMEOUT_SECONDS = 10;

const SEEDS = [
  lessonConfig(),
  lessonConfig("stopWhen: { loss: 1e-4 }, logEvery: 5, memory: 'dispose',"),
  LESSON_CODE,
  [
    "import * as tf from '@tensorflow/tfjs';",
    'const xs = [0, 1, 2, 3, 4];',
    'export default {',
    '  variables: { a: 0, b: [[0.5], [0.5]] },',
    '  data: { xs, ys: [[-1], [2], [5], [8], [11]], m: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]] },',
    '  loss: ({ a, b, xs, ys, m }: Record<string, tf.Tensor>) => m.matMul(b).add(xs.reshape([5, 1]).mul(a)).sub(ys).square().mean(),',
    "  optimizer: [{ name: 'momentum', momentum: 0.9 }, 'adam', { name: 'rmsprop', centered: true }],",
    '  learningRate: [0.01, 0.001],',
    '  epochs: 40,',
    '};',
  ].join('\n'),
];

const NUMBERS = ['NaN', 'Infinity', '-Infinity', '-1', '0', '1e9', '1e300', '-0.5', '3.7', '2147483648', '1e-320'];
const WRONG_VALUES = ['"text"', 'null', 'undefined', '[]', '{}', 'true', '() => 1', 'Symbol()', 'tf.scalar(1)', 'new Array(3)'];
const HUGE_ARRAYS = ['Array.from({ length: 200000 }, () => 1)', 'new Array(60000000).fill(0)', '[[1, 2], [3]]', '[]'];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: string, pick: <T>(items: T[]) => T, chance: () => number) => string;

const replaceOne = (text: string, pattern: RegExp, pick: <T>(items: T[]) => T, replacement: () => string) => {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const m = pick(matches);
  return text.slice(0, m.index) + replacement() + text.slice((m.index ?? 0) + m[0].length);
};

const MUTATIONS: Record<string, Mutation> = {
  deleteToken: (text, pick) => replaceOne(text, /[\w$]+|[^\s\w]/g, pick, () => ''),
  swapFields: (text, pick) => {
    const lines = text.split('\n');
    const fields = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s+\w+:/.test(l));
    if (fields.length < 2) return text;
    const [a, b] = [pick(fields), pick(fields)];
    const keyOf = (l: string) => /^\s+(\w+):/.exec(l)?.[1] ?? '';
    lines[a[1]] = a[0].replace(keyOf(a[0]), keyOf(b[0]));
    lines[b[1]] = b[0].replace(keyOf(b[0]), keyOf(a[0]));
    return lines.join('\n');
  },
  wrongType: (text, pick) => replaceOne(text, /(?<=\w: )[^,\n]+/g, pick, () => pick(WRONG_VALUES)),
  randomNumber: (text, pick) => replaceOne(text, /(?<![\w.])\d+(\.\d+)?(e-?\d+)?/g, pick, () => pick(NUMBERS)),
  hugeArray: (text, pick) => replaceOne(text, /\[[^\]\n]*\]/g, pick, () => pick(HUGE_ARRAYS)),
  truncate: (text, _pick, chance) => text.slice(0, Math.floor(chance() * text.length)),
  duplicateLine: (text, pick) => {
    const lines = text.split('\n');
    const line = pick(lines);
    return [...lines, line].join('\n');
  },
};

function makeCases(): { name: string; text: string }[] {
  const chance = random(20261123);
  const pick = <T>(items: T[]): T => items[Math.floor(chance() * items.length)];
  const names = Object.keys(MUTATIONS);
  return Array.from({ length: CASES }, (_, i) => {
    let text = pick(SEEDS);
    const applied: string[] = [];
    const count = 1 + Math.floor(chance() * 2);
    for (let k = 0; k < count; k++) {
      const name = names[(i + k * 3) % names.length];
      text = MUTATIONS[name](text, pick, chance);
      applied.push(name);
    }
    return { name: `case ${i} (${applied.join(' + ')})`, text };
  });
}

/** Why an outcome is not acceptable, or null when it is a clear result or a clear error. */
function problemWith(outcome: FileOutcome): string | null {
  const { error, runs } = outcome;
  for (const run of runs) {
    if (!RUN_STATUSES.includes(run.status)) return `unknown status ${run.status}`;
    if (run.loss.length !== run.epochs) return `loss has ${run.loss.length} values for ${run.epochs} epochs`;
  }
  if (!error) return null;
  if (!ERROR_KINDS.includes(error.kind)) return `unknown error kind ${error.kind}`;
  if (error.message.trim().length < 8) return `an unclear message: "${error.message}"`;
  if (/^\s+at .+:\d+:\d+\)?$/m.test(error.message)) return `a stack trace in the message: ${error.message}`;
  if (error.line !== null && error.line < 1) return `line ${error.line}`;
  return null;
}

it(`ends every one of ${CASES} mutated scratch files with a result or a clear error`, { timeout: 30 * 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-fuzz-'));
  const cases = makeCases();
  const outcomes = new Map<string, number>();
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const file = join(dir, `case-${index}.ts`);
      writeFileSync(file, cases[index].text);
      const outcome = await runScratchFile({ file, timeoutSeconds: TIMEOUT_SECONDS, trainerScript: resolve('dist', 'cliTrainer.js') }, () => undefined);
      const kind = outcome.error?.kind ?? (outcome.runs.length ? outcome.runs.map((r) => r.status).join('+') : 'no runs');
      outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
      const problem = problemWith(outcome);
      if (problem) failures.push(`${cases[index].name}: ${problem}\n${cases[index].text}`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  t.diagnostic(`outcomes: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  // runScratchFile answers once a case's trainer thread has gone: no two cases' memory at once.
  t.diagnostic(`peak resident memory of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  assert.deepEqual(failures, []);
  assert.ok((outcomes.get('config') ?? 0) > 0 && (outcomes.get('compile') ?? 0) > 0, 'the mutations reach both the compiler and the validation');
});
