// A slider over a run cell's epochs: moved back from the latest, it puts a cursor on the loss chart
// and on each run's point of the figure, and says that epoch's loss and where it was measured.
// At the latest epoch it follows the run again.
import { epochPointsText } from '../../../src/shared/landscapeText';
import type { RunState } from '../../../src/shared/runState';
import { el, setText } from '../base/dom';
import { lossCount, pointOfEpoch, pointVariables, startAt } from '../base/figurePath';

export class EpochScrubber {
  readonly element = el('div', 'epoch-scrubber');
  private readonly input = el('input', 'epoch-slider');
  private readonly text = el('output', 'epoch-readout');
  private state: RunState | null = null;
  /** The epoch scrubbed to; null while following the latest. */
  private epoch: number | null = null;

  constructor(private readonly onScrub: (epoch: number | null) => void) {
    this.input.type = 'range';
    this.input.min = '1';
    this.input.step = '1';
    this.input.setAttribute('aria-label', 'Epoch');
    const label = el('label', 'epoch-label');
    label.append('epoch ', this.input);
    this.element.append(label, this.text);
    this.element.hidden = true;
    this.input.addEventListener('input', () => {
      const value = Number(this.input.value);
      this.epoch = value >= Number(this.input.max) ? null : value;
      this.onScrub(this.epoch);
      this.render();
    });
  }

  update(state: RunState): void {
    this.state = state;
    const latest = Math.max(0, ...state.plans.map(lossCount));
    this.element.hidden = latest < 2;
    if (String(latest) !== this.input.max) this.input.max = String(latest);
    if (this.epoch === null) this.input.value = String(latest);
    this.render();
  }

  private render(): void {
    const state = this.state;
    if (!state || this.epoch === null) return setText(this.text, '');
    const epoch = this.epoch;
    const variables = pointVariables(state);
    const runs = state.plans.map((plan) => ({ label: plan.plan.label, point: pointOfEpoch(plan, variables, startAt(plan, variables), epoch) }));
    setText(this.text, epochPointsText(epoch, variables, runs));
  }
}
