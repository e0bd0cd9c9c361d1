// The mistakes the lesson's code and text invite, put into plain words with the learner's own
// names and what to write instead: a number given to tf.variable, minimize given a tensor or a
// function that returns nothing, .print() used as a value, and near-misses of tfjs's names
// (the lesson's text spells them `optimiser.minimise`).
import * as tf from '@tensorflow/tfjs';
import { OPTIMIZER_NAMES } from '../shared/protocol';

/**
 * A mistake in the learner's use of tfjs, worded for them; it points at the learner's line that
 * made it, which may lie deeper in the stack than V8 keeps by default (under tfjs's minimize).
 */
export class ScratchMistake extends Error {
  constructor(message: string) {
    const limit = stackLimit.stackTraceLimit;
    stackLimit.stackTraceLimit = DEEP_STACK;
    super(message);
    stackLimit.stackTraceLimit = limit;
    this.name = 'ScratchMistake';
  }
}

const stackLimit = Error as { stackTraceLimit?: number };
const DEEP_STACK = 100;

/** Where this is called from, with a stack deep enough to reach the learner's line. */
export function callSite(): Error {
  return new ScratchMistake('call site');
}

export function variableNeedsTensor(initial: unknown): ScratchMistake {
  const shown = JSON.stringify(initial) ?? String(initial);
  if (typeof initial === 'number') {
    return new ScratchMistake(`tf.variable needs a tensor, not the number ${shown}: write tf.variable(tf.scalar(${shown})).`);
  }
  if (Array.isArray(initial)) {
    return new ScratchMistake(`tf.variable needs a tensor, not the array ${shown}: write tf.variable(tf.tensor(${shown})).`);
  }
  return new ScratchMistake(`tf.variable needs a tensor as its initial value, not ${describe(initial)}: for example tf.variable(tf.scalar(4.12)).`);
}

/** `call`: how the learner wrote the call (`optimizer.minimize(loss)`), when its line shows it. */
export function minimizeNeedsFunction(given: unknown, call: MinimizeCall | null): ScratchMistake {
  const what = given instanceof tf.Tensor ? 'a tensor (the loss computed once)' : describe(given);
  const fix = call ? `${call.receiver}.minimize(() => ${call.argument})` : 'optimizer.minimize(() => ys.mul(x).square().mean())';
  return new ScratchMistake(
    `minimize needs a function that computes the loss, and got ${what}: write ${fix}, so that the optimizer can compute the loss again at each step.`,
  );
}

export function lossReturnedNothing(f: () => unknown, call: MinimizeCall | null): ScratchMistake {
  const text = f.toString().replace(/\s+/g, ' ').trim();
  const body = /^(?:\(\s*\)\s*=>|function\s*[\w$]*\s*\(\s*\))\s*\{\s*([^{};]+?);?\s*\}$/.exec(text)?.[1];
  const printed = body ? /^(.*)\.print\(\)$/.exec(body)?.[1] : undefined;
  const owner = call ? `${call.receiver}.minimize` : 'minimize';
  if (printed) {
    return new ScratchMistake(
      `The function given to ${owner} ends with .print(), which shows the tensor and returns nothing (undefined): return the loss itself, () => ${printed}, and print it on a line of its own.`,
    );
  }
  const fix = body ? `: write () => ${body}, or () => { return ${body}; }` : ': put return before the loss expression';
  return new ScratchMistake(`The function given to ${owner} returns nothing (undefined), so there is no loss to minimize${fix}.`);
}

export interface MinimizeCall {
  /** The optimizer as the learner names it. */
  receiver: string;
  /** What the learner passed, as written. */
  argument: string;
}

/** `optimizer.minimize(ys.mul(x))` on a line of the learner's source. */
export function minimizeCallIn(line: string | null): MinimizeCall | null {
  const start = line ? /([\w$.]+)\.minimi[sz]e\s*\(/.exec(line) : null;
  if (!line || !start) return null;
  let depth = 1;
  const from = start.index + start[0].length;
  for (let i = from; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return { receiver: start[1], argument: line.slice(from, i).trim() };
  }
  return null;
}

/**
 * A runtime error about a name put into the learner's words: a near-miss of a tfjs name or of one
 * the scratch declares, or a .print() used as a value; null when it is none of these.
 */
export function explainNameError(error: Error, line: string | null, declared: readonly string[]): string | null {
  const notFunction = /^([\w$.]+)\.([\w$]+) is not a function$/.exec(error.message);
  if (notFunction) {
    const [, receiver, name] = notFunction;
    const right = nearest(name, tfjsNames());
    if (right) return `${receiver}.${name} is not a function: tfjs spells it ${right}. Write ${receiver}.${right}(…).${spellingNote(name, right)}`;
  }
  const notDefined = /^([\w$]+) is not defined$/.exec(error.message);
  if (notDefined) {
    const right = nearest(notDefined[1], declared);
    if (right) return `${notDefined[1]} is not defined: the scratch names it ${right}.${spellingNote(notDefined[1], right, 'the scratch spells it')}`;
  }
  const readingUndefined = /^Cannot read properties of undefined \(reading '([^']+)'\)$/.exec(error.message);
  if (readingUndefined && line) {
    const printed = /([\w$.]+)\.print\(\)\s*\./.exec(line) ?? /=\s*([\w$.]+)\.print\(\)/.exec(line);
    if (printed) {
      return (
        `${printed[1]}.print() shows the tensor and returns nothing (undefined), so .${readingUndefined[1]} cannot be read from its result: ` +
        `print on a line of its own (${printed[1]}.print();) and use ${printed[1]} itself.`
      );
    }
    for (const [, name] of line.matchAll(/\btf\.([\w$]+)/g)) {
      const right = name in tf ? null : nearest(name, Object.keys(tf));
      if (right) return `tf.${name} is not part of tfjs: tfjs spells it tf.${right}.${spellingNote(name, right)}`;
    }
  }
  return null;
}

/** Says so when a name differs from the right one by a British s for an American z. */
function spellingNote(wrong: string, right: string, whose = 'tfjs uses the American spelling'): string {
  return /is(e|er|ing|ation)/i.test(wrong) && /iz(e|er|ing|ation)/i.test(right) ? ` (${whose}, with z.)` : '';
}

let vocabulary: string[] | null = null;

/** The names a learner reaches through tf: its functions, tf.train's, and the methods of tensors, variables and optimizers. */
function tfjsNames(): string[] {
  if (vocabulary) return vocabulary;
  const names = new Set<string>([...Object.keys(tf), ...OPTIMIZER_NAMES]);
  for (const type of [tf.Tensor, tf.Variable, tf.Optimizer, tf.SGDOptimizer, tf.AdamOptimizer]) {
    for (let proto: object | null = type.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      Object.getOwnPropertyNames(proto).forEach((name) => names.add(name));
    }
  }
  vocabulary = [...names];
  return vocabulary;
}

/** The closest name, if close enough to be a slip (a letter or two, or an s for a z). */
function nearest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) return null;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.min(2, Math.floor(name.length / 3)) ? best : null;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn a into b. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}
