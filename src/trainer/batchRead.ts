// How a batch's costs, path and shown variables come back from the backend. On WebGL a read is a
// round trip to the GPU, so the batch keeps its tensors (each epoch's cost, and a clone of each path
// variable after it, whole) and reads them all at once when it ends, and it runs longer: every read waits
// for the GPU to finish what was queued before it. On the CPU backends (cpu, wasm) a tensor already
// lives in memory and reading it is a copy, so each epoch is read as it comes and its cost freed at
// once: no tensors kept, nothing joined.
import * as tf from '@tensorflow/tfjs';
import { finiteOrNull, type Value } from '../shared/protocol';
import { keepOwn, readOwn } from './ownTensors';

/** Tensors WebGL joins in one program (tfjs's WEBGL_MAX_TEXTURES_IN_SHADER is at most 16). */
const GROUP = 16;
/**
 * At most this many epochs per batch (on WebGL, work queued ahead of the GPU): 15 groups, and the
 * shown variables make the 16th input of the batch's last join. A path adds 15 groups a variable,
 * which tfjs joins 16 at a time.
 */
export const MAX_BATCH = 15 * GROUP;
/** A batch on the CPU backends reports after about this long (so does the lesson form's, see RunRecorder.reportDue). */
export const BATCH_MS = 30;
/**
 * A batch on WebGL, at most. Each read stalls the GPU's queue, about 5 ms of a software GPU's
 * thread: 30 ms batches made the lesson train at 0.76 of the bare loop, batches of MAX_BATCH
 * epochs (about 160 ms there) at 0.9. A real GPU queues MAX_BATCH epochs far sooner.
 */
const JOINED_BATCH_MS = 200;

/** A variable the run shows while it trains, by name. */
export type ShownVariable = readonly [string, tf.Variable];

export interface BatchRead {
  losses: Float32Array;
  /** Each path variable after each epoch of the batch, in the path's order: its numbers, one epoch after another. */
  path: Float32Array[];
  /** The shown variables when the batch ended. */
  live: Record<string, Value>;
  /** The shown variables at each logEvery epoch inside the batch, for its log line. */
  logged: Map<number, Record<string, Value>>;
}

export interface BatchRecorder {
  /** How long the batch queues epochs before it ends and is read back. */
  readonly batchMs: number;
  readonly epochs: number;
  /**
   * A cost already read was not finite, so the batch ends at that epoch and nothing trains past
   * it. Only a recorder that reads as it goes can tell; on WebGL the batch's read finds it.
   */
  readonly diverged: boolean;
  /**
   * Takes an epoch's cost, and the path variables as that epoch left them; frees the cost once read
   * unless the run forgets its costs on purpose.
   */
  cost(cost: tf.Scalar): void;
  /** Keeps the shown variables as they are now, at a logEvery epoch. */
  log(epoch: number): void;
  /** Ends the batch: everything it took, on its way back. */
  end(): Promise<BatchRead>;
}

/**
 * The recorder for the backend a run trains on (the name tf.getBackend() gives). `path`: the
 * variables it keeps after every epoch.
 */
export function batchRecorder(backend: string, shown: ShownVariable[], path: ShownVariable[], disposeCosts: boolean): BatchRecorder {
  return backend === 'webgl' ? new JoinedRead(shown, path, disposeCosts) : new ImmediateRead(shown, path, disposeCosts);
}

class ImmediateRead implements BatchRecorder {
  readonly batchMs = BATCH_MS;
  private count = 0;
  private readonly losses = new Float32Array(MAX_BATCH);
  private readonly trail: Float32Array[];
  private readonly logged = new Map<number, Record<string, Value>>();

  constructor(
    private readonly shown: ShownVariable[],
    private readonly path: ShownVariable[],
    private readonly disposeCosts: boolean,
  ) {
    this.trail = path.map(([, v]) => new Float32Array(MAX_BATCH * v.size));
  }

  get epochs(): number {
    return this.count;
  }

  get diverged(): boolean {
    return this.count > 0 && !Number.isFinite(this.losses[this.count - 1]);
  }

  cost(cost: tf.Scalar): void {
    this.losses[this.count] = cost.dataSync()[0];
    this.path.forEach(([, v], k) => this.trail[k].set(v.dataSync(), this.count * v.size));
    this.count++;
    if (this.disposeCosts) cost.dispose();
  }

  log(epoch: number): void {
    this.logged.set(epoch, readShown(this.shown));
  }

  end(): Promise<BatchRead> {
    const path = this.trail.map((values, k) => values.subarray(0, this.count * this.path[k][1].size));
    return Promise.resolve({ losses: this.losses.subarray(0, this.count), path, live: readShown(this.shown), logged: this.logged });
  }
}

class JoinedRead implements BatchRecorder {
  readonly batchMs = JOINED_BATCH_MS;
  private readonly costs: tf.Scalar[] = [];
  /** Each path variable's clones, one an epoch: a clone shares the variable's data, so keeping it queues no GPU work. */
  private readonly trail: tf.Tensor[][];
  private readonly logged: { epoch: number; values: tf.Tensor[] }[] = [];
  readonly diverged = false;

  constructor(
    private readonly shown: ShownVariable[],
    private readonly path: ShownVariable[],
    private readonly disposeCosts: boolean,
  ) {
    this.trail = path.map(() => []);
  }

  get epochs(): number {
    return this.costs.length;
  }

  cost(cost: tf.Scalar): void {
    // A cost the run forgets on purpose stays the learner's: it is the leak the lesson shows.
    this.costs.push(this.disposeCosts ? keepOwn(cost) : cost);
    this.path.forEach(([, v], k) => this.trail[k].push(keepOwn(v.clone())));
  }

  log(epoch: number): void {
    this.logged.push({ epoch, values: this.shown.map(([, v]) => keepOwn(v.clone())) });
  }

  end(): Promise<BatchRead> {
    const { costs, trail, logged, shown } = this;
    const variables = shown.map(([, v]) => v);
    const series = [costs, ...trail];
    // A batch of one epoch (a run's first, or an epoch slower than a batch) is read as it is:
    // joining compiles GPU programs (about 170 ms on software WebGL) that would hold back the first
    // point the learner waits for.
    const alone = costs.length === 1;
    const read = alone ? [...series.map(([first]) => first), ...variables.map((v) => keepOwn(v.clone()))] : [keepOwn(joinBatch(series, variables))];
    const readAll = (tensors: tf.Tensor[]) => Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
    const loggedValues = logged.map(({ values }) => values);
    const reads = readOwn([...read, ...loggedValues.flat()], () => Promise.all([readAll(read), Promise.all(loggedValues.map(readAll))]));
    // A tensor disposed while its read is under way is freed when the read is done.
    if (this.disposeCosts) tf.dispose(costs);
    tf.dispose([...(alone ? read.slice(1) : [...read, ...trail.flat()]), ...logged.flatMap(({ values }) => values)]);
    return reads.then(([arrays, loggedValues]) => {
      const sizes = series.map(([first]) => first.size);
      const [losses, ...path] = alone ? arrays.slice(0, series.length) : splitSeries(arrays[0], sizes, costs.length);
      const live = alone ? arrays.slice(series.length) : splitValues(arrays[0], sizes, variables);
      return {
        losses,
        path,
        live: shownValues(shown, live),
        logged: new Map(logged.map(({ epoch }, k) => [epoch, shownValues(shown, loggedValues[k])])),
      };
    });
  }
}

/** A joined batch's series (its losses, then each path variable's values), each MAX_BATCH epochs of `sizes[s]` numbers long. */
function splitSeries(flat: Float32Array, sizes: readonly number[], epochs: number): Float32Array[] {
  let offset = 0;
  return sizes.map((size) => flat.subarray(offset, (offset += MAX_BATCH * size) - (MAX_BATCH - epochs) * size));
}

/** A joined batch's shown variables, after its series. */
function splitValues(flat: Float32Array, sizes: readonly number[], values: tf.Tensor[]): Float32Array[] {
  let offset = sizes.reduce((sum, size) => sum + MAX_BATCH * size, 0);
  return values.map((v) => flat.subarray(offset, (offset += v.size)));
}

/**
 * A batch's series (its costs, then each path variable after each epoch), each padded to MAX_BATCH
 * epochs, then the shown variables, flattened into one tensor: one read for the whole batch.
 * WebGL joins at most GROUP tensors per program and compiles a program per shape, so each series is
 * joined in groups of GROUP, padded, and groups without epochs are a ready-made block of zeros: a
 * few programs per batch, the same shapes in every batch of a run.
 */
function joinBatch(series: tf.Tensor[][], values: tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(() => {
    const padding = new Map<number, { zero: tf.Tensor; emptyGroup: tf.Tensor }>();
    const paddingOf = (size: number) => {
      let pad = padding.get(size);
      if (!pad) padding.set(size, (pad = { zero: tf.zeros([size]), emptyGroup: tf.zeros([GROUP * size]) }));
      return pad;
    };
    const groups = series.flatMap((epochs) => {
      const size = epochs[0].size;
      const { zero, emptyGroup } = paddingOf(size);
      return Array.from({ length: MAX_BATCH / GROUP }, (_, g) => {
        const group = epochs.slice(g * GROUP, (g + 1) * GROUP).map((t) => t.reshape([size]));
        return group.length ? tf.concat([...group, ...new Array<tf.Tensor>(GROUP - group.length).fill(zero)]) : emptyGroup;
      });
    });
    const flatValues = values.map((v) => v.reshape([-1]));
    return tf.concat(flatValues.length ? [...groups, flatValues.length > 1 ? tf.concat(flatValues) : flatValues[0]] : groups);
  }) as tf.Tensor1D;
}

/** The variables' values now, read from the backend at once. */
export function readShown(shown: ShownVariable[]): Record<string, Value> {
  return shownValues(shown, shown.map(([, v]) => v.dataSync() as Float32Array));
}

function shownValues(shown: ShownVariable[], read: Float32Array[]): Record<string, Value> {
  return Object.fromEntries(shown.map(([name, v], k) => [name, unflatten(read[k], v.shape)]));
}

function unflatten(flat: Float32Array, shape: number[]): Value {
  if (shape.length === 0) return finiteOrNull(flat[0]);
  // A row is read as it is: a view per number would cost far more than the number (a run's final values may be millions).
  if (shape.length === 1) return Array.from(flat, (n) => finiteOrNull(n));
  const [size, ...inner] = shape;
  const step = flat.length / size;
  return Array.from({ length: size }, (_, i) => unflatten(flat.subarray(i * step, (i + 1) * step), inner));
}
