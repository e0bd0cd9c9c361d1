// What the bench's plain-tfjs worker is asked to do, and what it answers. Shared by the worker,
// the page that starts it and the Node side that reads the answers.

import type { TrainingBackend } from '../../../src/shared/protocol';

export type PlainBackend = TrainingBackend;

/**
 * The lesson's loop written by hand. `bare`: minimize() and nothing else, one read at the end;
 * `naive`: the lesson's habit, the cost read back with dataSync() every epoch.
 */
export interface LessonTask {
  kind: 'bare' | 'naive';
  backend: PlainBackend;
  epochs: number;
}

/** A line fit y = a·x + b on `samples` points: `blocks` timed blocks of `epochs` each, after a warm-up. */
export interface RegressionTask {
  kind: 'regression';
  backend: PlainBackend;
  samples: number;
  epochs: number;
  blocks: number;
}

/** The same line fit handed to Descent's own backend: 'auto' (src/trainer/autoBackend.ts). */
export interface AutoTask {
  kind: 'auto';
  samples: number;
}

export type PlainTask = LessonTask | RegressionTask | AutoTask;

/** What the page posts to a plain worker: its task, and where the wasm backend's .wasm files are. */
export interface PlainRequest {
  task: PlainTask;
  wasmUri: string;
}

export interface LessonReply {
  kind: 'lesson';
  /** The backend tfjs actually used. */
  backend: string;
  epochs: number;
  ms: number;
  /** From the start to the first epoch read back: building the tensors and compiling the programs. */
  firstEpochMs: number;
}

export interface RegressionReply {
  kind: 'regression';
  backend: string;
  epochs: number;
  blockMs: number[];
  /** The untimed first epochs: uploading the data and compiling the shaders. */
  warmupMs: number;
}

export interface AutoReply {
  kind: 'auto';
  backend: PlainBackend;
  reason: string;
  timings: { backend: PlainBackend; msPerEpoch: number }[];
}

export interface FailedReply {
  kind: 'failed';
  error: string;
}

export type PlainReply = LessonReply | RegressionReply | AutoReply | FailedReply;
