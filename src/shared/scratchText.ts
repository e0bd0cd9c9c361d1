// What a file's text says about it as a scratch file: whether it is one (it imports tfjs, uses the
// page's global tf as the course's scratch.js does, or is a page that loads tfjs), whether it may import the learner's other files, the line a run button goes
// above, and the line a run's final values are shown at the end of.
import { pageScripts } from './pageScripts';
import { tfjsScript } from './tfjsScript';

const IMPORTS_TFJS = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)['"]@tensorflow\/tfjs(?:-core)?['"]/;
const EXPORT_DEFAULT = /^[ \t]*export\s+default\b/m;
const MINIMIZE = /\.minimize\s*\(/;
const VARIABLES_FIELD = /^[ \t]*variables\s*:/m;
const TF_VARIABLE = /\btf\s*\.\s*variable\s*\(/;

/** tfjs through the page's global: `tf.variable(`, `tf.train.sgd(`, … */
const USES_GLOBAL_TF = /(?<![\w$.])tf\s*\.\s*(?:variable|train|tensor\w*|scalar|tidy)\b/;
/** A `tf` of the file's own (an import or a declaration), which is not the page's. */
const DECLARES_TF = /\b(?:import|const|let|var)\s+(?:\*\s+as\s+)?tf\b/;

export function looksLikeScratch(text: string): boolean {
  return IMPORTS_TFJS.test(text) || (USES_GLOBAL_TF.test(text) && !DECLARES_TF.test(text));
}

/**
 * Any quoted relative path (`'./data'`, `"../fit"`) or a page's `<script src`: the text may import
 * other files, whose changes a compile of it would miss.
 */
const OTHER_FILE = /['"`]\.\.?\/|<script\b[^>]*\bsrc\s*=/i;

export function mayImportOtherFiles(text: string): boolean {
  return OTHER_FILE.test(text);
}

/** An offset on the line of an HTML page's first script tag that loads tfjs; null when it has none. */
export function pageRunAnchorOffset(html: string): number | null {
  return pageScripts(html).find((script) => script.src !== null && tfjsScript(script.src))?.tagOffset ?? null;
}

/**
 * An offset on the line of the scratch's `export default`, or, in the lesson form, of its first
 * `.minimize(` call; null when the text is no scratch file or has neither.
 */
export function runAnchorOffset(text: string): number | null {
  if (!looksLikeScratch(text)) return null;
  return (EXPORT_DEFAULT.exec(text) ?? MINIMIZE.exec(text))?.index ?? null;
}

/**
 * An offset on the line a run's final values go at the end of: the config's `variables:` field
 * after its `export default`, or, in the lesson form, its first `tf.variable(` call; null when the
 * text has neither.
 */
export function resultAnchorOffset(text: string): number | null {
  if (!looksLikeScratch(text)) return null;
  const config = EXPORT_DEFAULT.exec(text);
  if (config) {
    const field = VARIABLES_FIELD.exec(text.slice(config.index));
    return field ? config.index + field.index + field[0].indexOf('variables') : null;
  }
  return TF_VARIABLE.exec(text)?.index ?? null;
}
