// A landscape in words: its range on each axis and the lowest loss found on it, for the CLI's
// line and any caption that states the figure's numbers.
import { lowestPoint } from './landscapeRange';
import type { Landscape } from './protocol';
import { formatNumber } from './wording';

export function landscapeText(landscape: Landscape): string {
  const { variables, axes, loss } = landscape;
  const ranges = variables.map((name, k) => `${name} from ${formatNumber(axes[k][0])} to ${formatNumber(axes[k][axes[k].length - 1])}`);
  const lowest = lowestPoint(landscape);
  const where = lowest && variables.map((name, k) => `${name} = ${formatNumber(axes[k][lowest[k]])}`).join(', ');
  const at = lowest && (lowest.length === 1 ? lowest[0] : lowest[0] * axes[1].length + lowest[1]);
  const found = at === null ? 'no finite loss on it' : `lowest loss ${formatNumber(loss[at])} at ${where}`;
  return `landscape · ${ranges.join(', ')} (${axes.map((a) => a.length).join(' × ')} points) · ${found}`;
}
