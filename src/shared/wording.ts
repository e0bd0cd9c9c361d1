// Every wording of a run that a learner reads, in the output channel, the CLI, the status bar and
// the panel: numbers and values, epochs, marks and statuses, results, leaks and errors.
import { playRate, type DescentError, type LeakReport, type PlayChange, type RunPlan, type RunStatus, type RunSummary, type Slope, type StartStage, type Value } from './protocol';
import { isFailure, type RunState } from './runState';
import type { EditProblem } from './scratchEdits';

export function formatNumber(n: number | null, digits = 6): string {
  if (n === null) return 'not finite';
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const magnitude = Math.abs(n);
  if (magnitude >= 1e6 || magnitude < 1e-4) return n.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return String(Number(n.toPrecision(digits)));
}

export function formatValue(value: Value, limit = 6): string {
  if (!Array.isArray(value)) return formatNumber(value);
  const shown = value.slice(0, limit).map((v) => formatValue(v, limit));
  return `[${shown.join(', ')}${value.length > limit ? `, … ${value.length - limit} more` : ''}]`;
}

export function formatVariables(variables: Record<string, Value>): string {
  return Object.entries(variables)
    .map(([name, value]) => `${name} = ${formatValue(value)}`)
    .join(' · ');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value * 100) / 100} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatLeak(leak: LeakReport, label: string | null): string {
  const tensors = `${formatNumber(leak.tensors)} tensor${leak.tensors === 1 ? '' : 's'} (${formatBytes(leak.bytes)})`;
  return leak.perEpoch
    ? `⚠ ${label ?? 'The run'} leaks ${tensors} every epoch: the count of tensors in memory keeps growing. Usual causes: ${leak.causes.join('; ')}.`
    : `⚠ The scratch left ${tensors} in memory when it ended: ${leak.causes.join('; ')}.`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function epochsPerSecond(result: Pick<RunSummary, 'epochs' | 'ms'>): number {
  return result.ms > 0 ? Math.round((result.epochs * 1000) / result.ms) : 0;
}

/** Why a run diverged: "the loss became Infinity at epoch 7: …". */
export function divergedReason(loss: number, epoch: number): string {
  return `the loss became ${loss} at epoch ${epoch}: the learning rate is probably too large`;
}

/** Why a run with stopWhen converged. */
export function convergedReason(loss: number, stopWhenLoss: number, epoch: number): string {
  return `the loss reached ${formatNumber(loss)} ≤ ${formatNumber(stopWhenLoss)} at epoch ${epoch}`;
}

/** "1234 epochs/s", a rate rounded to a whole number of epochs. */
export function rateText(perSecond: number): string {
  return `${Math.round(perSecond)} epochs/s`;
}

/** "200 epochs" */
export function epochsText(epochs: number): string {
  return `${epochs} epochs`;
}

/**
 * "epoch 137/200", or "epoch 60" when the scratch's own loop decides how many (planned: 0).
 * aligned pads the epoch to the width of the plan's, so that log lines stack in columns.
 */
export function epochText(epoch: number, planned: number, aligned = false): string {
  if (planned <= 0) return `epoch ${epoch}`;
  return `epoch ${aligned ? String(epoch).padStart(String(planned).length) : epoch}/${planned}`;
}

/** "run 2/4", for a request that plans several runs. */
export function runOfText(index: number, count: number): string {
  return `run ${index + 1}/${count}`;
}

/** ✗ for a run that failed (an error, a divergence), ✓ for one that ended as asked. */
export function statusMark(status: RunStatus): string {
  return isFailure(status) ? '✗' : '✓';
}

/** The backend a run trains on, with why when 'auto' chose it: "cpu (auto: cpu 0.21 ms/epoch, wasm 0.35)". */
export function formatBackend(plan: Pick<RunPlan, 'backend' | 'backendReason'>): string {
  return plan.backendReason ? `${plan.backend} (${plan.backendReason})` : plan.backend;
}

const RELOAD = 'if it keeps happening, reload the window (Developer: Reload Window)';

/**
 * Why a run's start was given up after `seconds` in `stage`, and what to try. `backend`: the one
 * the trainer had started, for a first epoch that did not come.
 */
export function describeLateStart(stage: StartStage, seconds: number, backend: string | null): string {
  switch (stage) {
    case 'compile':
      return `Compiling the scratch did not finish within ${seconds} s. Run it again; ${RELOAD}.`;
    case 'panel':
      return `The Descent panel did not load within ${seconds} s. Close the panel and run again; ${RELOAD}.`;
    case 'worker':
      return `The trainer did not start within ${seconds} s: the panel could not load its script. Run again; ${RELOAD}.`;
    case 'backend':
      return `No tfjs backend started within ${seconds} s. Try backend: 'cpu' in the scratch, or the setting descent.defaultBackend "cpu".`;
    case 'firstEpoch':
      return (
        `No epoch finished within ${seconds} s after the ${backend ?? 'tfjs'} backend started. A loss that slow, or code that loops before ` +
        `training, ends here: try fewer data or backend: 'cpu'; to wait longer for a slow first epoch, set descent.runTimeoutSeconds above ${seconds}.`
      );
  }
}

export function formatError(error: DescentError): string {
  const where = error.file ? `${error.file}${error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : ''}: ` : '';
  return `✗ ${error.kind} error: ${where}${error.message}`;
}

/** The loss at a run's final values; when it could not be computed, says so and why, and shows no number. */
export function finalLossText(result: Pick<RunSummary, 'finalLoss' | 'finalLossUnavailable'>): string {
  return result.finalLossUnavailable === undefined ? formatNumber(result.finalLoss) : `unknown (${result.finalLossUnavailable})`;
}

export function resultLine(result: RunSummary): string {
  const why = result.reason ? ` (${result.reason})` : '';
  const vars = formatVariables(result.variables);
  return (
    `${statusMark(result.status)} ${result.label} ${result.status}${why} · ${epochsText(result.epochs)} in ${formatDuration(result.ms)}` +
    ` (${rateText(epochsPerSecond(result))}) · loss ${finalLossText(result)}` +
    `${vars ? ` · ${vars}` : ''} · tensors leaked ${result.tensorsLeaked}`
  );
}

/** The output channel's first line of a run: "▶ scratch.ts · run 2/4 · sgd lr=0.01 · 200 epochs · backend webgl". */
export function runStartLine(file: string, run: RunPlan, plannedRuns: number): string {
  const count = plannedRuns > 1 ? ` · ${runOfText(run.index, plannedRuns)}` : '';
  const stop = run.stopWhenLoss !== null ? ` · stop when loss ≤ ${formatNumber(run.stopWhenLoss)}` : '';
  const epochs = run.epochs > 0 ? ` · ${epochsText(run.epochs)}` : '';
  const memory = run.memory && run.memory !== 'tidy' ? ` · memory ${run.memory}` : '';
  return `▶ ${file}${count} · ${run.label}${epochs} · backend ${formatBackend(run)}${memory}${stop}`;
}

/** A progress line: "  epoch  20/200 · loss 0.42 · x = 0.31". */
export function logLine(epoch: number, planned: number, loss: number | null, variables: Record<string, Value>): string {
  const vars = formatVariables(variables);
  return `  ${epochText(epoch, planned, true)} · loss ${formatNumber(loss)}${vars ? ` · ${vars}` : ''}`;
}

/** "■ stopped at epoch 42", the status of a request the learner stopped. */
export function stoppedText(epoch: number): string {
  return `■ stopped at epoch ${epoch}`;
}

/** The output channel's "■ scratch.ts stopped at epoch 42", with why when it was not the learner's stop. */
export function stoppedLine(file: string, where: string, why?: string): string {
  return `■ ${file} stopped at ${where}${why ? `: ${why}` : ''}`;
}

/** "‖ paused at epoch 37", the status of a run the learner paused or stepped. */
export function pausedText(epoch: number): string {
  return `‖ paused at epoch ${epoch}`;
}

/**
 * Which way is down at a point of a run, reasoned as the lesson does: "↘ start: x = 4.12, loss
 * 2953.55 · L(4.11) = 2939.2 < L(4.13) = 2967.9, so down is toward smaller x · dL/dx = 1433.76 ·
 * sgd moves x by −0.0001 × 1433.76 = −0.143376, to 3.976624". Several variables: their slope by
 * each, and the step as a tuple.
 */
export function downhillText(slope: Slope, plan: Pick<RunPlan, 'optimizer'>): string {
  const { variables, at, loss, gradient, probes, next } = slope;
  const single = variables.length === 1;
  const parts = [`↘ ${slope.epoch === 0 ? 'start' : `epoch ${slope.epoch}`}: ${tuple(variables)} = ${tuple(at.map(position))}, loss ${signed(loss)}`];
  parts.push(single ? probeText(variables[0], at[0], probes[0]) : directionsText(variables, probes));
  parts.push(single ? `dL/d${variables[0]} = ${signed(gradient[0])}` : variables.map((name, k) => `∂L/∂${name} = ${signed(gradient[k])}`).join(', '));
  if (next) parts.push(`${plan.optimizer.name} moves ${tuple(variables)} by ${stepText(slope, next, plan.optimizer)}, to ${tuple(next.map(position))}`);
  return parts.filter((part) => part !== '').join(' · ');
}

/** Which way is down at a point of a run, and the optimizer's step from there taken apart: the panel's and the output's lines. */
export function slopeLines(slope: Slope, plan: Pick<RunPlan, 'optimizer'>): string[] {
  return [downhillText(slope, plan), ...stepLines(slope, plan)];
}

/**
 * The optimizer's step from the point taken apart, one line per variable, in the learner's numbers:
 * "x: gradient 1433.76 · adam's state m = 143.376, v = 2055.67 · m̂ = 1433.76, v̂ = 2.0557e+6 · step
 * size lr/(√v̂ + ε) = 6.9746e−5 · step −size × m̂ = −0.0999993 · moved −0.0999994". None without the anatomy.
 */
function stepLines(slope: Slope, plan: Pick<RunPlan, 'optimizer'>): string[] {
  const { anatomy } = slope;
  if (!anatomy) return [];
  const { size, step, note } = stepRule(plan.optimizer.name, anatomy);
  return slope.variables.map((name, k) => {
    const named = (values: Record<string, (number | null)[]>) => Object.entries(values).map(([key, list]) => `${TERM_NAMES[key] ?? key} = ${signed(list[k])}`);
    const state = named(anatomy.state);
    const terms = named(anatomy.terms);
    return [
      `${name}: gradient ${signed(slope.gradient[k])}`,
      ...(state.length ? [`${plan.optimizer.name}'s state ${state.join(', ')}`] : []),
      ...(terms.length ? [terms.join(', ')] : []),
      `step size ${size} = ${signed(anatomy.rate[k])}${note ? ` (${note})` : ''}`,
      `step ${step} = ${signed(anatomy.explained[k])}`,
      `moved ${signed(anatomy.taken[k])}`,
    ].join(' · ');
  });
}

/** What a rule works out on the way, as the lesson writes it. */
const TERM_NAMES: Record<string, string> = { mHat: 'm̂', vHat: 'v̂', lookahead: 'g + μ·momentum' };

/** Each optimizer's step size and step, as tfjs applies them; centered rmsprop and Nesterov's momentum are told by their anatomy. */
function stepRule(name: RunPlan['optimizer']['name'], { state, terms }: NonNullable<Slope['anatomy']>): { size: string; step: string; note?: string } {
  switch (name) {
    case 'sgd':
      return { size: 'lr', step: '−size × g' };
    case 'momentum':
      return { size: 'lr', step: terms.lookahead ? '−size × (g + μ·momentum)' : '−size × momentum' };
    case 'adagrad':
      return { size: 'lr/√(accumulator + ε)', step: '−size × g' };
    case 'adadelta':
      return { size: 'lr·√(accum_var + ε)/√(accum_grad + ε)', step: '−size × g', note: 'the averages before this step' };
    case 'adam':
      return { size: 'lr/(√v̂ + ε)', step: '−size × m̂' };
    case 'adamax':
      return { size: 'lr/((1 + decay·t)(u + ε))', step: '−size × m̂' };
    case 'rmsprop':
      return { size: state.mg ? 'lr/√(rms − mg² − ε)' : 'lr/√(rms + ε)', step: '−(μ·momentum before + size × g)' };
  }
}

type Probe = Slope['probes'][number];

/** "L(4.11) = 2939.2 < L(4.13) = 2967.9, so down is toward smaller x", or nothing where a side was not finite. */
function probeText(name: string, x: number | null, { step, below, above }: Probe): string {
  if (x === null || below === null || above === null) return '';
  const digits = digitsApart(below, above);
  const way = downhill(below, above);
  const order = way === 'smaller' ? '<' : way === 'larger' ? '>' : '=';
  const sides = `L(${position(x - step)}) = ${signed(below, digits)} ${order} L(${position(x + step)}) = ${signed(above, digits)}`;
  return `${sides}, so ${way ? `down is toward ${way} ${name}` : 'the loss is flat here'}`;
}

/** "down is toward smaller m, larger b", by each variable's probes. */
function directionsText(variables: string[], probes: Probe[]): string {
  const ways = variables.flatMap((name, k) => {
    const { below, above } = probes[k];
    const way = below === null || above === null ? null : downhill(below, above);
    return way ? [`${way} ${name}`] : [];
  });
  return ways.length ? `down is toward ${ways.join(', ')}` : '';
}

function downhill(below: number, above: number): 'smaller' | 'larger' | null {
  return below < above ? 'smaller' : above < below ? 'larger' : null;
}

/**
 * sgd's step as its rule works it out, "−0.0001 × 1433.76 = −0.143376"; another optimizer's as it
 * was taken, between the two points as they are shown.
 */
function stepText({ at, gradient }: Slope, next: (number | null)[], { name, learningRate }: RunPlan['optimizer']): string {
  if (name !== 'sgd') {
    const taken = at.map((x, k) => {
      const to = next[k];
      return x === null || to === null ? null : shownPosition(to) - shownPosition(x);
    });
    return tuple(taken.map((d) => signed(d)));
  }
  const rule = gradient.map((g) => (g === null ? null : -learningRate * g));
  const factor = gradient.length === 1 && (gradient[0] ?? 0) < 0 ? `(${signed(gradient[0])})` : tuple(gradient.map((g) => signed(g)));
  return `−${signed(learningRate)} × ${factor} = ${tuple(rule.map((d) => signed(d)))}`;
}

/** Float32's precision: a point's coordinates are shown to it, 4.12 and 3.976624. */
const POSITION_DIGITS = 7;

function position(x: number | null): string {
  return signed(x, POSITION_DIGITS);
}

function shownPosition(x: number): number {
  return Number(x.toPrecision(POSITION_DIGITS));
}

/** A number with the minus sign (−) rather than a hyphen, as print writes it. */
function signed(n: number | null, digits?: number): string {
  return formatNumber(n, digits).replace(/-/g, '−');
}

/** The fewest digits, from 5, that tell two losses apart: the two sides of a point may differ far down. */
function digitsApart(a: number, b: number): number {
  for (let digits = 5; digits <= 8; digits++) if (formatNumber(a, digits) !== formatNumber(b, digits)) return digits;
  return 5;
}

function tuple(items: string[]): string {
  return items.length === 1 ? items[0] : `(${items.join(', ')})`;
}

/** Why Pause and Step do nothing to a scratch whose own loop never awaits (the lesson form). */
export const PAUSE_NEEDS_CONFIG =
  'Pause and Step hold a config scratch, or a loop of your own at its next await (await tf.nextFrame() between epochs): this loop never awaits, so it runs on to its end.';

/** Where the lesson form's loop can be held, under its cell's controls. */
export const LESSON_FORM_HOLDS = 'Your own loop is held at its next await; one that never awaits runs on.';

/** The status of a request whose scratch did not compile. */
export const NOT_RUN_TEXT = '✗ not run';

/** The status of a whole request, as its cell's header shows it: "● live", "✓ completed in 2.63 s", … */
export function requestStatusText(state: RunState): string {
  if (state.stoppedAt !== null) return stoppedText(state.stoppedAt);
  switch (state.status) {
    case 'starting':
      return '○ starting';
    case 'live':
      return state.paused ? pausedText(state.paused.epoch) : '● live';
    case 'error':
      return '✗ error';
    default:
      return `${statusMark(state.status)} ${state.status} in ${formatDuration(state.results.reduce((sum, r) => sum + r.ms, 0))}`;
  }
}

/** What a request ended with, in a line: the only run's values and loss, or which of several got lowest. */
/**
 * A request's results at the end of the scratch's variables line: `→ x = 0.0034543 · loss
 * 0.0020762`; of several runs, the one with the lowest loss, named. Empty when no run has a result.
 */
export function inlineResultText(results: readonly RunSummary[]): string {
  const ranked = results.filter((r) => r.finalLoss !== null).sort((a, b) => (a.finalLoss as number) - (b.finalLoss as number));
  const best = ranked[0] ?? results[0];
  if (!best) return '';
  const vars = formatVariables(best.variables);
  const which = results.length > 1 ? `${best.label}${ranked[0] ? ` (lowest loss of ${results.length})` : ''}: ` : '';
  return `→ ${which}${vars ? `${vars} · ` : ''}loss ${finalLossText(best)}`;
}

export function finalSummary(results: readonly RunSummary[]): string {
  if (results.length === 1) {
    const [only] = results;
    const vars = formatVariables(only.variables);
    return `${vars ? `${vars} · ` : ''}loss ${finalLossText(only)}`;
  }
  const ranked = results.filter((r) => r.finalLoss !== null).sort((a, b) => (a.finalLoss as number) - (b.finalLoss as number));
  return ranked.length ? `lowest loss: ${ranked[0].label}, ${formatNumber(ranked[0].finalLoss)}` : '';
}

/** Why Use in scratch wrote nothing into the file, naming what it could not find or write. */
export function useInScratchProblemText(file: string, problem: EditProblem): string {
  return `Use in scratch wrote nothing into ${file}: ${editProblemText(problem)}.`;
}

function editProblemText(problem: EditProblem): string {
  switch (problem.kind) {
    case 'noConfig':
      return 'its default export is not an object Descent can read';
    case 'noVariable':
      return problem.form === 'config' ? `it has no variable "${problem.name}" in its variables field` : `it declares no variable "${problem.name}" (const ${problem.name} = tf.variable(…))`;
    case 'startNotWritten':
      return `the start of "${problem.name}" is computed, not a number written in the file`;
    case 'noElement':
      return `there is no element "${problem.name}" written in the file`;
    case 'noOptimizer':
      return 'it names no optimizer Descent can find (an optimizer field, or tf.train.sgd(…) and the like)';
    case 'rateNotWritten':
      return `the learning rate of ${problem.optimizer} is computed, not a number written in the file`;
    case 'defaultRate':
      return `${problem.optimizer} runs at tfjs's default learning rate; write its learningRate in the file to change it`;
    case 'optionNotWritten':
      return `the ${problem.option} of ${problem.optimizer} is computed, not a number written in the file`;
  }
}

/** When VS Code refused Use in scratch's edit (the file changed meanwhile, or it is read-only). */
export function useInScratchNotAppliedText(file: string): string {
  return `Use in scratch could not edit ${file}: VS Code refused the edit. Try again.`;
}

/**
 * What a play change tries against the run it starts from, each change on its own, as the new
 * cell says it: `x 4.12 → −3 (dragged)`, `learningRate 0.0001 → 0.001 (slid)`, `momentum 0.9 → 0.5 (slid)`.
 */
export function playChangeWords(change: PlayChange, from: RunState): string[] {
  const plans = from.plans;
  const values = (numbers: (number | null)[]) => [...new Set(numbers.map((n) => (n === null ? 'default' : signed(n))))].join(', ');
  const starts = Object.entries(change.start).map(([name, to]) => {
    const was = plans.map(({ start }) => start?.at[start.variables.indexOf(name)] ?? null);
    return `${name} ${values(was)} → ${signed(to)} (dragged)`;
  });
  const rates = plans.map(({ plan }) => plan.optimizer.learningRate);
  const rate = change.rateFactor === 1 ? [] : [`learningRate ${values(rates)} → ${values(rates.map((r) => playRate(r, change.rateFactor)))} (slid)`];
  const options = Object.entries(change.options).map(([option, to]) => {
    const was = plans.map(({ plan }) => plan.optimizer.options[option]).map((v) => (typeof v === 'number' ? v : null));
    return `${option} ${values(was)} → ${signed(to)} (slid)`;
  });
  return [...starts, ...rate, ...options];
}

/** The output channel's line of a play run: "▶ scratch.js · Run 1 again with x = −3 · learningRate ×10, the file unchanged". */
export function playLine(file: string, from: number, change: PlayChange): string {
  const parts = [
    ...Object.entries(change.start).map(([name, to]) => `${name} = ${signed(to)}`),
    ...(change.rateFactor === 1 ? [] : [`learningRate ×${formatNumber(change.rateFactor, 3)}`]),
    ...Object.entries(change.options).map(([option, to]) => `${option} = ${signed(to)}`),
  ];
  return `▶ ${file} · Run ${from} again with ${parts.join(' · ') || 'no change'}, the file unchanged`;
}

/** The accessible name of a figure's start marker, which the learner drags or moves with the keys. */
export const START_HANDLE_LABEL = 'Start of the descent: drag it, or move it with the arrow keys, to preview the path from there; Enter runs from there';

/** Where a dragged start is: "x = −3", "(m, b) = (1.5, −2)". */
export function pointText(variables: readonly string[], at: readonly (number | null)[]): string {
  return `${tuple([...variables])} = ${tuple(at.map((v) => signed(v, 3)))}`;
}

/**
 * What the dashed preview shows, in words: "Preview from x = −3: sgd lr=0.0001 ends at x = −0.00252,
 * loss 0.0011 after 200 epochs · release (or Enter) to run it".
 */
export function previewText(variables: readonly string[], from: readonly number[], ends: readonly { label: string; at: (number | null)[]; loss: number | null }[], epochs: number): string {
  const where = ends.map(({ label, at, loss }) => `${label} ends at ${pointText(variables, at)}, loss ${signed(loss, 3)}`);
  return `Preview from ${pointText(variables, from)}: ${where.join('; ')} after ${epochsText(epochs)} · release (or Enter) to run it`;
}

/** The button of a played run's cell that writes its change into the scratch. */
export const USE_IN_SCRATCH = 'Use in scratch';

/** A slider of a finished cell's numbers, named for a screen reader: "learning rate (×0.01 to ×100 of each run's)". */
export function sliderLabel(option: string | null): string {
  return option === null ? "learning rate (×0.01 to ×100 of each run's); let go or press Enter to run" : `${option}; let go or press Enter to run`;
}

/** What a slider is at: "learning rate ×10 → 0.001", "momentum 0.5". */
export function sliderText(option: string | null, value: number, rates: readonly number[]): string {
  if (option !== null) return `${option} ${formatNumber(value, 3)}`;
  const slid = [...new Set(rates.map((rate) => formatNumber(playRate(rate, value))))].join(', ');
  return `learning rate ×${formatNumber(value, 3)} → ${slid}`;
}

/** A run's label by its optimizer: "sgd lr=0.0001"; "momentum lr=0.001 nesterov" and "rmsprop lr=0.01 centered" tell those variants apart. */
export function optimizerLabel({ name, learningRate, options }: Pick<RunPlan['optimizer'], 'name' | 'learningRate'> & { options?: RunPlan['optimizer']['options'] }): string {
  const variants = (['useNesterov', 'centered'] as const).filter((option) => options?.[option] === true).map((option) => (option === 'useNesterov' ? ' nesterov' : ' centered'));
  return `${name} lr=${learningRate}${variants.join('')}`;
}
