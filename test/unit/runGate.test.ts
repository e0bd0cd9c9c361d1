// Pause, Step and Resume: a paused config run holds where its reported epochs end, each step trains
// exactly one more epoch, and resuming finishes as if it had never paused.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { validateTrainerEvent, type RunResult, type TrainerEvent } from '../../src/shared/protocol';
import { PAUSE_NEEDS_CONFIG } from '../../src/shared/wording';
import { readConfig } from '../../src/trainer/config';
import { RunGate } from '../../src/trainer/runGate';
import { train } from '../../src/trainer/train';
import { runScratch } from '../../src/trainer/runScratch';
import { LESSON_CODE, LESSON_FINAL_X, LESSON_LEARNING_RATE, LESSON_START_X, lessonAsyncLoop, lessonObject } from '../support/lesson';
import { compiledText, runText } from '../support/scratchRuns';
import { useCpu } from './tfjsCpu';

before(useCpu);

/** The lesson's config trained with `gate`, `control` answering each event as it is sent. */
async function trainLesson(changes: Record<string, unknown>, control: (event: TrainerEvent, gate: RunGate) => void = () => undefined) {
  const config = readConfig(lessonObject(changes), { defaultBackend: 'cpu' });
  const gate = new RunGate();
  const events: TrainerEvent[] = [];
  const emit = (event: TrainerEvent) => {
    events.push(event);
    control(event, gate);
  };
  const result = await train(config.problem, config.plans[0], { emit, now: () => performance.now(), gate });
  return { result, events };
}

const x = (result: RunResult) => result.variables.x as number;
const ofType = <T extends TrainerEvent['type']>(events: TrainerEvent[], type: T) =>
  events.filter((e): e is Extract<TrainerEvent, { type: T }> => e.type === type);
const progressEpochs = (events: TrainerEvent[]) => ofType(events, 'progress').flatMap((e) => e.losses.map((_, i) => e.firstEpoch + i));
/** x where the run last reported, before `index` in its events. */
const xBefore = (events: TrainerEvent[], index: number) => ofType(events.slice(0, index), 'progress').at(-1)?.variables.x as number;

/** Steps `steps` times from the first pause, then resumes; notes where the run was after the steps. */
function stepThenResume(steps: number) {
  const pauses: { epoch: number; x: number }[] = [];
  const control = (event: TrainerEvent, gate: RunGate, events: TrainerEvent[]) => {
    if (event.type !== 'paused') return;
    pauses.push({ epoch: event.epoch, x: xBefore(events, events.length) });
    // Answered later, as the learner would: the trainer is waiting by then.
    setTimeout(() => (pauses.length <= steps ? gate.step() : gate.resume()), 1);
  };
  return { pauses, control };
}

describe('pause, step and resume', () => {
  it('a run paused after its first batch, stepped three times, is three epochs on, exactly where a 4-epoch run ends', async () => {
    const events: TrainerEvent[] = [];
    const { pauses, control } = stepThenResume(3);
    const { result } = await trainLesson({ epochs: 200 }, (event, gate) => {
      events.push(event);
      if (event.type === 'progress' && event.firstEpoch === 1) gate.pause();
      control(event, gate, events);
    });
    assert.deepEqual(
      pauses.map((p) => p.epoch),
      [1, 2, 3, 4],
    );
    const plain = await trainLesson({ epochs: 4 });
    assert.equal(pauses[3].x, x(plain.result), 'three steps from epoch 1: the variables of a run of 4 epochs');
    assert.deepEqual(progressEpochs(events), Array.from({ length: 200 }, (_, i) => i + 1), 'every epoch once');
    assert.equal(ofType(events, 'resumed').length, 1);
    const unpaused = await trainLesson({ epochs: 200 });
    assert.deepEqual(
      { loss: result.loss, variables: result.variables, epochs: result.epochs, status: result.status },
      { loss: unpaused.result.loss, variables: unpaused.result.variables, epochs: unpaused.result.epochs, status: unpaused.result.status },
      'resumed, it ends as a run never paused',
    );
  });

  it('paused in the middle of a long run, it drains what is in flight, holds, and steps exactly', async () => {
    const events: TrainerEvent[] = [];
    const { pauses, control } = stepThenResume(3);
    const { result } = await trainLesson({ epochs: 20000, learningRate: 1e-6 }, (event, gate) => {
      events.push(event);
      if (event.type === 'progress' && event.firstEpoch > 1 && !gate.paused && pauses.length === 0) gate.pause();
      control(event, gate, events);
    });
    assert.equal(pauses.length, 4);
    const [first] = pauses;
    assert.ok(first.epoch > 1 && first.epoch < 20000, `paused at epoch ${first.epoch}`);
    assert.deepEqual(
      pauses.map((p) => p.epoch - first.epoch),
      [0, 1, 2, 3],
    );
    const plain = await trainLesson({ epochs: first.epoch + 3, learningRate: 1e-6 });
    assert.equal(pauses[3].x, x(plain.result));
    assert.deepEqual(progressEpochs(events), Array.from({ length: 20000 }, (_, i) => i + 1));
    const unpaused = await trainLesson({ epochs: 20000, learningRate: 1e-6 });
    assert.deepEqual(result.loss, unpaused.result.loss);
    assert.equal(x(result), x(unpaused.result));
  });

  it('each pause says where it holds and which way is down from there, sgd’s next step where it will land', async () => {
    const events: TrainerEvent[] = [];
    const { control } = stepThenResume(2);
    await trainLesson({ epochs: 50 }, (event, gate) => {
      events.push(event);
      if (event.type === 'runStart') gate.pause();
      control(event, gate, events);
    });
    for (const paused of ofType(events, 'paused')) {
      assert.ok(validateTrainerEvent(paused).ok);
      const slope = events[events.indexOf(paused) + 1];
      assert.ok(slope.type === 'slope' && slope.epoch === paused.epoch, `a slope at epoch ${paused.epoch} follows its pause`);
      assert.equal(slope.at[0], xBefore(events, events.indexOf(paused)), 'at the point the run holds');
      const expected = (slope.at[0] as number) - LESSON_LEARNING_RATE * (slope.gradient[0] as number);
      assert.deepEqual(slope.next, [expected]);
      const nextProgress = events.slice(events.indexOf(slope)).find((e) => e.type === 'progress');
      assert.ok(nextProgress?.type === 'progress' && nextProgress.firstEpoch === paused.epoch + 1);
      assert.ok(Math.abs((nextProgress.path?.x[0] as number) - expected) < 1e-6, 'the step lands where the slope said');
    }
    assert.equal(ofType(events, 'slope').filter((s) => s.epoch === 0).length, 1, 'the start’s slope, once');
  });

  it("for another optimizer the pause's slope says no next point ahead", async () => {
    const { events } = await trainLesson({ epochs: 10, optimizer: 'adam', learningRate: 0.1 }, (event, gate) => {
      if (event.type === 'progress' && event.firstEpoch === 1) gate.pause();
      if (event.type === 'paused') setTimeout(() => gate.resume(), 1);
    });
    const paused = ofType(events, 'slope').filter((s) => s.epoch > 0);
    assert.equal(paused.length, 1);
    assert.equal(paused[0].next, null);
  });

  for (const [optimizer, slots] of [
    [{ name: 'adam', learningRate: 0.1 }, ['m', 'v']],
    [{ name: 'momentum', learningRate: 0.0001, momentum: 0.9 }, ['momentum']],
  ] as const) {
    const { name } = optimizer;
    it(`each pause takes ${name}'s next step apart, which the Step then takes; the run ends where an unpaused one does`, async () => {
      const events: TrainerEvent[] = [];
      const { control } = stepThenResume(2);
      const { result } = await trainLesson({ epochs: 10, optimizer }, (event, gate) => {
        events.push(event);
        if (event.type === 'progress' && event.firstEpoch === 1) gate.pause();
        control(event, gate, events);
      });
      const pauses = ofType(events, 'slope').filter((s) => s.epoch > 0);
      assert.equal(pauses.length, 3);
      for (const slope of pauses) {
        const { anatomy } = slope;
        assert.ok(anatomy, `the step from epoch ${slope.epoch}, taken apart`);
        assert.deepEqual(Object.keys(anatomy.state), slots);
        const nextProgress = events.slice(events.indexOf(slope)).find((e) => e.type === 'progress');
        assert.ok(nextProgress?.type === 'progress' && nextProgress.firstEpoch === slope.epoch + 1);
        const moved = (nextProgress.path?.x[0] as number) - (slope.at[0] as number);
        assert.ok(moved !== 0 && anatomy.taken[0] === moved, `epoch ${slope.epoch + 1} moved x by ${moved}, as looked at: ${anatomy.taken[0]}`);
      }
      const unpaused = await trainLesson({ epochs: 10, optimizer });
      assert.equal(x(result), x(unpaused.result), 'looking at the steps changed nothing');
    });
  }

  it('a run paused with steps queued ahead takes them one at a time, reporting and pausing after each', async () => {
    const { events, result } = await trainLesson({ epochs: 30 }, (event, gate) => {
      if (event.type === 'progress' && event.firstEpoch === 1) {
        gate.pause();
        gate.step();
        gate.step();
      }
      if (event.type === 'paused' && event.epoch === 3) setTimeout(() => gate.resume(), 1);
    });
    assert.deepEqual(
      ofType(events, 'paused').map((p) => p.epoch),
      [1, 2, 3],
    );
    assert.equal(result.epochs, 30);
  });

  it('a lesson loop that never awaits cannot pause: it says so once, as a warning, and trains on', async () => {
    const gate = new RunGate();
    gate.pause();
    const paused = await runText(LESSON_CODE, 'scratch.ts', {}, gate);
    assert.equal(paused.runs[0].epochs, 200);
    assert.deepEqual(
      ofType(paused.events, 'print').filter((p) => p.level === 'warn').map((p) => [p.run, p.text]),
      [[0, PAUSE_NEEDS_CONFIG]],
    );
    assert.match(PAUSE_NEEDS_CONFIG, /Pause and Step hold a config scratch, or a loop of your own at its next await/);
  });

  it('an async lesson loop is held at its awaits: each step one epoch further, then resumed to its end', async () => {
    const code = lessonAsyncLoop();
    const gate = new RunGate();
    const events: TrainerEvent[] = [];
    const { pauses, control } = stepThenResume(3);
    const emit = (event: TrainerEvent) => {
      events.push(event);
      if (event.type === 'progress' && event.firstEpoch === 1) gate.pause();
      control(event, gate, events);
    };
    const { runs, error } = await runScratch({ ...(await compiledText(code, 'scratch.js')), defaultBackend: 'cpu' }, { emit, now: () => performance.now(), gate });
    assert.equal(error, null);
    assert.equal(pauses.length, 4, JSON.stringify(pauses));
    const first = pauses[0].epoch;
    assert.deepEqual(pauses.map((p) => p.epoch), [first, first + 1, first + 2, first + 3]);
    for (const { epoch, x } of pauses) {
      const expected = LESSON_START_X * (1 - 348 * LESSON_LEARNING_RATE) ** epoch;
      assert.ok(Math.abs(x - expected) < 1e-4, `x at the pause after epoch ${epoch}: ${x}, expected ${expected}`);
    }
    assert.equal(ofType(events, 'resumed').length, 1);
    // Each pause takes apart the step a Step takes next (sgd's −lr·g), and looking at it moves nothing: the run ends where it would.
    const held = ofType(events, 'slope').filter((slope) => slope.epoch > 0);
    assert.equal(held.length, 4);
    for (const { anatomy, gradient, epoch } of held) {
      const sgd = -LESSON_LEARNING_RATE * (gradient[0] as number);
      assert.ok(anatomy && Math.abs((anatomy.taken[0] as number) - sgd) <= 1e-6, `the step from epoch ${epoch}: ${anatomy?.taken[0]}, sgd's ${sgd}`);
    }
    assert.equal(runs[0].epochs, 200);
    assert.ok(Math.abs((runs[0].variables.x as number) - LESSON_FINAL_X) < 1e-7);
    assert.equal(ofType(events, 'print').filter((p) => p.level === 'warn').length, 0, 'no word that it cannot be held');
  });

  it('a Pause sent while the lesson’s own loop holds the thread is answered before its run ends', async () => {
    const { events } = await runText(LESSON_CODE, 'scratch.ts', {}, new PauseDuringLoop());
    const warnings = events.flatMap((e, k) => (e.type === 'print' && e.level === 'warn' ? [k] : []));
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0] < events.findIndex((e) => e.type === 'runEnd'), 'the warning comes before the run’s end');
  });

  it('a config run ignores a pause asked for after its last epoch was queued', async () => {
    const { result, events } = await trainLesson({ epochs: 1 }, (event, gate) => {
      if (event.type === 'progress') gate.pause();
    });
    assert.equal(result.epochs, 1);
    assert.equal(ofType(events, 'paused').length, 0);
  });
});

/** A Pause the learner sends as the lesson's loop starts: a message, so it arrives once the thread is free. */
class PauseDuringLoop extends RunGate {
  private sent = false;

  get paused(): boolean {
    if (!this.sent) {
      this.sent = true;
      setTimeout(() => this.pause(), 0);
    }
    return super.paused;
  }
}
