// Builds the project, runs every test suite with Node's test runner and ends with one summary
// line. `node test/run.mjs unit webview` runs only the named suites.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const SUITES = ['unit', 'webview', 'e2e', 'bench', 'electron'];
const chosen = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = chosen.length ? chosen : SUITES;

execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });

const files = suites.flatMap((suite) => {
  const dir = join('dist', 'test', suite);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => join(dir, f)) : [];
});

const counts = { passed: 0, failed: 0, skipped: 0 };
const stream = run({ files, concurrency: 1 });
stream.on('test:pass', (t) => {
  if (t.details?.type === 'suite') return;
  if (t.skip !== undefined || t.todo !== undefined) counts.skipped++;
  else counts.passed++;
});
stream.on('test:fail', (t) => {
  if (t.details?.type !== 'suite') counts.failed++;
});
const report = stream.compose(spec);
report.pipe(process.stdout, { end: false });
report.on('end', () => {
  console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
});
