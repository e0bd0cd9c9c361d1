// The lesson's scratch file as the learner has it, with only its epoch count changed, compiled
// the way the extension host compiles it.
import { compileScratch } from '../../src/node/compile';
import type { Backend, RunRequest, WorkerStart } from '../../src/shared/protocol';
import { SETTINGS } from '../../src/shared/vocabulary';
import { wrapScratch } from '../../src/trainer/scratchModule';
import { EXAMPLES_DIR, LESSON_FILE, LESSON_TEXT } from '../support/lessonFiles';

export const LESSON_NAME = 'lesson.ts';

export function lessonText(epochs: number): string {
  const changed = LESSON_TEXT.replace(/epochs: \d+/, `epochs: ${epochs}`);
  if (changed === LESSON_TEXT && !LESSON_TEXT.includes(`epochs: ${epochs}`)) throw new Error(`${LESSON_FILE} has no "epochs: N" line to change`);
  return changed;
}

export interface CompiledLesson {
  source: string;
  code: string;
  sourceMap: string;
}

export async function compileLesson(epochs: number): Promise<CompiledLesson> {
  const source = lessonText(epochs);
  const compiled = await compileScratch({ text: source, file: LESSON_NAME, dir: EXAMPLES_DIR });
  if (!compiled.ok) throw new Error(`the lesson does not compile: ${compiled.error.message}`);
  return { source, code: compiled.code, sourceMap: compiled.sourceMap };
}

/** What the host posts to the panel to run the lesson, with descent.figures on or off. */
export function runRequest(lesson: CompiledLesson, requestId: number, backend: Backend, figures: boolean): RunRequest {
  const settings = { logEvery: null, chartScale: 'linear', keptRuns: SETTINGS.keptRuns.default, figures } as const;
  return { type: 'run', requestId, file: LESSON_NAME, source: lesson.source, code: lesson.code, sourceMap: lesson.sourceMap, backend, settings };
}

/** What the panel hands the trainer worker: the wrapped scratch it imports from a blob, and the start message without that blob's address. */
export function workerStart(lesson: CompiledLesson, backend: Backend): { scratch: string; start: Omit<WorkerStart, 'scratchUrl'> } {
  return { scratch: wrapScratch(lesson.code), start: { type: 'start', file: LESSON_NAME, sourceMap: lesson.sourceMap, backend } };
}
