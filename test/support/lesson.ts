// The lesson's problem, which every suite trains: multiply every element of ys by one number x so
// that the result is as close to zero as possible, from x = 4.12, with sgd at 0.0001 for 200
// epochs. Here in the forms the tests write it, with the numbers a run of it must reach.
// Neither Node nor the DOM: the bench's browser worker imports it too.
import type * as tf from '@tensorflow/tfjs';
import type { RunPlan } from '../../src/shared/protocol';

export const LESSON_START_X = 4.12;
export const LESSON_YS = [2, -5, 16, -24, 3];
export const LESSON_LEARNING_RATE = 0.0001;
export const LESSON_EPOCHS = 200;
/** Epoch 1's loss, mean((ys · 4.12)²). */
export const LESSON_FIRST_LOSS = 2953.5456;
/** x after epoch 1. */
export const LESSON_X_AFTER_ONE_EPOCH = 3.976624;
/** x after the 200 epochs, and the loss there. */
export const LESSON_FINAL_X = 0.0034543;
export const LESSON_FINAL_LOSS = 0.0020762;
/** What the lesson's own code prints first: x as tfjs holds it, in float32. */
export const LESSON_FIRST_PRINT = 'Float32Array(1) [ 4.119999885559082 ]';
/** x as the lesson's own code prints it at the end on tfjs's CPU backend; WebGL may differ in the last float32 bits. */
export const LESSON_LAST_X_ON_CPU = 0.0034542980138212442;

const YS_TEXT = `[${LESSON_YS.join(', ')}]`;

/** The lesson's config, with fields replaced (or, given undefined, removed). */
export function lessonObject(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const config: Record<string, unknown> = {
    variables: { x: LESSON_START_X },
    data: { ys: LESSON_YS },
    loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),
    optimizer: 'sgd',
    learningRate: LESSON_LEARNING_RATE,
    epochs: LESSON_EPOCHS,
    ...changes,
  };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete config[key];
  return config;
}

/** The plan the lesson's config makes on WebGL. */
export const LESSON_PLAN: RunPlan = {
  index: 0,
  label: 'sgd lr=0.0001',
  optimizer: { name: 'sgd', learningRate: LESSON_LEARNING_RATE, options: {} },
  epochs: LESSON_EPOCHS,
  logEvery: 20,
  stopWhenLoss: null,
  backend: 'webgl',
  memory: 'tidy',
};

/** The lesson's own code as a scratch file: no config, a loop of minimize calls. */
export const LESSON_CODE = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  `const x = tf.variable(tf.scalar(${LESSON_START_X}));`,
  `const ys = tf.tensor(${YS_TEXT});`,
  `const optimizer = tf.train.sgd(${LESSON_LEARNING_RATE});`,
  '',
  'console.log(x.dataSync());',
  `for (let i = 0; i < ${LESSON_EPOCHS}; i++) {`,
  '  optimizer.minimize(() => ys.mul(x).square().mean());',
  '}',
  'console.log(x.dataSync());',
].join('\n');

/**
 * The lesson's code as the course's page runs it: its index.html loads tfjs with a script tag, so
 * scratch.js has no import and uses the page's global tf. `minimize` is on line 7.
 */
export const LESSON_PAGE_CODE = LESSON_CODE.split('\n').slice(2).join('\n');

/** The course's page code, its loop running `epochs` times. */
export const lessonPageCodeWithEpochs = (epochs: number) => LESSON_PAGE_CODE.replace(`i < ${LESSON_EPOCHS}`, `i < ${epochs}`);

/** The course's page code, its loop's body replaced: the lesson's variants (tf.tidy, awaiting between epochs). */
export const lessonPageCodeWithStep = (step: string) => LESSON_PAGE_CODE.replace('  optimizer.minimize(() => ys.mul(x).square().mean());', step);

/**
 * The course's page code trained in an async function that awaits a frame after each epoch, as
 * tfjs-examples train; `after`: lines the function runs once its loop has ended.
 */
export function lessonAsyncLoop({ epochs = LESSON_EPOCHS, learningRate = LESSON_LEARNING_RATE, after = [] as string[] } = {}): string {
  return [
    ...LESSON_PAGE_CODE.split('\n').slice(0, 2),
    `const optimizer = tf.train.sgd(${learningRate});`,
    'async function train() {',
    `  for (let i = 0; i < ${epochs}; i++) {`,
    '    optimizer.minimize(() => ys.mul(x).square().mean());',
    '    await tf.nextFrame();',
    '  }',
    ...after.map((line) => `  ${line}`),
    '}',
    'train();',
  ].join('\n');
}

/** The lesson's config as a scratch file, `extra` fields appended to its last line. */
export const lessonConfig = (extra = '') =>
  [
    "import * as tf from '@tensorflow/tfjs';",
    'export default {',
    `  variables: { x: ${LESSON_START_X} },`,
    `  data: { ys: ${YS_TEXT} },`,
    '  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),',
    `  optimizer: 'sgd', learningRate: ${LESSON_LEARNING_RATE}, epochs: ${LESSON_EPOCHS}, ${extra}`,
    '};',
  ].join('\n');
