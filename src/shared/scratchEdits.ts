// Use in scratch: a play change (start values, the learning rates' factor, optimizer options) as
// edits of the scratch's text. Only the numbers change; an option the learner did not write is
// added in the style of its neighbours. In a config that is the `variables` values and each
// optimizer entry's `learningRate` and options; in the lesson form each `tf.variable(…)` declared
// under the variable's name and each `tf.train.<optimizer>(rate, …options)` call.
import { playRate, type PlayChange } from './protocol';
import { scriptTokens, stringValue, type Token } from './scriptTokens';
import { parseComponentName } from './variableComponents';
import { OPTIMIZER_NAMES, OPTIMIZER_OPTIONS, type OptimizerName } from './vocabulary';

export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

/** What stops a change from being written, naming the variable, optimizer or option. */
export type EditProblem =
  | { kind: 'noConfig' }
  | { kind: 'noVariable'; name: string; form: 'config' | 'lesson' }
  /** Its start is computed, not a number written in the scratch. */
  | { kind: 'startNotWritten'; name: string }
  | { kind: 'noElement'; name: string }
  | { kind: 'noOptimizer' }
  | { kind: 'rateNotWritten'; optimizer: string }
  /** The optimizer runs at tfjs's default rate: there is no number to multiply. */
  | { kind: 'defaultRate'; optimizer: string }
  | { kind: 'optionNotWritten'; optimizer: string; option: string };

export type ScratchEdits = { edits: TextEdit[]; problem: null } | { edits: null; problem: EditProblem };

/** Token indices [from, to). */
interface Span {
  from: number;
  to: number;
}

interface Property {
  key: string;
  keyToken: Token;
  /** Null for a shorthand `{ x }`. */
  value: Span | null;
}

class Problem extends Error {
  constructor(readonly problem: EditProblem) {
    super(problem.kind);
  }
}

export function scratchEdits(text: string, change: PlayChange): ScratchEdits {
  const script = new Script(text);
  try {
    const writer = new EditWriter();
    const config = script.configObject();
    if (config === 'unreadable') throw new Problem({ kind: 'noConfig' });
    if (config === null) writeLesson(script, writer, change);
    else writeConfig(script, writer, config, change);
    return { edits: writer.edits(), problem: null };
  } catch (error) {
    if (error instanceof Problem) return { edits: null, problem: error.problem };
    throw error;
  }
}

/** The text with the edits made: what the editor's document holds after Use in scratch. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((result, e) => result.slice(0, e.offset) + e.text + result.slice(e.offset + e.length), text);
}

/** A number as a learner writes it: 0.001, -3, 1e-8, never 0.30000000000000004. */
export function writtenNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

function writeConfig(script: Script, writer: EditWriter, config: number, change: PlayChange): void {
  const fields = script.properties(config);
  const variables = fields.get('variables')?.value;
  for (const [name, value] of Object.entries(change.start)) {
    const component = parseComponentName(name);
    const entry = variables && script.isObject(variables) ? script.properties(variables.from).get(component?.variable ?? name) : undefined;
    if (!component || !entry) throw new Problem({ kind: 'noVariable', name, form: 'config' });
    writer.replace(script.startLiteral(entry.value, component.indices, name), value);
  }
  if (change.rateFactor === 1 && Object.keys(change.options).length === 0) return;

  const topRate = fields.get('learningRate')?.value ?? null;
  const field = fields.get('optimizer')?.value;
  const entries = !field ? [null] : script.tokens[field.from].text === '[' ? script.items(field.from) : [field];
  let found = false;
  for (const entry of entries) {
    const object = entry && script.isObject(entry) ? script.properties(entry.from) : null;
    // No optimizer field: sgd.
    const nameToken = entry === null ? undefined : object ? script.tokens[object.get('name')?.value?.from ?? -1] : script.tokens[entry.from];
    const name = entry === null ? 'sgd' : optimizerName(stringValue(nameToken));
    if (!name) continue;
    found = true;
    const ownRate = object?.get('learningRate')?.value ?? null;
    if (change.rateFactor !== 1) {
      const rate = ownRate ?? topRate;
      if (!rate) throw new Problem({ kind: 'defaultRate', optimizer: name });
      const rates = script.tokens[rate.from].text === '[' ? script.items(rate.from) : [rate];
      for (const one of rates) {
        const literal = script.numberLiteral(one);
        if (!literal) throw new Problem({ kind: 'rateNotWritten', optimizer: name });
        writer.replace(literal, playRate(literal.value, change.rateFactor));
      }
    }
    const missing: [string, number][] = [];
    for (const [option, value] of Object.entries(change.options)) {
      if (!OPTIMIZER_OPTIONS[name].includes(option)) continue;
      const given = object?.get(option);
      if (!given) missing.push([option, value]);
      else {
        const literal = given.value && script.numberLiteral(given.value);
        if (!literal) throw new Problem({ kind: 'optionNotWritten', optimizer: name, option });
        writer.replace(literal, value);
      }
    }
    // Only an entry written in the file has options to miss: the sgd of a config without an optimizer field has none.
    if (missing.length === 0 || !entry) continue;
    writer.insert(object ? script.propertiesInsertion(entry.from, missing) : script.nameAsObject(entry.from, missing));
  }
  if (!found) throw new Problem({ kind: 'noOptimizer' });
}

function writeLesson(script: Script, writer: EditWriter, change: PlayChange): void {
  for (const [name, value] of Object.entries(change.start)) {
    const component = parseComponentName(name);
    const initializer = component && script.declaration(component.variable);
    if (!component || !initializer) throw new Problem({ kind: 'noVariable', name, form: 'lesson' });
    writer.replace(script.startLiteral(script.valueAt(initializer), component.indices, name), value);
  }
  if (change.rateFactor === 1 && Object.keys(change.options).length === 0) return;

  const calls = script.optimizerCalls();
  if (calls.length === 0) throw new Problem({ kind: 'noOptimizer' });
  for (const { name, open } of calls) {
    const args = script.items(open);
    if (change.rateFactor !== 1) {
      if (!args[0]) throw new Problem({ kind: 'defaultRate', optimizer: name });
      const literal = script.numberLiteral(args[0]);
      if (!literal) throw new Problem({ kind: 'rateNotWritten', optimizer: name });
      writer.replace(literal, playRate(literal.value, change.rateFactor));
    }
    // Positional: the arguments after the last one written, `undefined` where tfjs keeps its default.
    const added: string[] = [];
    for (const [option, value] of Object.entries(change.options)) {
      const position = OPTIMIZER_OPTIONS[name].indexOf(option) + 1;
      if (position === 0) continue;
      if (position < args.length) {
        const literal = script.numberLiteral(args[position]) ?? script.undefinedLiteral(args[position]);
        if (!literal) throw new Problem({ kind: 'optionNotWritten', optimizer: name, option });
        writer.replace(literal, value);
      } else {
        for (let i = added.length; i <= position - args.length; i++) added.push('undefined');
        added[position - args.length] = writtenNumber(value);
      }
    }
    if (added.length > 0) writer.insert(script.argumentsInsertion(open, added));
  }
}

function optimizerName(name: string | null): OptimizerName | null {
  return OPTIMIZER_NAMES.find((n) => n === name?.toLowerCase()) ?? null;
}

interface Literal {
  start: number;
  end: number;
  value: number;
}

class EditWriter {
  private readonly list: TextEdit[] = [];

  /** A number written anew; nothing when it already says that value, and a literal shared by several runs is written once. */
  replace(literal: Literal, value: number): void {
    if (this.list.some((e) => e.offset === literal.start)) return;
    if (literal.value === value && !Number.isNaN(literal.value)) return;
    this.list.push({ offset: literal.start, length: literal.end - literal.start, text: writtenNumber(value) });
  }

  insert(edits: TextEdit[]): void {
    this.list.push(...edits);
  }

  edits(): TextEdit[] {
    return [...this.list].sort((a, b) => a.offset - b.offset);
  }
}

/** The scratch's tokens, with the brackets matched. */
class Script {
  readonly tokens: Token[];
  /** For each opening bracket's token index, its closing one's (the end when it has none). */
  private readonly closes = new Map<number, number>();

  constructor(readonly text: string) {
    this.tokens = scriptTokens(text);
    const open: number[] = [];
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    this.tokens.forEach((token, i) => {
      if (token.kind !== 'punct') return;
      if ('([{'.includes(token.text)) open.push(i);
      else if (pairs[token.text] && this.tokens[open.at(-1) ?? -1]?.text === pairs[token.text]) this.closes.set(open.pop() as number, i);
    });
    for (const i of open) this.closes.set(i, this.tokens.length);
  }

  close(open: number): number {
    return this.closes.get(open) ?? this.tokens.length;
  }

  /** The comma-separated items inside the bracket at `open`. */
  items(open: number): Span[] {
    const close = this.close(open);
    const items: Span[] = [];
    let from = open + 1;
    for (let i = open + 1; i < close; i++) {
      if (this.closes.has(i)) i = this.close(i);
      else if (this.tokens[i].text === ',') {
        items.push({ from, to: i });
        from = i + 1;
      }
    }
    if (from < close) items.push({ from, to: close });
    return items;
  }

  isObject(span: Span): boolean {
    return this.tokens[span.from]?.text === '{' && this.close(span.from) === span.to - 1;
  }

  /** The properties of the object literal at `open`, by key. */
  properties(open: number): Map<string, Property> {
    const properties = new Map<string, Property>();
    for (const { from, to } of this.items(open)) {
      const keyToken = this.tokens[from];
      const key = keyToken.kind === 'name' ? keyToken.text : stringValue(keyToken);
      if (key === null) continue;
      const colon = this.tokens[from + 1]?.text === ':';
      if (colon || to === from + 1) properties.set(key, { key, keyToken, value: colon ? { from: from + 2, to } : null });
    }
    return properties;
  }

  /** The `{` of the default export's object: `export default {`, `defineOptimization({`, or a constant's; null without a default export. */
  configObject(): number | null | 'unreadable' {
    const i = this.tokens.findIndex((t, k) => t.text === 'export' && this.tokens[k + 1]?.text === 'default');
    return i < 0 ? null : (this.objectAt(i + 2, 0) ?? 'unreadable');
  }

  private objectAt(i: number, depth: number): number | null {
    const token = this.tokens[i];
    if (!token || depth > 4) return null;
    if (token.text === '{') return i;
    if (token.text === '(') return this.objectAt(i + 1, depth + 1);
    if (token.kind !== 'name') return null;
    if (this.tokens[i + 1]?.text === '(') return this.objectAt(i + 2, depth + 1);
    const initializer = this.declaration(token.text);
    return initializer === null ? null : this.objectAt(initializer, depth + 1);
  }

  /** The first token of the initializer of `const|let|var name =`. */
  declaration(name: string): number | null {
    const i = this.tokens.findIndex((t, k) => ['const', 'let', 'var'].includes(t.text) && this.tokens[k + 1]?.text === name && this.tokens[k + 2]?.text === '=');
    return i < 0 ? null : i + 3;
  }

  /** The call starting at `i` (`tf.variable(…)`, `tf.scalar(4)`): the token index of its `(`, and its span to its `)`. */
  private callAt(i: number): { open: number; span: Span } | null {
    let open = i;
    while (this.tokens[open]?.kind === 'name' || this.tokens[open]?.text === '.') open++;
    return open > i && this.tokens[open]?.text === '(' ? { open, span: { from: i, to: this.close(open) + 1 } } : null;
  }

  /** The value an initializer starts with at `i`: a call, or a number with its sign. */
  valueAt(i: number): Span {
    const signed = this.tokens[i]?.text === '-' || this.tokens[i]?.text === '+';
    return this.callAt(i)?.span ?? { from: i, to: i + (signed ? 2 : 1) };
  }

  /** Each `….train.<optimizer>(` call, by the token index of its `(`. */
  optimizerCalls(): { name: OptimizerName; open: number }[] {
    return this.tokens.flatMap((t, i) => {
      const name = optimizerName(t.text);
      const isCall = name && this.tokens[i - 1]?.text === '.' && this.tokens[i - 2]?.text === 'train' && this.tokens[i + 1]?.text === '(';
      return isCall ? [{ name, open: i + 1 }] : [];
    });
  }

  /**
   * The number a variable starts from, or its element at `indices`: written as a number, an array,
   * a call's first argument (`tf.scalar(4.12)`, `tf.variable(tf.tensor([1, 2]))`) or a constant's.
   */
  startLiteral(span: Span | null, indices: number[], name: string): Literal {
    let value = span && this.initialValue(span, 0);
    for (const index of indices) {
      if (!value) break;
      const isArray = this.tokens[value.from].text === '[' && this.close(value.from) === value.to - 1;
      const element: Span | undefined = isArray ? this.items(value.from)[index] : undefined;
      if (!element) throw new Problem({ kind: 'noElement', name });
      value = element;
    }
    const literal = value && this.numberLiteral(value);
    if (!literal) throw new Problem({ kind: 'startNotWritten', name });
    return literal;
  }

  private initialValue(span: Span, depth: number): Span | null {
    if (depth > 4) return null;
    if (this.numberLiteral(span) || this.tokens[span.from].text === '[') return span;
    const call = this.callAt(span.from);
    if (call && call.span.to === span.to) {
      const [first] = this.items(call.open);
      return first ? this.initialValue(first, depth + 1) : null;
    }
    const constant = span.to === span.from + 1 && this.tokens[span.from].kind === 'name' ? this.declaration(this.tokens[span.from].text) : null;
    return constant === null ? null : this.initialValue(this.valueAt(constant), depth + 1);
  }

  /** A number as written, with its sign: `0.001`, `-3`, `1e-8`. */
  numberLiteral(span: Span): Literal | null {
    const [first, second] = [this.tokens[span.from], this.tokens[span.from + 1]];
    if (span.to === span.from + 1 && first?.kind === 'number') return { start: first.start, end: first.end, value: Number(first.text.replace(/_/g, '')) };
    if (span.to === span.from + 2 && (first?.text === '-' || first?.text === '+') && second?.kind === 'number') {
      const value = Number(second.text.replace(/_/g, ''));
      return { start: first.start, end: second.end, value: first.text === '-' ? -value : value };
    }
    // A constant's number: `const lr = 0.01` written once and used here.
    const constant = span.to === span.from + 1 && first?.kind === 'name' ? this.declaration(first.text) : null;
    if (constant === null) return null;
    const value = this.valueAt(constant);
    if (this.tokens[value.from]?.kind === 'name') return null;
    const after = this.tokens[value.to]?.text;
    return after === undefined || after === ';' || after === ',' || this.onNewLine(value.to) ? this.numberLiteral(value) : null;
  }

  /** An `undefined` argument, which tfjs reads as its default: written over like a number. */
  undefinedLiteral(span: Span): Literal | null {
    const token = this.tokens[span.from];
    return span.to === span.from + 1 && token.text === 'undefined' ? { start: token.start, end: token.end, value: Number.NaN } : null;
  }

  private onNewLine(i: number): boolean {
    return this.text.slice(this.tokens[i - 1].end, this.tokens[i].start).includes('\n');
  }

  /** Arguments added at the end of the call whose `(` is at `open`. */
  argumentsInsertion(open: number, added: string[]): TextEdit[] {
    const close = this.close(open);
    const last = this.tokens[close - 1];
    if (close === open + 1) return [{ offset: this.tokens[open].end, length: 0, text: added.join(', ') }];
    const text = last.text === ',' ? ` ${added.join(', ')}` : `, ${added.join(', ')}`;
    return [{ offset: last.end, length: 0, text }];
  }

  /** Properties added at the end of the object literal at `open`, as its own properties are written: on their own lines or in one, quoted or not, with a trailing comma or without. */
  propertiesInsertion(open: number, added: [string, number][]): TextEdit[] {
    const close = this.close(open);
    const items = this.items(open);
    const first = this.tokens[items[0]?.from ?? close];
    const quote = first?.kind === 'string' ? first.text[0] : '';
    const written = added.map(([key, value]) => `${quote}${key}${quote}: ${writtenNumber(value)}`);
    const last = items.at(-1);
    if (!last) return [{ offset: this.tokens[open].end, length: 0, text: ` ${written.join(', ')} ` }];
    const trailingComma = this.tokens[close - 1]?.text === ',';
    const lastEnd = this.tokens[trailingComma ? close - 1 : last.to - 1].end;
    const multiline = this.text.slice(this.tokens[open].end, first.start).includes('\n');
    if (!multiline) return [{ offset: lastEnd, length: 0, text: trailingComma ? ` ${written.join(', ')},` : `, ${written.join(', ')}` }];
    // After the last property's line, comment included, indented as the first property is.
    const indent = /[ \t]*$/.exec(this.text.slice(0, first.start))?.[0] ?? '';
    const lineEnd = this.text.indexOf('\n', lastEnd);
    const closeStart = this.tokens[close]?.start ?? this.text.length;
    const at = lineEnd >= 0 && lineEnd < closeStart ? lineEnd : lastEnd;
    const lines = written.map((w) => `\n${indent}${w}`).join(',') + (trailingComma ? ',' : '');
    if (trailingComma) return [{ offset: at, length: 0, text: lines }];
    return at === lastEnd ? [{ offset: at, length: 0, text: `,${lines}` }] : [{ offset: lastEnd, length: 0, text: ',' }, { offset: at, length: 0, text: lines }];
  }

  /** An optimizer given by its name (`'adam'`) written as an entry with options, quoted as its name is. */
  nameAsObject(i: number, added: [string, number][]): TextEdit[] {
    const token = this.tokens[i];
    const options = added.map(([key, value]) => `, ${key}: ${writtenNumber(value)}`).join('');
    return [{ offset: token.start, length: token.end - token.start, text: `{ name: ${token.text}${options} }` }];
  }
}
