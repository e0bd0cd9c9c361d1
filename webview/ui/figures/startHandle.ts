// The start marker of a finished run's figure, as something the learner can take: dragged with
// the pointer, or moved a grid step at a time with the arrow keys (left/right the first variable,
// down/up the second). Each move asks for a preview; releasing it (or Enter) runs from there, and
// Escape puts it back.
import { pointText, START_HANDLE_LABEL } from '../../../src/shared/wording';
import { el } from '../base/dom';

/** What the learner does with the start. */
export interface StartDrag {
  /** The start is moved to `at` (a value per drawn variable): the path from there is wanted. */
  move(at: number[]): void;
  /** Let go at `at`: a real run from there. */
  release(at: number[]): void;
  /** Put back where the run started. */
  cancel(): void;
}

/** Where the figure draws a point, and which point is under a pixel of its box. */
export interface HandleGeometry {
  pixelOf(at: readonly number[]): { x: number; y: number } | null;
  pointAt(x: number, y: number): number[];
  /** A grid step of each drawn variable. */
  steps(): number[];
}

const KEY_STEPS: Record<string, [axis: number, sign: number]> = {
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
  ArrowDown: [1, -1],
  ArrowUp: [1, 1],
};

export class StartHandle {
  readonly element = el('div', 'start-handle');
  private start: number[] | null = null;
  /** Where the learner has taken it; null while it sits at the start. */
  private taken: number[] | null = null;
  private dragging = false;

  constructor(
    /** The drawn variables, by which the handle says where it is. */
    private readonly variables: () => readonly string[],
    private readonly geometry: HandleGeometry,
    private readonly drag: StartDrag,
  ) {
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'slider');
    this.element.setAttribute('aria-label', START_HANDLE_LABEL);
    this.element.hidden = true;
    this.element.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      this.element.setPointerCapture(event.pointerId);
      this.element.focus();
      this.dragging = true;
    });
    this.element.addEventListener('pointermove', (event) => {
      if (!this.dragging) return;
      const box = (this.element.offsetParent ?? this.element).getBoundingClientRect();
      this.moveTo(this.geometry.pointAt(event.clientX - box.left, event.clientY - box.top));
    });
    const letGo = () => {
      if (!this.dragging) return;
      this.dragging = false;
      this.release();
    };
    this.element.addEventListener('pointerup', letGo);
    this.element.addEventListener('pointercancel', () => {
      this.dragging = false;
      this.putBack();
    });
    this.element.addEventListener('keydown', (event) => this.key(event));
  }

  /** The run's start, and whether the learner may take it (the run has ended); drawn where the figure has it now. */
  show(start: number[] | null, enabled: boolean): void {
    this.start = start;
    this.element.hidden = !enabled || start === null;
    if (!enabled && this.taken) this.putBack();
    this.place();
  }

  /** Where the figure draws the handle's point: after a redraw or a resize. */
  place(): void {
    const at = this.taken ?? this.start;
    const pixel = at && this.geometry.pixelOf(at);
    if (!at || !pixel) return;
    this.element.style.left = `${pixel.x}px`;
    this.element.style.top = `${pixel.y}px`;
    const text = pointText(this.variables(), at);
    this.element.setAttribute('aria-valuetext', text);
    this.element.setAttribute('aria-valuenow', String(at[0]));
  }

  private key(event: KeyboardEvent): void {
    const step = KEY_STEPS[event.key];
    if (step && this.start && step[0] < this.start.length) {
      event.preventDefault();
      const [axis, sign] = step;
      const at = [...(this.taken ?? this.start)];
      at[axis] += sign * this.geometry.steps()[axis];
      this.moveTo(at);
    } else if (event.key === 'Enter' && this.taken) {
      event.preventDefault();
      this.release();
    } else if (event.key === 'Escape' && this.taken) {
      event.preventDefault();
      this.putBack();
    }
  }

  private moveTo(at: number[]): void {
    this.taken = at;
    this.place();
    this.drag.move(at);
  }

  private release(): void {
    const at = this.taken;
    this.taken = null;
    this.place();
    if (at) this.drag.release(at);
  }

  private putBack(): void {
    this.taken = null;
    this.place();
    this.drag.cancel();
  }
}
