// Which way is down along a run's path components: the loss's gradient by them and the loss a small
// step either side, at the run's start and wherever the learner pauses it; with the optimizer, its
// step from there taken apart (stepAnatomy.ts).
import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '../shared/protocol';
import { LossProbe, type ProbeComponent, type SlopeAt } from './lossProbe';
import { stepAnatomy, type OptimizerStep } from './stepAnatomy';

export class PathSlope {
  private readonly probe: LossProbe | null;

  constructor(loss: () => tf.Scalar, components: ProbeComponent[]) {
    this.probe = components.length ? new LossProbe(loss, components) : null;
  }

  /**
   * The slope where the path components are now; null without any, or when tfjs cannot
   * take the loss's gradient by them alone (a loss that uses none of them, or not all): training
   * then goes on as without it, and says what is wrong with a loss it cannot train. Given the
   * optimizer's step, the slope holds that step taken apart, when it can be taken.
   */
  here(step?: OptimizerStep): SlopeAt | null {
    if (!this.probe) return null;
    const probe = this.probe;
    let slope: SlopeAt | null = null;
    try {
      // The scope frees what a failing gradient would leave, so it is never counted as the learner's leak.
      tf.tidy(() => {
        slope = probe.slope();
      });
    } catch {
      return null;
    }
    return step ? { ...slope!, ...anatomyOf(step, probe, slope!) } : slope;
  }
}

function anatomyOf(step: OptimizerStep, probe: LossProbe, slope: SlopeAt): Pick<SlopeAt, 'anatomy'> {
  try {
    return { anatomy: stepAnatomy(step, probe.components, slope.gradient) };
  } catch {
    return {};
  }
}

/** Where the next step lands, when the optimizer says ahead: sgd's at − learningRate·gradient. */
export function predictedNext(slope: SlopeAt, optimizer: OptimizerSpec): (number | null)[] | null {
  if (optimizer.name !== 'sgd') return null;
  return slope.at.map((x, k) => {
    const gradient = slope.gradient[k];
    return x === null || gradient === null ? null : x - optimizer.learningRate * gradient;
  });
}
