// What a file's text says about it as a scratch file: whether it is one (it imports tfjs), and
// the line a run button goes above.

const IMPORTS_TFJS = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)['"]@tensorflow\/tfjs(?:-core)?['"]/;
const EXPORT_DEFAULT = /^[ \t]*export\s+default\b/m;
const MINIMIZE = /\.minimize\s*\(/;

export function looksLikeScratch(text: string): boolean {
  return IMPORTS_TFJS.test(text);
}

/**
 * An offset on the line of the scratch's `export default`, or, in the lesson form, of its first
 * `.minimize(` call; null when the text is no scratch file or has neither.
 */
export function runAnchorOffset(text: string): number | null {
  if (!looksLikeScratch(text)) return null;
  return (EXPORT_DEFAULT.exec(text) ?? MINIMIZE.exec(text))?.index ?? null;
}
