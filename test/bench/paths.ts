// Where the bench finds what it measures besides the panel: the CLI, its own programs and workers.
import { join } from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';

export const CLI_SCRIPT = join(REPO_ROOT, 'dist', 'cli.js');
/** Where the bench also leaves its JSON document, beside the tests' screenshots. */
export const RESULT_FILE = join(REPO_ROOT, 'test-results', 'bench.json');
export const NODE_BARE_LOOP = join(REPO_ROOT, 'dist', 'test', 'bench', 'nodeBareLoop.js');

/** The bench's own bundles, which its page server serves beside the panel's. */
export const BENCH_BUNDLES = join('dist', 'test', 'bench');
export const PLAIN_WORKER_SCRIPT = '/dist/test/bench/worker/plainLoopsWorker.js';
