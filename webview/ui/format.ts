// Short texts the cells show, in the same number format as the output channel.
import { formatNumber } from '../../src/shared/report';

export function formatRate(epochsPerSecond: number): string {
  return `${formatNumber(Math.round(epochsPerSecond))} epochs/s`;
}

/** The loss function's body, without its parameter list: what it computes, at a glance. */
export function lossGlance(source: string, limit = 80): string {
  const body = source
    .replace(/^\s*(async\s+)?(\([^)]*\)|[\w$]+)(\s*:\s*[^=]+?)?\s*=>\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return body.length > limit ? `${body.slice(0, limit - 1)}…` : body;
}
