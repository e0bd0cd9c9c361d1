// A script's text as tokens, enough to find a literal and the brackets around it: comments are
// left out, and a string, template or regular expression is one token, so nothing inside one is
// mistaken for code.

export interface Token {
  kind: 'name' | 'number' | 'string' | 'template' | 'regexp' | 'punct';
  /** The token as written: a string's with its quotes. */
  text: string;
  start: number;
  end: number;
}

const NAME = /[A-Za-z_$][\w$]*/y;
const NUMBER = /(?:0[xXbBoO][\da-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?/y;
/** After one of these a `/` starts a regular expression, not a division. */
const BEFORE_REGEXP = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^', 'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

export function scriptTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const push = (kind: Token['kind'], end: number) => {
    tokens.push({ kind, text: text.slice(at, end), start: at, end });
    at = end;
  };
  while (at < text.length) {
    const c = text[at];
    if (/\s/.test(c)) at++;
    else if (text.startsWith('//', at)) at = lineEnd(text, at);
    else if (text.startsWith('/*', at)) at = closeOf(text, at + 2, '*/');
    else if (c === '"' || c === "'") push('string', quotedEnd(text, at, c));
    else if (c === '`') push('template', templateEnd(text, at));
    else if (c === '/' && regexpMayStart(tokens.at(-1))) push('regexp', regexpEnd(text, at));
    else if (/\d/.test(c) || (c === '.' && /\d/.test(text[at + 1] ?? ''))) push('number', stickyEnd(NUMBER, text, at));
    else if (/[A-Za-z_$]/.test(c)) push('name', stickyEnd(NAME, text, at));
    else push('punct', at + 1);
  }
  return tokens;
}

/** The unquoted value of a string token without escapes; null for any other token. */
export function stringValue(token: Token | undefined): string | null {
  return token?.kind === 'string' && !token.text.includes('\\') ? token.text.slice(1, -1) : null;
}

function regexpMayStart(previous: Token | undefined): boolean {
  return !previous || ((previous.kind === 'punct' || previous.kind === 'name') && BEFORE_REGEXP.has(previous.text));
}

function stickyEnd(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(text) ? pattern.lastIndex : at + 1;
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

function closeOf(text: string, at: number, close: string): number {
  const end = text.indexOf(close, at);
  return end < 0 ? text.length : end + close.length;
}

function quotedEnd(text: string, at: number, quote: string): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote || text[i] === '\n') return i + 1;
  }
  return text.length;
}

/** The end of a template literal, past the code of its `${…}` parts (which may hold strings and templates of their own). */
function templateEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '`') return i + 1;
    else if (text.startsWith('${', i)) i = substitutionEnd(text, i + 2) - 1;
  }
  return text.length;
}

function substitutionEnd(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") i = quotedEnd(text, i, c) - 1;
    else if (c === '`') i = templateEnd(text, i) - 1;
    else if (c === '{') depth++;
    else if (c === '}' && depth-- === 0) return i + 1;
  }
  return text.length;
}

function regexpEnd(text: string, at: number): number {
  let inClass = false;
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '\n') return i;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return stickyEnd(/[a-z]*/y, text, i + 1);
  }
  return text.length;
}
