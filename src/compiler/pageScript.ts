// An HTML page as the one script it runs: its scripts in document order, the page's own files read
// as the compiler reads the learner's files, inline scripts in place, and in place of a script
// that loads TensorFlow.js, a line saying that Descent's own tfjs stands in for it. A script that
// cannot be loaded is an error at its tag.
import { SCRATCH_SCOPE, type DescentError } from '../shared/protocol';
import { lineAndColumn, pageScripts } from '../shared/pageScripts';
import { tfjsScript } from '../shared/tfjsScript';
import { JoinedScript } from './joinedScript';
import type { LearnerFiles } from './learnerFiles';

export interface Page {
  html: string;
  /** The page as the user knows it: what messages name. */
  file: string;
  /** The folder its scripts' paths start from. */
  dir: string;
}

export type PageAsScript = { ok: true; script: JoinedScript } | { ok: false; error: DescentError };

/** `https:`, `data:`, `//host/…`: a src that is no file beside the page. */
const NOT_A_LOCAL_PATH = /^([a-z][a-z\d+.-]*:|\/\/)/i;

export async function pageAsScript(page: Page, files: LearnerFiles): Promise<PageAsScript> {
  const { path } = files;
  const script = new JoinedScript();
  const pageName = path.basename(page.file);
  let saidTfjs = false;
  for (const tag of pageScripts(page.html)) {
    const at = lineAndColumn(page.html, tag.tagOffset);
    const fail = (message: string): PageAsScript => ({ ok: false, error: { kind: 'compile', message, file: page.file, ...at } });
    if (tag.src === null) {
      script.add({ source: pageName, content: page.html, text: tag.text, ...lineAndColumn(page.html, tag.textOffset) });
      continue;
    }
    const tfjs = tfjsScript(tag.src);
    if (tfjs) {
      if (!saidTfjs) script.add({ source: pageName, content: page.html, text: standInNote(pageName, tag.src, tfjs.version), ...at });
      saidTfjs = true;
      continue;
    }
    if (NOT_A_LOCAL_PATH.test(tag.src)) {
      return fail(
        `Cannot load <script src="${tag.src}">: Descent runs the page's own scripts and stands in for TensorFlow.js, but loads nothing else from the network. Save the script beside ${pageName} and load it from there, or remove the tag.`,
      );
    }
    const relative = decodeURIComponent(tag.src.replace(/[?#].*$/, '')).replace(/^\/+/, '');
    const file = path.resolve(page.dir, relative);
    const shown = path.join(path.dirname(page.file), relative);
    let text: string | null;
    try {
      text = await files.read(file);
    } catch (thrown) {
      return fail(`Cannot load <script src="${tag.src}">: ${shown} cannot be read (${(thrown as Error).message}).`);
    }
    if (text === null) return fail(`Cannot load <script src="${tag.src}">: there is no file ${shown}.`);
    script.add({ source: path.relative(page.dir, file).split(path.sep).join('/'), content: text, text, line: 1, column: 1 });
  }
  return { ok: true, script };
}

/**
 * The line the tfjs tag becomes: it prints, when the page runs, which tfjs stands in for the one
 * the page loads (the runtime's, read there), and the version the page asked for when that differs.
 */
function standInNote(pageName: string, src: string, asked: string | null): string {
  const bundled = `globalThis.${SCRATCH_SCOPE}.tf.version.tfjs`;
  const said = `${JSON.stringify(`${pageName}: <script src="${src}"> runs as Descent's own tfjs `)} + ${bundled}`;
  const differs = asked === null ? '' : ` + (${bundled} === ${JSON.stringify(asked)} ? '' : ${JSON.stringify(` (the page asks for ${asked})`)})`;
  return `console.info(${said}${differs} + '.');`;
}
