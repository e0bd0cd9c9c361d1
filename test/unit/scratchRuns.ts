// The lesson's scratch texts under the names the fuzz test imports them by; they live in test/support/lesson.ts.
export { LESSON_CODE, lessonConfig } from '../support/lesson';
