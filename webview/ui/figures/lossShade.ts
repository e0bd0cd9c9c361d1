// How a surface figure colours the loss: 0 at the grid's lowest loss, 1 at its highest, on a log
// scale (so a valley's floor shows as well as its walls), in viridis, which reads in light and dark
// themes and in grey.
import type { Landscape } from '../../../src/shared/protocol';

const PALETTE = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];

export interface Shader {
  /** 0 at the lowest loss, 1 at the highest. */
  level(loss: number): number;
  colour(level: number): string;
  /** The loss at a level. */
  loss(level: number): number;
}

export function shader({ loss }: Landscape): Shader {
  const finite = loss.filter((l): l is number => l !== null && Number.isFinite(l));
  const low = finite.length ? Math.min(...finite) : 0;
  const high = finite.length ? Math.max(...finite) : 1;
  const floor = (high - low) * 1e-4 || 1;
  const span = Math.log((high - low + floor) / floor);
  return {
    level: (l) => Math.min(1, Math.max(0, Math.log((l - low + floor) / floor) / span)),
    colour: (level) => {
      const at = level * (PALETTE.length - 1);
      const k = Math.min(PALETTE.length - 2, Math.floor(at));
      return mix(PALETTE[k], PALETTE[k + 1], at - k);
    },
    loss: (level) => low - floor + floor * Math.exp(level * span),
  };
}

function mix(from: string, to: string, share: number): string {
  const channel = (hex: string, k: number) => parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16);
  const rgb = [0, 1, 2].map((k) => Math.round(channel(from, k) + (channel(to, k) - channel(from, k)) * share));
  return `rgb(${rgb.join(', ')})`;
}
