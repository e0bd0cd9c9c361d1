// The scripts an HTML page runs, in document order: each `<script>` tag's src or inline text, and
// where it stands in the page. Enough of HTML's tokenizing for that: comments, quoted attribute
// values, and a script's text running to its `</script`.

export interface PageScript {
  /** The tag's src as written; null for an inline script. */
  src: string | null;
  /** An inline script's text ('' for one with a src). */
  text: string;
  /** Where the tag's `<` is. */
  tagOffset: number;
  /** Where the inline text starts. */
  textOffset: number;
}

const SCRIPT_OR_COMMENT = /<!--|<script(?=[\s/>])/gi;
const ATTRIBUTE = /\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?|\s*\//y;
const SCRIPT_END = /<\/script/gi;
/** The types a browser runs as a script: none, a JavaScript MIME type, or a module. */
const RUNNABLE_TYPE = /^((text|application)\/(x-)?(java|ecma)script|module)?$/i;

export function pageScripts(html: string): PageScript[] {
  const scripts: PageScript[] = [];
  SCRIPT_OR_COMMENT.lastIndex = 0;
  for (let found = SCRIPT_OR_COMMENT.exec(html); found; found = SCRIPT_OR_COMMENT.exec(html)) {
    if (found[0] === '<!--') {
      const end = html.indexOf('-->', found.index + 4);
      SCRIPT_OR_COMMENT.lastIndex = end < 0 ? html.length : end + 3;
      continue;
    }
    const attributes = new Map<string, string>();
    let at = found.index + found[0].length;
    ATTRIBUTE.lastIndex = at;
    for (let attribute = ATTRIBUTE.exec(html); attribute; attribute = ATTRIBUTE.exec(html)) {
      if (attribute[1]) attributes.set(attribute[1].toLowerCase(), attribute[2] ?? attribute[3] ?? attribute[4] ?? '');
      at = ATTRIBUTE.lastIndex;
    }
    const textOffset = html.indexOf('>', at) + 1 || html.length;
    SCRIPT_END.lastIndex = textOffset;
    const end = SCRIPT_END.exec(html)?.index ?? html.length;
    SCRIPT_OR_COMMENT.lastIndex = end;
    if (!RUNNABLE_TYPE.test(attributes.get('type')?.trim() ?? '')) continue;
    const src = attributes.get('src');
    scripts.push({ src: src?.trim() ?? null, text: src === undefined ? html.slice(textOffset, end) : '', tagOffset: found.index, textOffset });
  }
  return scripts;
}

/** The 1-based line and column of an offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
