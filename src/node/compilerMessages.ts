// What the extension host and its compiler thread tell each other.
import type { Compiled, ScratchText } from '../compiler/compile';

export interface CompileRequest {
  id: number;
  scratch: ScratchText;
}

export interface CompileReply {
  id: number;
  compiled: Compiled;
}
