// The few path functions the compiler and the host use, for the '/'-separated paths of URIs: what
// node:path does on POSIX, for the web extension host, which has no node:path.

export const sep = '/';

/** The parts without '.' and without the '..' that go back over one; a relative path keeps those that climb above it. */
function normalized(parts: string[], absolute: boolean): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length && out[out.length - 1] !== '..') out.pop();
    else if (!absolute) out.push(part);
  }
  return out;
}

export function resolve(...paths: string[]): string {
  const from = paths.reduce((at, p) => (p.startsWith('/') ? p : `${at}/${p}`), '/');
  return `/${normalized(from.split('/'), true).join('/')}`;
}

export function join(...paths: string[]): string {
  const joined = paths.filter((p) => p !== '').join('/');
  const absolute = joined.startsWith('/');
  return (absolute ? '/' : '') + normalized(joined.split('/'), absolute).join('/') || '.';
}

export function dirname(path: string): string {
  const cut = path.replace(/\/+$/, '').lastIndexOf('/');
  if (cut < 0) return '.';
  return cut === 0 ? '/' : path.slice(0, cut);
}

export function basename(path: string): string {
  return path.replace(/\/+$/, '').slice(path.replace(/\/+$/, '').lastIndexOf('/') + 1);
}

export function extname(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

export function relative(from: string, to: string): string {
  const a = normalized(resolve(from).split('/'), true);
  const b = normalized(resolve(to).split('/'), true);
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;
  return [...a.slice(same).map(() => '..'), ...b.slice(same)].join('/');
}
