// The names of a variable's scalar components, as the figures and the landscape requests write
// them: `x` for a scalar variable, `w[3]` for element 3 of a vector, `w[1][2]` for a matrix's.
import type { Value } from './protocol';

/** The name of the element at `flatIndex` (row-major, as tfjs stores it) of a variable of this shape. */
export function componentName(variable: string, shape: readonly number[], flatIndex: number): string {
  const indices: number[] = [];
  let rest = flatIndex;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    indices.unshift(rest % shape[axis]);
    rest = Math.floor(rest / shape[axis]);
  }
  return `${variable}${indices.map((i) => `[${i}]`).join('')}`;
}

export interface ComponentName {
  variable: string;
  /** One index per axis; none for a scalar variable. */
  indices: number[];
}

/** Splits `w[1][2]` into `w` and its indices; a name without brackets is a whole variable. Null when the brackets are malformed. */
export function parseComponentName(name: string): ComponentName | null {
  const found = /^(.*?)((?:\[\d+\])*)$/.exec(name);
  if (!found || found[1] === '' || /[[\]]/.test(found[1])) return null;
  return { variable: found[1], indices: [...found[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])) };
}

/** The row-major flat index of those indices in a variable of this shape; null when they do not name one of its elements. */
export function flatIndexOf(shape: readonly number[], indices: readonly number[]): number | null {
  if (indices.length !== shape.length) return null;
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) {
    if (indices[axis] >= shape[axis]) return null;
    flat = flat * shape[axis] + indices[axis];
  }
  return flat;
}

/** The value of the component `name` (`x`, `w[3]`) among a run's variables; null when it names no finite number there. */
export function componentValue(values: Readonly<Record<string, Value>>, name: string): number | null {
  const parsed = parseComponentName(name);
  let value: Value | undefined = parsed ? values[parsed.variable] : undefined;
  for (const index of parsed?.indices ?? []) value = Array.isArray(value) ? value[index] : undefined;
  // A variable of one element ([1], [1, 1]) goes by its name alone.
  while (Array.isArray(value) && value.length === 1) value = value[0];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
