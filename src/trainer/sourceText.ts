// Reads an expression out of the learner's own text: from where it starts to the comma or closing
// bracket that ends it, stepping over nested brackets, strings and comments.

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

/** The expression that starts at `start` in `text`, or null when the text ends first. */
export function expressionAt(text: string, start: number): string | null {
  const expected: string[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') i = endOfString(text, i);
    else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (OPENERS[c]) expected.push(OPENERS[c]);
    else if (CLOSERS.has(c) || c === ',' || c === ';') {
      if (expected.length === 0) return text.slice(start, i).trim() || null;
      if (CLOSERS.has(c)) expected.pop();
    }
  }
  return null;
}

/** The index of the quote that closes the string opened at `open`. */
function endOfString(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** Whether an expression is a function written in place (an arrow or a function expression), not a name for one. */
export function isFunctionText(expression: string): boolean {
  return /^(async\s+)?function\b/.test(expression) || /=>/.test(expression);
}
