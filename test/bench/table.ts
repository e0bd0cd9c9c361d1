// The human-readable report of a bench document.
import type { BenchDocument } from './benchDocument';
import type { HostRuns, StartTimeline } from './timeToResultSection';
import type { LandscapeCase } from './landscapeSection';
import { LESSON_VARIANTS, type LessonFigures } from './lessonSection';

const NOT_MEASURED = '–';

function columns(rows: (string | number | null | undefined)[][]): string[] {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined || Number.isNaN(cell) ? NOT_MEASURED : String(cell))));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  return cells.map((row) => `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ')}`);
}

function lessonLines(webgl: LessonFigures | null, cpu: LessonFigures | null, wasm: LessonFigures | null): string[] {
  const any = webgl ?? cpu ?? wasm;
  if (!any) return ['Lesson: not measured'];
  const rate = (figures: LessonFigures | null, variant: (typeof LESSON_VARIANTS)[number]) => figures?.[`${variant}EpochsPerSec`];
  return [
    `Lesson: x = 4.12, ys[5], sgd lr 0.0001, ${any.epochs} epochs; medians of ${any.repetitions} interleaved rounds after a warm-up round (ratios: of each round's); one worker per run, as in Descent`,
    ...columns([
      ['', 'webgl epochs/s', 'cpu epochs/s', 'wasm epochs/s', 'webgl warm-up ms', 'webgl start-up ms'],
      ...LESSON_VARIANTS.map((v) => [v, rate(webgl, v), rate(cpu, v), rate(wasm, v), webgl?.warmupMs[v], webgl?.startupMs[v]]),
      ['descent / bare', webgl?.ratios.descentOverBare, cpu?.ratios.descentOverBare, wasm?.ratios.descentOverBare],
      ['descentChart / bare', webgl?.ratios.descentChartOverBare, cpu?.ratios.descentChartOverBare, wasm?.ratios.descentChartOverBare],
      ['descentFigures / bare', webgl?.ratios.descentFiguresOverBare, cpu?.ratios.descentFiguresOverBare, wasm?.ratios.descentFiguresOverBare],
      ['descent / naive', webgl?.ratios.descentOverNaive, cpu?.ratios.descentOverNaive, wasm?.ratios.descentOverNaive],
    ]),
    `  every run is a fresh worker: its first epoch (building the tensors, compiling the WebGL programs) took ${webgl?.bareFirstEpochMs ?? NOT_MEASURED} ms in the bare loop`,
    '  rates from each run\'s own training time (descentChart, descentFigures: its runEnd result\'s epochs and ms); warm-up: the first run of each in the page;',
    '  descentChart: the panel with descent.figures off; descentFigures: on (the landscape worker computing beside the trainer, the curve and path drawn)',
    '  start-up: wall time minus training time (starting the worker, loading tfjs and the backend, the last messages)',
  ];
}

function timeline(t: StartTimeline): string {
  const panel = t.panelMs === null ? '' : `panel ${t.panelMs} · script ${t.scriptMs} · `;
  const trainer = t.spare === null ? 'a fresh trainer' : `the spare trainer, ${t.spare}`;
  return `${panel}request ${t.requestMs} · worker ${t.workerMs} · backend ${t.backendMs} · first epoch ${t.firstEpochMs} · completed ${t.finishedMs} ms after Enter (${trainer})`;
}

function landscapeRow(name: string, figures: LandscapeCase): (string | number)[] {
  return [`${name} (${figures.variables.join(', ')})`, figures.points, figures.firstMs, figures.medianMs, figures.minMs, figures.maxMs];
}

export function formatTable(doc: BenchDocument): string {
  const { machine, regression, chart, timeToResult, cli } = doc;
  const lines = [
    `Descent benchmark${doc.quick ? ' (--quick)' : ''} · Chromium ${machine.chromium ?? NOT_MEASURED} · WebGL ${machine.webglRenderer ?? NOT_MEASURED}`,
    `${machine.cpus} CPUs · Node ${machine.node} · load average ${machine.loadAverage.start} at the start, ${machine.loadAverage.end ?? NOT_MEASURED} at the end`,
    '',
    ...lessonLines(doc.lesson, doc.lessonCpu, doc.lessonWasm),
    '',
    regression
      ? `Regression: y = a·x + b on ${regression.samples} samples, ms per epoch (median of ${regression.blocks} blocks of ${regression.epochsPerBlock})`
      : 'Regression: not measured',
    ...(regression
      ? columns([
          ['webgl', regression.webglMsPerEpoch, `warm-up ${regression.warmupMs.webgl} ms`],
          ['cpu', regression.cpuMsPerEpoch, `warm-up ${regression.warmupMs.cpu} ms`],
          ['wasm', regression.wasmMsPerEpoch, `warm-up ${regression.warmupMs.wasm} ms`],
          ['auto picks', regression.autoBackend, regression.autoReason],
        ])
      : []),
    '',
    chart ? `Chart: ${chart.epochs} epochs on ${chart.backend} streamed into the panel, trained at ${chart.epochsPerSec} epochs/s` : 'Chart: not measured',
    ...(chart
      ? columns([
          ['longest frame while streaming', `${chart.maxFrameMs} ms`],
          ['  before the run\'s end event', `${chart.progressMaxFrameMs} ms`],
          ['median frame', `${chart.medianFrameMs} ms`],
          ['frames over 50 ms', chart.framesOver50Ms],
          ['longest task', `${chart.longestTaskMs} ms`],
          ['longest frame, start-up included', `${chart.wholeRunMaxFrameMs} ms`],
        ])
      : []),
    '',
    ...playLines(doc.play),
    '',
    ...timeToResultLines(timeToResult),
    '',
    cli
      ? `CLI: descent run lesson.ts --json, ${cli.epochs} epochs on cpu: ${cli.epochsPerSec} epochs/s; bare loop in a fresh node ${cli.bareEpochsPerSec}; ratio ${cli.descentOverBare} (medians of ${cli.repetitions}; whole command ${cli.wallMs} ms)` +
        `\n     the course's scratch.js (lesson form): ${cli.lessonFormEpochsPerSec} epochs/s, ratio ${cli.lessonFormOverBare}; in an async loop awaiting tf.nextFrame(): ${cli.asyncLoopEpochsPerSec} epochs/s, ratio ${cli.asyncLoopOverBare}`
      : 'CLI: not measured',
    '',
    doc.landscape
      ? `Landscape: computeLandscape on ${doc.landscape.backend} in Node, ms: the first in the process, then median, min and max of ${doc.landscape.rounds} rounds`
      : 'Landscape: not measured',
    ...(doc.landscape ? columns([['', 'points', 'first ms', 'median ms', 'min ms', 'max ms'], landscapeRow('lesson', doc.landscape.lesson), landscapeRow('line fit', doc.landscape.lineFit)]) : []),
    '',
    doc.keptRuns
      ? `Kept runs: ${doc.keptRuns.cells} runs of ${doc.keptRuns.epochs} epochs, ${mb(doc.keptRuns.cellBytes)} MB each, ${mb(doc.keptRuns.fileBytes)} MB in the scratch's file; ` +
        `written in ${doc.keptRuns.writeMs} ms; read back ${doc.keptRuns.readMs} ms, JSON.parse alone ${doc.keptRuns.parseMs} ms, ratio ${doc.keptRuns.readOverParse} (medians of ${doc.keptRuns.rounds})`
      : 'Kept runs: not measured',
    ...doc.skipped.map((s) => `Skipped ${s.section}: ${s.reason}`),
    ...doc.errors.map((e) => `Error in ${e.section}: ${e.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

function playLines(play: BenchDocument['play']): string[] {
  if (!play) return ['Play: not measured'];
  const releases = (kind: 'drag' | 'slider') => play.releaseToPathRuns.filter((r) => r.kind === kind).map((r) => r.ms).join(', ');
  return [
    `Play: the lesson's ${play.epochs} epochs on ${play.backend}, figures on; medians of ${play.previewsPerSecondRuns.length} rounds`,
    ...columns([
      [`previews a second while the start is dragged (${play.dragMs} ms sweeps)`, play.previewsPerSecond, play.previewsPerSecondRuns.join(', ')],
      ['  while the learning rate\'s slider is moved', play.sliderPreviewsPerSecond, ''],
      ['let go of the start or the rate slider → the new run\'s whole path drawn, ms', play.releaseToPathMs, `drag ${releases('drag')}; slider ${releases('slider')}`],
    ]),
    '  the page answers the panel\'s play message at once, as the host does with the compiled code it keeps',
  ];
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(2);
}

function timeToResultLines(figures: BenchDocument['timeToResult']): string[] {
  if (!figures) return ['Time to result: not measured'];
  const { course, descent, web, medians, ratios } = figures;
  const round = (t: StartTimeline, i: number) => `    round ${i + 1}: ${timeline(t)}`;
  const runs = (host: string, hostRuns: HostRuns) => [
    `  ${host}, first run after start-up: ${timeline(hostRuns.afterStartUp)}`,
    '    panel closed:',
    ...hostRuns.panelClosed.map(round),
    '    panel open:',
    ...hostRuns.panelOpen.map(round),
  ];
  return [
    `Time to result, the lesson's 200 epochs on WebGL in one Chromium, medians of ${figures.rounds} interleaved rounds:`,
    ...columns([
      ['course page: refresh index.html (tf.min.js + scratch.js) → final x in the console', `${medians.courseRefreshMs} ms`, `first load ${course.firstLoadMs} ms`],
      ['Descent, Node host, panel closed: Enter on Run Optimization → cell completed', `${medians.panelClosedMs} ms`, `÷ course ${ratios.panelClosedOverCourse}`],
      ['Descent, Node host, panel open: the same', `${medians.panelOpenMs} ms`, `÷ course ${ratios.panelOpenOverCourse}`],
      ['Descent, Web Worker host, panel closed', `${medians.webPanelClosedMs} ms`, `÷ course ${ratios.webPanelClosedOverCourse}, ÷ Node host ${ratios.webOverNodePanelClosed}`],
      ['Descent, Web Worker host, panel open', `${medians.webPanelOpenMs} ms`, `÷ course ${ratios.webPanelOpenOverCourse}, ÷ Node host ${ratios.webOverNodePanelOpen}`],
      ['Enter → first plotted epoch, Node host, panel closed / open', `${medians.firstEpochPanelClosedMs} / ${medians.firstEpochPanelOpenMs} ms`, ''],
      ['Enter → first plotted epoch, Web Worker host, panel closed / open', `${medians.webFirstEpochPanelClosedMs} / ${medians.webFirstEpochPanelOpenMs} ms`, ''],
    ]),
    `  Descent's activation on opening the scratch (VS Code's Running Extensions): Node host ${figures.activationMs} ms, Web Worker host ${figures.webActivationMs} ms`,
    ...runs('Node host', descent),
    ...runs('Web Worker host', web),
    `  not included: packaging and starting both code-servers ${figures.serverStartMs} ms, loading a workbench ${figures.workbenchLoadMs} ms`,
  ];
}
