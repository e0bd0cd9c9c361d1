// The tensors Descent keeps for itself while a run trains (each epoch's cost and path clones until
// their batch is read back, the variables kept to go back to the epoch that converged, a batch's
// joined read) and the reads of them under way. tfjs counts them with the learner's own; the
// memory chart shows what the learner's code keeps, so memorySnapshot takes these out.
import * as tf from '@tensorflow/tfjs';

/** Tensors the trainer keeps; each is forgotten once disposed. */
const kept = new Set<tf.Tensor>();
/** The tensors of each read under way: tfjs holds a disposed one's texture until its read is done. */
const reads = new Set<readonly tf.Tensor[]>();
/** GPU bytes of the copies WebGL makes to download what is being read, until those reads end. */
let downloadBytes = 0;

/** What Descent holds in tfjs's memory, as tf.memory() counts it. */
interface OwnMemory {
  numTensors: number;
  numBytes: number;
  /** Counted only where the backend reports GPU bytes (WebGL). */
  numBytesInGPU: number;
}

/** Marks a tensor as Descent's own until it is disposed. */
export function keepOwn<T extends tf.Tensor>(tensor: T): T {
  kept.add(tensor);
  return tensor;
}

/**
 * Starts reading Descent's own tensors back (`start` begins every read before it returns, as
 * `data()` does): what the reads hold on the GPU is Descent's until they end.
 */
export function readOwn<T>(tensors: readonly tf.Tensor[], start: () => Promise<T>): Promise<T> {
  const before = gpuBytes();
  const read = start();
  // WebGL makes its download copies when a read starts, synchronously; nothing else runs meanwhile.
  const copies = gpuBytes() - before;
  downloadBytes += copies;
  reads.add(tensors);
  return read.finally(() => {
    downloadBytes -= copies;
    reads.delete(tensors);
  });
}

/** What Descent holds now: its live tensors, and on WebGL the textures only they and its reads hold. */
export function ownMemory(): OwnMemory {
  let numTensors = 0;
  let numBytes = 0;
  /** Each data buffer of Descent's tensors, with how many of its live tensors refer to it. */
  const holders = new Map<object, number>();
  for (const tensor of kept) {
    if (tensor.isDisposed) {
      kept.delete(tensor);
      continue;
    }
    numTensors++;
    // As tfjs counts numBytes: per tensor, so a clone counts as much as what it was cloned from.
    numBytes += tensor.size * tf.util.bytesPerElement(tensor.dtype);
    holders.set(tensor.dataId, (holders.get(tensor.dataId) ?? 0) + 1);
  }
  for (const tensors of reads) for (const { dataId } of tensors) if (!holders.has(dataId)) holders.set(dataId, 0);
  let numBytesInGPU = downloadBytes;
  const textures = textureTable();
  if (textures) {
    // The GPU counts each texture once, so a buffer is Descent's only when no other tensor refers
    // to it (the learner's variable, say, whose value a path clone shares).
    const backend = tf.engine().backend;
    for (const [dataId, count] of holders) if (backend.refCount(dataId) <= count) numBytesInGPU += textureBytes(textures, dataId);
  }
  return { numTensors, numBytes, numBytesInGPU };
}

/** What the WebGL backend counts on the GPU (numBytesInGPU); 0 elsewhere. */
function gpuBytes(): number {
  const { numBytesInGPU } = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return numBytesInGPU ?? 0;
}

interface TextureData {
  texture: unknown;
  texShape?: [number, number];
  dtype: tf.DataType;
}

interface TextureTable {
  has(dataId: object): boolean;
  get(dataId: object): TextureData;
}

/** tfjs has no public way to ask what a tensor's texture takes, so this reads the WebGL backend's own table; other backends have none. */
function textureTable(): TextureTable | undefined {
  return (tf.engine().backend as unknown as { texData?: TextureTable }).texData;
}

/** The bytes WebGL counts for a data buffer's texture, as its numBytesInGPU does; 0 once it is freed. */
function textureBytes(table: TextureTable, dataId: object): number {
  const data = table.has(dataId) ? table.get(dataId) : undefined;
  return data?.texture && data.texShape ? data.texShape[0] * data.texShape[1] * tf.util.bytesPerElement(data.dtype) : 0;
}
