// A live run cell's Pause, Step and Resume: what the Descent: Pause / Step / Resume Optimization
// commands do, as buttons. The lesson form's own loop is held at its next await; one that never
// awaits runs on, and its cell says so.
import type { RunControl } from '../../../src/shared/protocol';
import type { RunState } from '../../../src/shared/runState';
import { LESSON_FORM_HOLDS } from '../../../src/shared/wording';
import { el, setText } from '../base/dom';

const BUTTONS: readonly [RunControl, string, string][] = [
  ['pause', '‖ Pause', 'Hold the run after the epochs in flight (F6)'],
  ['step', '⇥ Step', 'Train exactly one more epoch, then hold (F10)'],
  ['resume', '▶ Resume', 'Go on training (F5)'],
];

export class RunControls {
  readonly element = el('div', 'run-controls');
  private readonly buttons = new Map<RunControl, HTMLButtonElement>();
  private readonly note = el('span', 'run-controls-note');

  constructor(control: (action: RunControl) => void) {
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', 'Step through the run');
    for (const [action, label, hint] of BUTTONS) {
      const button = el('button', `secondary-button ${action}-button`, label);
      button.type = 'button';
      button.title = hint;
      button.addEventListener('click', () => control(action));
      this.buttons.set(action, button);
      this.element.append(button);
    }
    this.element.append(this.note);
  }

  update(state: RunState): void {
    const live = state.status === 'starting' || state.status === 'live';
    const paused = live && state.paused !== null;
    this.set('pause', live && !paused);
    this.set('step', live);
    this.set('resume', paused);
    setText(this.note, live && state.summary?.form === 'lesson' && !paused ? LESSON_FORM_HOLDS : '');
    this.element.hidden = !live;
  }

  private set(action: RunControl, enabled: boolean): void {
    const button = this.buttons.get(action);
    if (button && button.disabled === enabled) button.disabled = !enabled;
  }
}
