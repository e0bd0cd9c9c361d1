// The "cleaning up" lesson made visible: what tfjs holds in memory, and a watch that notices when
// the tensor count grows epoch after epoch.
import * as tf from '@tensorflow/tfjs';
import type { LeakReport, MemoryInfo } from '../../src/protocol';

export function memorySnapshot(): MemoryInfo {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
}

export const PER_EPOCH_CAUSES = [
  'a cost returned by minimize(f, true) and never disposed',
  'a tensor made outside tf.tidy and never disposed',
  'an optimizer created every epoch and never disposed',
  'a tensor passed to tf.variable and kept',
];

/** How many batches in a row must grow before a run is said to leak. */
const GROWING_BATCHES = 3;
const MIN_EPOCHS = 10;

/** Watches one run's tensor count batch by batch; reports a leak once, when growth persists. */
export class LeakWatch {
  private start: { epoch: number; memory: MemoryInfo } | null = null;
  private last: MemoryInfo | null = null;
  private growing = 0;
  private reported = false;

  constructor(private readonly run: number) {}

  /** Call after each batch with the epoch reached; returns a report the first time a leak is certain. */
  observe(epoch: number, memory: MemoryInfo): LeakReport | null {
    if (!this.start) {
      this.start = { epoch, memory };
      this.last = memory;
      return null;
    }
    this.growing = this.last && memory.numTensors > this.last.numTensors ? this.growing + 1 : 0;
    this.last = memory;
    const epochs = epoch - this.start.epoch;
    if (this.reported || this.growing < GROWING_BATCHES || epochs < MIN_EPOCHS) return null;
    this.reported = true;
    return {
      run: this.run,
      perEpoch: true,
      tensors: round((memory.numTensors - this.start.memory.numTensors) / epochs),
      bytes: round((memory.numBytes - this.start.memory.numBytes) / epochs),
      causes: PER_EPOCH_CAUSES,
    };
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
