// The source cell's glance at the loss function.

/** The loss function's body, without its parameter list: what it computes, at a glance. */
export function lossGlance(source: string, limit = 80): string {
  const body = source
    .replace(/^\s*(async\s+)?(\([^)]*\)|[\w$]+)(\s*:\s*[^=]+?)?\s*=>\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return body.length > limit ? `${body.slice(0, limit - 1)}…` : body;
}
