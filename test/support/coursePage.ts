// The course's folder as the learner has it: an index.html that loads tfjs from a CDN with a script
// tag, then its own scripts: lesson.js (a `var` the page's later scripts read), scratch.js (the
// lesson's code with no import: tf is the page's global) and an inline script.
import { LESSON_CODE_TEXT } from './lessonFiles';

/** The tfjs version the page asks for, older than Descent's. */
export const COURSE_TFJS_VERSION = '2.0.0';
export const COURSE_TFJS_SRC = `https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@${COURSE_TFJS_VERSION}/dist/tf.min.js`;

/** The lesson's code as the course's scratch.js has it. */
export const COURSE_SCRATCH_JS = LESSON_CODE_TEXT.replace(/^import \* as tf from '@tensorflow\/tfjs';\n/m, '');

export const COURSE_LESSON_JS = "var lesson = 'Optimizers';\n";

/** What the inline script prints, after the lesson's two prints. */
export const COURSE_INLINE_PRINT = /^Optimizers: x = 0\.00345\d*$/;

export const COURSE_INDEX_HTML = `<!DOCTYPE html>
<html>
<head>
  <meta charset="UTF-8">
  <title>TensorFlow.js: optimizers</title>
  <script src="${COURSE_TFJS_SRC}"></script>
</head>
<body>
  <script src="lesson.js"></script>
  <script src="scratch.js"></script>
  <script>
    console.log(lesson + ': x = ' + x.dataSync()[0]);
  </script>
</body>
</html>
`;

/** The course's folder: file name → text. */
export const COURSE_FILES: Record<string, string> = {
  'index.html': COURSE_INDEX_HTML,
  'lesson.js': COURSE_LESSON_JS,
  'scratch.js': COURSE_SCRATCH_JS,
};
