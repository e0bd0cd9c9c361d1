// Points an error at the learner's own source: a stack frame in the compiled scratch, mapped back
// through the source map, or else the config field the error is about.
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import type { DescentError, ErrorKind } from '../shared/protocol';
import { SCRATCH_LINE_OFFSET } from './scratchModule';
import { expressionAt, isFunctionText } from './sourceText';

/** A field's name and its colon: `loss:` at the start of a line or after `{`, `,` or white space. */
function fieldPattern(field: string): RegExp {
  return new RegExp(`(^|[\\s{,])(${field})\\s*:`, 'm');
}

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export class ScratchSource {
  private readonly map: TraceMap;
  /** The index of the learner's main file among the map's sources (compiled as its base name). */
  private readonly mainSource: number;

  constructor(
    /** The name the running scratch has in stack traces (its script URL or vm filename). */
    private readonly scriptName: string,
    sourceMap: string,
    /** The learner's file as the user named it, for errors that have no better place. */
    readonly file: string,
  ) {
    this.map = new TraceMap(sourceMap);
    this.mainSource = this.map.sources.indexOf(file.slice(file.lastIndexOf('/') + 1));
  }


  /** The first frame of the stack that lies in the learner's code, in the learner's terms. */
  positionOf(error: unknown): SourcePosition | null {
    const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
    for (const line of stack.split('\n')) {
      const frame = /\(?(\S+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
      if (!frame || frame[1] !== this.scriptName) continue;
      const mapped = originalPositionFor(this.map, {
        line: Number(frame[2]) - SCRATCH_LINE_OFFSET,
        column: Number(frame[3]) - 1,
      });
      if (mapped.source !== null && mapped.line !== null && mapped.column !== null) {
        return { file: this.displayName(mapped.source), line: mapped.line, column: mapped.column + 1 };
      }
    }
    return null;
  }

  /** The text of a line of the learner's main file. */
  lineText(line: number): string | null {
    return this.map.sourcesContent?.[this.mainSource]?.split('\n')[line - 1] ?? null;
  }

  /** The line a position is on, in whichever of the learner's files it lies. */
  lineAt(position: SourcePosition | null): string | null {
    if (!position) return null;
    const index = this.map.sources.findIndex((source) => source !== null && this.displayName(source) === position.file);
    return this.map.sourcesContent?.[index]?.split('\n')[position.line - 1] ?? null;
  }

  /** The names the learner's main file declares (const, let, var, function, class), in order. */
  declaredNames(): string[] {
    const main = this.map.sourcesContent?.[this.mainSource] ?? '';
    return [...main.matchAll(/\b(?:const|let|var|function|class)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]);
  }

  /** Where a top-level config field is written in the learner's main file. */
  positionOfField(field: string): SourcePosition | null {
    const main = this.map.sourcesContent?.[this.mainSource];
    if (!main) return null;
    const found = fieldPattern(field).exec(main);
    if (!found) return null;
    const offset = found.index + found[1].length;
    const before = main.slice(0, offset).split('\n');
    return { file: this.file, line: before.length, column: before[before.length - 1].length + 1 };
  }

  /**
   * The function a config field is given, as the learner wrote it (names and types included, on one
   * line), where it is written in place; null when it is not (e.g. \`loss: myLoss\`).
   */
  functionTextOfField(field: string): string | null {
    const main = this.map.sourcesContent?.[this.mainSource];
    if (!main) return null;
    const pattern = new RegExp(fieldPattern(field).source, 'gm');
    for (let found = pattern.exec(main); found; found = pattern.exec(main)) {
      const expression = expressionAt(main, found.index + found[0].length);
      if (expression && isFunctionText(expression)) return expression.replace(/\s+/g, ' ');
    }
    return null;
  }

  toError(kind: ErrorKind, message: string, position: SourcePosition | null): DescentError {
    return { kind, message, file: position?.file ?? this.file, line: position?.line ?? null, column: position?.column ?? null };
  }

  private displayName(source: string): string {
    if (source === this.map.sources[this.mainSource]) return this.file;
    const slash = this.file.lastIndexOf('/');
    return slash < 0 ? source : `${this.file.slice(0, slash + 1)}${source}`;
  }
}
