// The benchmark's short run (`npm run bench -- --quick --json`): no thresholds, only that every
// section is measured and the document has the figures README's Performance table is made of.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkPrerequisites } from '../e2e/prerequisites';

const BENCH = join(__dirname, 'bench.js');

function runBench(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BENCH, '--quick', '--json'], { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const positive = (value: unknown, name: string) => assert.ok(typeof value === 'number' && value > 0, `${name} is a positive number; it is ${JSON.stringify(value)}`);

describe('the benchmark, short run', { timeout: 12 * 60_000 }, () => {
  it('produces the JSON document with every section measured', async (t) => {
    const prerequisites = await checkPrerequisites();
    if (!prerequisites.ok) {
      t.skip(prerequisites.skipReason);
      return;
    }
    const { code, stdout, stderr } = await runBench();
    assert.equal(code, 0, `bench exited with ${code}:\n${stderr.slice(-4000)}`);
    const document = JSON.parse(stdout) as Record<string, Record<string, unknown> & unknown>;
    assert.deepEqual(document.errors, [], 'no section failed');
    assert.deepEqual(document.skipped, [], 'no section skipped');

    const lesson = document.lesson as Record<string, unknown>;
    for (const key of ['epochs', 'bareEpochsPerSec', 'naiveEpochsPerSec', 'descentEpochsPerSec', 'descentChartEpochsPerSec', 'descentFiguresEpochsPerSec']) positive(lesson[key], `lesson.${key}`);
    const regression = document.regression as Record<string, unknown>;
    assert.equal(regression.samples, 1_000_000);
    for (const key of ['webglMsPerEpoch', 'cpuMsPerEpoch', 'wasmMsPerEpoch']) positive(regression[key], `regression.${key}`);
    assert.match(String(regression.autoReason), new RegExp(`^auto: ${String(regression.autoBackend)} `), 'auto says why');
    for (const section of ['lessonCpu', 'lessonWasm']) positive((document[section] as Record<string, unknown>).descentEpochsPerSec, `${section}.descentEpochsPerSec`);
    assert.ok(['webgl', 'cpu', 'wasm'].includes(String(regression.autoBackend)), `regression.autoBackend names a backend: ${regression.autoBackend}`);
    const chart = document.chart as Record<string, unknown>;
    for (const key of ['epochs', 'maxFrameMs']) positive(chart[key], `chart.${key}`);
    const timeToResult = document.timeToResult as Record<string, Record<string, unknown>>;
    for (const key of ['courseRefreshMs', 'panelClosedMs', 'panelOpenMs', 'firstEpochPanelOpenMs', 'webPanelClosedMs', 'webPanelOpenMs', 'webFirstEpochPanelOpenMs']) positive(timeToResult.medians[key], `timeToResult.medians.${key}`);
    for (const key of ['panelOpenOverCourse', 'panelClosedOverCourse', 'webPanelOpenOverCourse', 'webOverNodePanelOpen']) positive(timeToResult.ratios[key], `timeToResult.ratios.${key}`);
    for (const key of ['activationMs', 'webActivationMs']) positive(timeToResult[key], `timeToResult.${key}`);
    for (const key of ['epochsPerSec', 'lessonFormEpochsPerSec', 'asyncLoopEpochsPerSec']) positive((document.cli as Record<string, unknown>)[key], `cli.${key}`);
    const landscape = document.landscape as Record<string, Record<string, unknown>>;
    for (const figures of ['lesson', 'lineFit']) positive(landscape[figures].medianMs, `landscape.${figures}.medianMs`);
    const play = document.play as Record<string, unknown>;
    for (const key of ['previewsPerSecond', 'sliderPreviewsPerSecond', 'releaseToPathMs']) positive(play[key], `play.${key}`);
    const keptRuns = document.keptRuns as Record<string, unknown>;
    for (const key of ['cellBytes', 'fileBytes', 'readMs', 'parseMs']) positive(keptRuns[key], `keptRuns.${key}`);

    const ratios = lesson.ratios as Record<string, number>;
    t.diagnostic(`short run, not for comparison: descent/bare ${ratios.descentOverBare}, descentChart/bare ${ratios.descentChartOverBare}, descentFigures/bare ${ratios.descentFiguresOverBare}, descent/naive ${ratios.descentOverNaive}, chart max frame ${chart.maxFrameMs} ms, time to result ÷ course page: panel open ${String(timeToResult.ratios.panelOpenOverCourse)}, closed ${String(timeToResult.ratios.panelClosedOverCourse)}`);
  });
});
