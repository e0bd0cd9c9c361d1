// The lesson as the learner has it: the example scratch files the extension ships.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repoRoot';

export const EXAMPLES_DIR = join(REPO_ROOT, 'media', 'examples');
export const LESSON_FILE = join(EXAMPLES_DIR, 'lesson.ts');
/** media/examples/lesson.ts: the lesson's config. */
export const LESSON_TEXT = readFileSync(LESSON_FILE, 'utf8');
/** media/examples/lesson-code.ts: the lesson's own code. */
export const LESSON_CODE_TEXT = readFileSync(join(EXAMPLES_DIR, 'lesson-code.ts'), 'utf8');
