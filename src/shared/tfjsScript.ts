// Whether a script tag's src loads TensorFlow.js, from a CDN or a copy beside the page, and which
// version it asks for: `…/npm/@tensorflow/tfjs@2.0.0/dist/tf.min.js` (jsDelivr, unpkg),
// `…/ajax/libs/tensorflow/4.22.0/tf.min.js` (cdnjs), `node_modules/@tensorflow/tfjs/dist/tf.js`,
// `lib/tf.min.js`.

export interface TfjsScript {
  /** The version the src names, e.g. '2.0.0'; null when it names none (or a tag such as `latest`). */
  version: string | null;
}

const PACKAGE = /@tensorflow\/tfjs(?:-core)?(?:@([^/]+))?(?:\/|$)/;
const CDNJS = /\/libs\/tensorflow\/([^/]+)\//;
const BUNDLE_NAME = /(?:^|\/)tf(?:-core)?(?:\.es\d{4}|\.fesm)?(?:\.min)?\.js$/;
const VERSION = /^\d+(\.\d+){0,2}(-[\w.]+)?$/;

export function tfjsScript(src: string): TfjsScript | null {
  const path = src.replace(/[?#].*$/, '');
  if (!PACKAGE.test(path) && !BUNDLE_NAME.test(path)) return null;
  const version = (PACKAGE.exec(path) ?? CDNJS.exec(path))?.[1];
  return { version: version && VERSION.test(version) ? version : null };
}
