// Where the bench finds what it measures: the built bundles, the examples and the CLI.
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/codeServer';

export const EXAMPLES_DIR = join(REPO_ROOT, 'media', 'examples');
export const LESSON_FILE = join(EXAMPLES_DIR, 'lesson.ts');
export const CLI_SCRIPT = join(REPO_ROOT, 'dist', 'cli.js');
/** Where the bench also leaves its JSON document, beside the tests' screenshots. */
export const RESULT_FILE = join(REPO_ROOT, 'test-results', 'bench.json');
export const NODE_BARE_LOOP = join(REPO_ROOT, 'dist', 'test', 'bench', 'nodeBareLoop.js');

/** Folders the bench's page server may serve, relative to the repository root. */
export const SERVED_FOLDERS = [join('dist', 'webview'), join('dist', 'test', 'bench'), 'media'].map((folder) => join(REPO_ROOT, folder));

export const PANEL_SCRIPT = '/dist/webview/main.js';
export const PANEL_STYLE = '/media/notebook.css';
export const PRODUCT_WORKER_SCRIPT = '/dist/webview/worker.js';
export const WASM_FOLDER_PATH = '/dist/webview/wasm/';
export const PLAIN_WORKER_SCRIPT = '/dist/test/bench/worker/plainLoopsWorker.js';

export { REPO_ROOT };
