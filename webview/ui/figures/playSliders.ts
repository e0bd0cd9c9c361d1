// A finished cell's numbers as sliders: the learning rate (a factor of each run's own, on a log
// scale from ×0.01 to ×100) and each numeric option the runs' optimizers were given. Moving one
// previews the paths with it; letting go (or Enter) runs the scratch with it as a new cell.
import type { RunPlan } from '../../../src/shared/protocol';
import { sliderLabel, sliderText } from '../../../src/shared/wording';
import { el, setText } from '../base/dom';
import type { Tweak } from './startPlay';

/** Each option's range; a log one slides its exponent. */
const OPTION_RANGES: Record<string, { low: number; high: number; log?: boolean }> = {
  momentum: { low: 0, high: 0.99 },
  beta1: { low: 0, high: 0.999 },
  beta2: { low: 0.9, high: 0.9999 },
  rho: { low: 0, high: 0.99 },
  decay: { low: 0, high: 0.99 },
  epsilon: { low: 1e-10, high: 1e-2, log: true },
};
const RATE_RANGE = { low: 0.01, high: 100, log: true };
/** Positions along a slider. */
const STEPS = 200;

interface Slider {
  option: string | null;
  input: HTMLInputElement;
  value(): number;
}

export class PlaySliders {
  readonly element = el('div', 'play-sliders');
  private readonly sliders: Slider[];

  constructor(
    plans: readonly RunPlan[],
    private readonly slide: (tweak: Tweak) => void,
    private readonly release: (tweak: Tweak) => void,
  ) {
    const rates = plans.map(({ optimizer }) => optimizer.learningRate);
    const options = [...new Set(plans.flatMap(({ optimizer }) => Object.keys(optimizer.options).filter((o) => typeof optimizer.options[o] === 'number' && o in OPTION_RANGES)))];
    const given = (option: string) => plans.map(({ optimizer }) => optimizer.options[option]).find((v): v is number => typeof v === 'number') ?? 0;
    this.sliders = [this.slider(null, RATE_RANGE, 1, rates), ...options.map((option) => this.slider(option, OPTION_RANGES[option], given(option), rates))];
  }

  /** The numbers the sliders are at. */
  private tweak(): Tweak {
    const [rate, ...options] = this.sliders;
    return { rateFactor: rate.value(), options: Object.fromEntries(options.flatMap((s) => (s.input.dataset.moved ? [[s.option as string, s.value()]] : []))) };
  }

  private slider(option: string | null, range: { low: number; high: number; log?: boolean }, initial: number, rates: readonly number[]): Slider {
    const [low, high] = range.log ? [Math.log10(range.low), Math.log10(range.high)] : [range.low, range.high];
    const input = el('input', 'play-slider');
    input.type = 'range';
    input.min = '0';
    input.max = String(STEPS);
    const position = (value: number) => Math.round((((range.log ? Math.log10(value) : value) - low) / (high - low)) * STEPS);
    input.value = String(Math.min(STEPS, Math.max(0, position(initial))));
    input.setAttribute('aria-label', sliderLabel(option));
    const value = () => {
      const at = low + (Number(input.value) / STEPS) * (high - low);
      return Number((range.log ? 10 ** at : at).toPrecision(3));
    };
    const shown = el('span', 'play-slider-value');
    const show = () => {
      const text = sliderText(option, value(), rates);
      setText(shown, text);
      input.setAttribute('aria-valuetext', text);
    };
    show();
    let pointing = false;
    input.addEventListener('pointerdown', () => (pointing = true));
    input.addEventListener('input', () => {
      input.dataset.moved = 'true';
      show();
      this.slide(this.tweak());
    });
    // Let go with the pointer, or Enter: a real run. An arrow key only previews.
    input.addEventListener('change', () => {
      if (!pointing) return;
      pointing = false;
      this.release(this.tweak());
    });
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      this.release(this.tweak());
    });
    const label = el('label', 'play-slider-label');
    label.append(input, shown);
    this.element.append(label);
    return { option, input, value };
  }
}
