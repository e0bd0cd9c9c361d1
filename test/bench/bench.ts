// `npm run bench`: measures Descent against plain tfjs on the lesson's problem, the live chart
// under a long run, playing with a finished run, the time to a result in a real VS Code against the course's page, the CLI and the landscape. Prints a table, or
// with --json one JSON document on stdout (saved to test-results/bench.json either way); progress
// goes to stderr. Slowness never fails it; a measurement that breaks is reported and makes the exit code 1.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import * as esbuild from 'esbuild-wasm';
import { SETTINGS } from '../../src/shared/vocabulary';
import { DEFAULT_WAIT_MS } from '../e2e/workbench';
import { findChromium, launchChromium, NO_CHROMIUM } from '../support/chromium';
import { emptyDocument, loadAverage, type BenchDocument, type Section } from './benchDocument';
import { measureChart } from './chartSection';
import { measureCli } from './cliSection';
import { codeServerInstalled } from './installedCodeServer';
import { measureKeptRuns } from './keptRunsSection';
import { measureLandscape } from './landscapeSection';
import { measureLesson } from './lessonSection';
import { measurePlay } from './playSection';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { PanelPage } from './panelPage';
import { startPanelServer } from '../support/panelServer';
import { BENCH_BUNDLES, RESULT_FILE } from './paths';
import { measureRegression } from './regressionSection';
import { measureTimeToResult } from './timeToResultSection';
import { formatTable } from './table';

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function attempt(document: BenchDocument, options: BenchOptions, section: Section, work: () => Promise<void>): Promise<void> {
  if (!options.only.has(section)) {
    document.skipped.push({ section, reason: 'not selected with --only' });
    return;
  }
  try {
    await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    document.errors.push({ section, message });
    progress(`${section} failed: ${message}`);
  }
}

async function browserSections(document: BenchDocument, browser: Browser, options: BenchOptions): Promise<void> {
  const { sizes } = options;
  const server = await startPanelServer([BENCH_BUNDLES]);
  try {
    document.machine.chromium = browser.version();
    const panel = await PanelPage.open(browser, server.origin);
    try {
      document.machine.webglRenderer = await panel.webglRenderer();
      await attempt(document, options, 'lesson', async () => {
        document.lesson = await measureLesson(panel, { backend: 'webgl', epochs: sizes.lessonEpochs, repetitions: sizes.repetitions, progress });
      });
      await attempt(document, options, 'lessonCpu', async () => {
        document.lessonCpu = await measureLesson(panel, { backend: 'cpu', epochs: sizes.lessonEpochs, repetitions: sizes.repetitions, progress });
      });
      await attempt(document, options, 'lessonWasm', async () => {
        document.lessonWasm = await measureLesson(panel, { backend: 'wasm', epochs: sizes.lessonEpochs, repetitions: sizes.repetitions, progress });
      });
      await attempt(document, options, 'regression', async () => {
        document.regression = await measureRegression(panel, {
          samples: sizes.regressionSamples,
          epochs: sizes.regressionEpochs,
          blocks: sizes.regressionBlocks,
          progress,
        });
      });
    } finally {
      await panel.close();
    }
    await attempt(document, options, 'chart', async () => {
      document.chart = await measureChart(browser, server.origin, { epochs: sizes.chartEpochs, backend: 'cpu', progress });
    });
    await attempt(document, options, 'play', async () => {
      document.play = await measurePlay(browser, server.origin, { rounds: sizes.playRounds, dragMs: sizes.playDragMs, progress });
    });
  } finally {
    server.close();
  }
}

async function timeToResultSection(document: BenchDocument, chromiumPath: string, options: BenchOptions): Promise<void> {
  if (options.quick && !codeServerInstalled()) {
    document.skipped.push({ section: 'timeToResult', reason: 'code-server is not installed (--quick does not install it; a full run or `npm test` does)' });
    return;
  }
  await attempt(document, options, 'timeToResult', async () => {
    document.timeToResult = await measureTimeToResult(chromiumPath, options.sizes.timeToResultRounds, progress);
  });
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const document = emptyDocument(options.quick);
  const chromiumPath = findChromium();
  if (chromiumPath) {
    const browser = await launchChromium(chromiumPath, DEFAULT_WAIT_MS);
    try {
      await browserSections(document, browser, options);
    } finally {
      await browser.close();
    }
  } else {
    for (const section of ['lesson', 'lessonCpu', 'lessonWasm', 'regression', 'chart', 'play', 'timeToResult'] as const) document.skipped.push({ section, reason: NO_CHROMIUM });
  }
  // The landscape, the CLI and code-server run after the browser has closed: the machine's cores are
  // shared. The landscape compiles its scratches, so it comes before esbuild stops.
  await attempt(document, options, 'landscape', async () => {
    document.landscape = await measureLandscape({ rounds: options.sizes.landscapeRounds, progress });
  });
  await attempt(document, options, 'keptRuns', async () => {
    document.keptRuns = await measureKeptRuns({ epochs: options.sizes.keptRunsEpochs, cells: SETTINGS.keptRuns.default, rounds: options.sizes.keptRunsRounds, progress });
  });
  await esbuild.stop();

  await attempt(document, options, 'cli', async () => {
    document.cli = await measureCli({ epochs: options.sizes.cliEpochs, repetitions: options.sizes.cliRepetitions, progress });
  });
  if (chromiumPath) await timeToResultSection(document, chromiumPath, options);

  document.machine.loadAverage.end = loadAverage();
  const json = `${JSON.stringify(document, null, 2)}\n`;
  mkdirSync(dirname(RESULT_FILE), { recursive: true });
  writeFileSync(RESULT_FILE, json);
  progress(`the JSON document is also in ${RESULT_FILE}`);
  process.stdout.write(options.json ? json : formatTable(document));
  return document.errors.length ? 1 : 0;
}

void main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
