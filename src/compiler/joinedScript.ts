// Pieces of the learner's files joined into one script, as a browser runs a page's scripts one
// after another in one global scope, with the source map that leads every character back to its
// file, line and column. esbuild reads that map from the script's last line and composes it with
// its own; a position esbuild reports in the joined text itself (a syntax error) goes back
// through `origin`.

export interface Piece {
  /** The file the text is from, relative to the joined script's folder. */
  source: string;
  /** That file's whole text, for the source map. */
  content: string;
  text: string;
  /** Where the text starts in its file, 1-based. */
  line: number;
  column: number;
}

export interface Origin {
  source: string;
  line: number;
  column: number;
}

/** A line of the joined text that comes from a file: which one, its line there, and the column its first character has. */
interface LineOrigin {
  source: number;
  line: number;
  column: number;
  length: number;
}

const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class JoinedScript {
  private readonly lines: string[] = [];
  /** One per line of `lines`; null for the separators between pieces. */
  private readonly origins: (LineOrigin | null)[] = [];
  private readonly sources: string[] = [];
  private readonly contents: string[] = [];

  add(piece: Piece): void {
    let source = this.sources.indexOf(piece.source);
    if (source < 0) source = this.sources.push(piece.source) - 1;
    this.contents[source] = piece.content;
    piece.text.split('\n').forEach((text, i) => {
      this.lines.push(text);
      this.origins.push({ source, line: piece.line + i, column: i === 0 ? piece.column : 1, length: text.length });
    });
    // A statement left open by one script (no semicolon, `a = b`) must not run on into the next.
    this.lines.push(';');
    this.origins.push(null);
  }

  /** The joined text, ending with its source map. */
  get text(): string {
    const map = { version: 3, sources: this.sources, sourcesContent: this.contents, names: [], mappings: this.mappings() };
    return `${this.lines.join('\n')}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
  }

  /** Where a 1-based line and column of the joined text come from; null for a separator or past the end. */
  origin(line: number, column: number): Origin | null {
    const from = this.origins[line - 1];
    return from ? { source: this.sources[from.source], line: from.line, column: from.column + column - 1 } : null;
  }

  /** A segment for every character, so that esbuild finds the exact place of every token it maps. */
  private mappings(): string {
    let previous = { source: 0, line: 0, column: 0 };
    return this.origins
      .map((from) => {
        if (!from) return '';
        const segments: string[] = [];
        for (let c = 0; c < from.length; c++) {
          const here = { source: from.source, line: from.line - 1, column: from.column - 1 + c };
          segments.push(vlq(c === 0 ? 0 : 1) + vlq(here.source - previous.source) + vlq(here.line - previous.line) + vlq(here.column - previous.column));
          previous = here;
        }
        return segments.join(',');
      })
      .join(';');
  }
}

/** A number as a source map's base64 variable-length quantity: sign in the lowest bit, five bits a digit. */
function vlq(n: number): string {
  let rest = n < 0 ? (-n << 1) | 1 : n << 1;
  let digits = '';
  do {
    const low = rest & 31;
    rest >>>= 5;
    digits += BASE64_DIGITS[rest > 0 ? low | 32 : low];
  } while (rest > 0);
  return digits;
}
