// One plan's loss per epoch, kept as float32 (what the trainer reads back from tfjs anyway): 4
// bytes an epoch, where an array of numbers costs 8 and more. NaN marks a loss that was not finite.
const FIRST_CAPACITY = 1024;

export class LossSeries {
  private buffer = new Float32Array(FIRST_CAPACITY).fill(NaN);
  private count = 0;

  /** Losses from `firstEpoch` (1-based) on; null for a loss that was not finite. */
  set(firstEpoch: number, losses: readonly (number | null)[]): void {
    const end = firstEpoch - 1 + losses.length;
    this.reserve(end);
    for (let i = 0; i < losses.length; i++) this.buffer[firstEpoch - 1 + i] = losses[i] ?? NaN;
    this.count = Math.max(this.count, end);
  }

  /** loss[i] of epoch i + 1, a view that is valid until the next set. */
  get values(): Float32Array {
    return this.buffer.subarray(0, this.count);
  }

  private reserve(size: number): void {
    if (size <= this.buffer.length) return;
    let capacity = this.buffer.length;
    while (capacity < size) capacity *= 2;
    const grown = new Float32Array(capacity).fill(NaN);
    grown.set(this.buffer);
    this.buffer = grown;
  }
}
