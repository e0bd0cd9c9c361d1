// A loss series smoothed for the loss chart: an exponential moving average with weight w, debiased
// as TensorBoard's is (divided by 1 − wⁿ after n finite losses, so it starts at the first loss
// instead of rising from 0), kept as epochs arrive rather than recomputed every frame.
export class SmoothedSeries {
  private smoothed = new Float32Array(0);
  private done = 0;
  private average = 0;
  private finite = 0;
  private weight = 0;

  /** 0 is no smoothing; the average restarts from the first epoch when the weight changes. */
  setWeight(weight: number): void {
    if (weight === this.weight) return;
    this.weight = weight;
    this.restart();
  }


  /** The smoothed values of `losses` (NaN where a loss was not finite), a view valid until the next call. */
  of(losses: Float32Array): Float32Array {
    if (losses.length < this.done) this.restart();
    if (this.smoothed.length < losses.length) {
      const grown = new Float32Array(Math.max(losses.length, 2 * this.smoothed.length));
      grown.set(this.smoothed);
      this.smoothed = grown;
    }
    const w = this.weight;
    for (let i = this.done; i < losses.length; i++) {
      const loss = losses[i];
      if (Number.isFinite(loss)) {
        this.average = this.average * w + (1 - w) * loss;
        this.finite++;
        this.smoothed[i] = this.average / (1 - w ** this.finite);
      } else this.smoothed[i] = Number.NaN;
    }
    this.done = losses.length;
    return this.smoothed.subarray(0, losses.length);
  }

  private restart(): void {
    this.done = 0;
    this.average = 0;
    this.finite = 0;
  }
}
