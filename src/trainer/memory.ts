// The "cleaning up" lesson made visible: what the learner's code keeps in tfjs's memory, and a
// watch that notices when the tensor count grows epoch after epoch.
import * as tf from '@tensorflow/tfjs';
import type { LeakReport, MemoryInfo } from '../shared/protocol';
import { ownMemory } from './ownTensors';

/** What tfjs holds now, less what Descent holds for itself (ownTensors.ts). */
export function memorySnapshot(): MemoryInfo {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  const own = ownMemory();
  return {
    numTensors: m.numTensors - own.numTensors,
    numBytes: m.numBytes - own.numBytes,
    numBytesInGPU: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU - own.numBytesInGPU : null,
  };
}

/**
 * A scratch runs inside one engine scope, so that whatever it forgets is freed when it ends. The
 * scope lists every tensor made in it, disposed or not: dropping the disposed ones after each
 * batch keeps a long run's memory flat (a million epochs would otherwise hold a million dead
 * tensor objects, hundreds of megabytes, and the garbage collector would keep walking them).
 */
export function forgetDisposedTensors(): void {
  const scope = tf.engine().state.activeScope as { track: tf.Tensor[] } | null;
  if (scope) scope.track = scope.track.filter((tensor) => !tensor.isDisposed);
}

export const PER_EPOCH_CAUSES = [
  'a cost returned by minimize(f, true) and never disposed',
  'a tensor made outside tf.tidy and never disposed',
  'an optimizer created every epoch and never disposed',
  'a tensor passed to tf.variable and kept',
];

/** A run leaks when, over at least this many epochs, every batch ended with more tensors than the last… */
const MIN_EPOCHS = 10;
/** …and the count grew by at least this much per epoch. */
const MIN_RATE = 0.5;

/** Watches one run's tensor count batch by batch; reports a leak once, when growth persists. */
export class LeakWatch {
  private start: { epoch: number; memory: MemoryInfo } | null = null;
  private last: MemoryInfo | null = null;
  private alwaysGrew = true;
  private reported = false;

  constructor(private readonly run: number) {}

  /** Call after each batch with the epoch reached; returns a report the first time a leak is certain. */
  observe(epoch: number, memory: MemoryInfo): LeakReport | null {
    if (!this.start) {
      this.start = { epoch, memory };
      this.last = memory;
      return null;
    }
    this.alwaysGrew &&= this.last !== null && memory.numTensors > this.last.numTensors;
    this.last = memory;
    if (!this.alwaysGrew) return null;
    return this.judge(epoch - this.start.epoch, memory.numTensors - this.start.memory.numTensors, memory.numBytes - this.start.memory.numBytes);
  }

  /** After the run, by what it left behind: a leak too short-lived for the batches to show. */
  afterRun(epochs: number, tensorsLeft: number, bytesLeft: number): LeakReport | null {
    return this.judge(epochs, tensorsLeft, bytesLeft);
  }

  private judge(epochs: number, tensors: number, bytes: number): LeakReport | null {
    if (this.reported || epochs < MIN_EPOCHS || tensors / epochs < MIN_RATE) return null;
    this.reported = true;
    return { run: this.run, perEpoch: true, tensors: round(tensors / epochs), bytes: round(bytes / epochs), causes: PER_EPOCH_CAUSES };
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
