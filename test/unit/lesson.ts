// The lesson's run plan under the name the protocol and progress tests import it by; it lives in test/support/lesson.ts.
export { LESSON_PLAN } from '../support/lesson';
