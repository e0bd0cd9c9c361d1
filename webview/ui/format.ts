// Short texts the cells show, in the same number format as the output channel.
import { formatNumber } from '../../src/report';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatRate(epochsPerSecond: number): string {
  return `${formatNumber(Math.round(epochsPerSecond))} epochs/s`;
}

/** The loss function's body, without its parameter list: what it computes, at a glance. */
export function lossGlance(source: string, limit = 80): string {
  const body = source
    .replace(/^\s*(async\s+)?(\([^)]*\)|[\w$]+)\s*=>\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return body.length > limit ? `${body.slice(0, limit - 1)}…` : body;
}
