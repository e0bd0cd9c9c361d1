// The learner's console output and tensor.print(), caught while the scratch runs and turned
// into text the way a console would show it.
import * as tf from '@tensorflow/tfjs';
import type { PrintLevel } from '../shared/protocol';

type Printer = (level: PrintLevel, text: string) => void;

const LEVELS: Record<'log' | 'info' | 'debug' | 'warn' | 'error', PrintLevel> = {
  log: 'log',
  info: 'log',
  debug: 'log',
  warn: 'warn',
  error: 'error',
};

/** Sends console output to the printer until the returned function is called. */
export function captureConsole(print: Printer): () => void {
  const saved = new Map<string, unknown>();
  const target = console as unknown as Record<string, unknown>;
  for (const [method, level] of Object.entries(LEVELS)) {
    saved.set(method, target[method]);
    target[method] = (...args: unknown[]) => print(level, formatArgs(args));
  }
  return () => {
    for (const [method, original] of saved) target[method] = original;
  };
}

export function formatArgs(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : formatValue(a, 0))).join(' ');
}

function formatValue(value: unknown, depth: number): string {
  if (value instanceof tf.Tensor) return value.isDisposed ? 'Tensor (disposed)' : value.toString();
  if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value == null) return String(value);
  if (typeof value === 'function') return `[Function ${value.name || '(anonymous)'}]`;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number>);
    return `${value.constructor.name}(${items.length}) [ ${limit(items.map(String)).join(', ')} ]`;
  }
  if (depth > 2) return Array.isArray(value) ? '[Array]' : '[Object]';
  if (Array.isArray(value)) return `[ ${limit(value.map((v) => formatValue(v, depth + 1))).join(', ')} ]`;
  const entries = Object.entries(value as object).map(([k, v]) => `${k}: ${formatValue(v, depth + 1)}`);
  return entries.length ? `{ ${limit(entries).join(', ')} }` : '{}';
}

function limit(items: string[]): string[] {
  return items.length > 100 ? [...items.slice(0, 100), `... ${items.length - 100} more items`] : items;
}
