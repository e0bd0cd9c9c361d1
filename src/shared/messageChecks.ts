// The pieces the message schemas of protocol.ts are made of, and how a message's first misfit is
// told: the path to the field, then what is wrong with it, e.g. `message(stopped).epoch should be a
// whole number`. Each schema carries its own wording; valibot finds the misfit.
import * as v from 'valibot';

const MAX_ARRAY = 10_000_000;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const aNumber = (x: unknown) => typeof x === 'number';

export const str = v.string('should be a string');
// NaN is a number here: it crosses from the worker to the panel as it is.
export const num = v.custom<number>(aNumber, 'should be a number');
export const int = v.custom<number>(Number.isInteger, 'should be a whole number');
export const positiveInt = v.custom<number>((x) => Number.isInteger(x) && (x as number) > 0, 'should be a whole number above 0');
export const bool = v.boolean('should be true or false');
export const blob = v.custom<Blob>((x) => typeof Blob !== 'undefined' && x instanceof Blob, 'should be a Blob');

export const oneOf = <const T extends readonly string[]>(options: T) => v.picklist(options, `should be one of ${options.join(', ')}`);

export const anyOf = <const T extends v.GenericSchema[]>(...options: T) => v.union(options, 'has an unexpected form');

/** Its length is checked before its items: a huge array is refused without being walked. */
export const arrayOf = <T extends v.GenericSchema>(item: T) =>
  v.pipe(
    v.custom<unknown[]>(
      (x) => Array.isArray(x) && x.length <= MAX_ARRAY,
      (issue) => (Array.isArray(issue.input) ? 'is too long' : 'should be an array'),
    ),
    v.array(item),
  );

const anObject = v.custom<Record<string, unknown>>(isObject, 'should be an object');

export const recordOf = <T extends v.GenericSchema>(item: T) => v.pipe(anObject, v.record(v.string(), item));

/** A missing field is told as its own schema tells undefined, e.g. `epoch should be a whole number`. */
export const shape = <E extends v.ObjectEntries>(entries: E) => v.pipe(anObject, v.object(entries, (issue) => missing(entries, issue)));

/** A shape whose other fields all fit `rest`. */
export const shapeWithRest = <E extends v.ObjectEntries, R extends v.GenericSchema>(entries: E, rest: R) =>
  v.pipe(anObject, v.objectWithRest(entries, rest, (issue) => missing(entries, issue)));

function missing(entries: v.ObjectEntries, issue: v.BaseIssue<unknown>): string {
  const key = String(issue.path?.[0]?.key);
  return v.safeParse(entries[key], undefined, { abortEarly: true }).issues?.[0].message ?? 'should be an object';
}

/** A scalar, or nested arrays of numbers (a tensor's values). null stands for NaN or ±Infinity. */
export type Value = number | null | Value[];
const scalar = v.nullable(num);
export const value: v.GenericSchema<unknown, Value> = v.lazy((x) => (x === null || aNumber(x) ? scalar : values));
const values = arrayOf(value);

/** Schemas by message type; each checks a message with that `type` field. */
export type Members = Record<string, v.GenericSchema>;
export type MessageOf<M extends Members> = v.InferOutput<M[keyof M]>;

/** Why the message does not fit the member its type names, or null when it does. */
export function problemIn(members: Members, raw: unknown, at: string): string | null {
  if (!isObject(raw) || typeof raw.type !== 'string') return `${at} has no message type`;
  const schema = Object.hasOwn(members, raw.type) ? members[raw.type] : undefined;
  if (!schema) return `${at} has an unknown type "${raw.type.slice(0, 40)}"`;
  const issue = v.safeParse(schema, raw, { abortEarly: true }).issues?.[0];
  if (!issue) return null;
  const path = (issue.path ?? []).map((item) => (item.type === 'array' ? `[${String(item.key)}]` : `.${String(item.key)}`)).join('');
  // A message inside a message (see messageField) tells its own path on from here.
  const glue = issue.message.startsWith(' ') || issue.message.startsWith('(') ? '' : ' ';
  return `${at}(${raw.type})${path}${glue}${issue.message}`;
}

/** A field that holds a message of its own, e.g. the trainer event that the panel forwards. */
export const messageField = <M extends Members>(members: M) =>
  v.custom<MessageOf<M>>(
    (x) => problemIn(members, x, '') === null,
    (issue) => problemIn(members, issue.input, '') ?? '',
  );

export type Validation<T> = { ok: true; message: T } | { ok: false; problem: string };

/** Checks a message against the members; what passes is handed on as it came, not copied. */
export function validator<M extends Members>(members: M): (raw: unknown) => Validation<MessageOf<M>> {
  return (raw) => {
    const problem = problemIn(members, raw, 'message');
    return problem ? { ok: false, problem } : { ok: true, message: raw as MessageOf<M> };
  };
}
