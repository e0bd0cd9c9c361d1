// A line fit on a million samples on WebGL, WebAssembly and the CPU backend, in the same page, and
// the backend Descent's own 'auto' (src/trainer/autoBackend.ts) picks for it.
import type { PanelPage } from './panelPage';
import { median, round } from './stats';
import type { AutoReply, PlainBackend, RegressionReply } from './worker/tasks';

const BACKENDS: PlainBackend[] = ['webgl', 'cpu', 'wasm'];

export interface RegressionFigures {
  samples: number;
  epochsPerBlock: number;
  blocks: number;
  webglMsPerEpoch: number;
  cpuMsPerEpoch: number;
  wasmMsPerEpoch: number;
  /** What backend: 'auto' picks for this line fit, timing its first epochs on each backend. */
  autoBackend: PlainBackend;
  /** Its reason, as the run's header shows it. */
  autoReason: string;
  /** The untimed first epochs on each backend: uploading the data, compiling shaders. */
  warmupMs: Record<PlainBackend, number>;
}

export interface RegressionOptions {
  samples: number;
  epochs: number;
  blocks: number;
  progress(line: string): void;
}

export async function measureRegression(panel: PanelPage, options: RegressionOptions): Promise<RegressionFigures> {
  const msPerEpoch = {} as Record<PlainBackend, number>;
  const warmupMs = {} as Record<PlainBackend, number>;
  for (const backend of BACKENDS) {
    const reply = await fitLine(panel, backend, options);
    msPerEpoch[backend] = median(reply.blockMs) / reply.epochs;
    warmupMs[backend] = round(reply.warmupMs);
    options.progress(`regression ${backend}: ${round(msPerEpoch[backend])} ms/epoch`);
  }
  const auto = await chooseAuto(panel, options.samples);
  options.progress(`regression auto: ${auto.backend} (${auto.reason})`);
  return {
    samples: options.samples,
    epochsPerBlock: options.epochs,
    blocks: options.blocks,
    webglMsPerEpoch: round(msPerEpoch.webgl),
    cpuMsPerEpoch: round(msPerEpoch.cpu),
    wasmMsPerEpoch: round(msPerEpoch.wasm),
    autoBackend: auto.backend,
    autoReason: auto.reason,
    warmupMs,
  };
}

async function fitLine(panel: PanelPage, backend: PlainBackend, options: RegressionOptions): Promise<RegressionReply> {
  const { reply } = await panel.runPlainWorker({ kind: 'regression', backend, samples: options.samples, epochs: options.epochs, blocks: options.blocks });
  if (reply.kind === 'failed') throw new Error(`the line fit on ${backend} failed: ${reply.error}`);
  if (reply.kind !== 'regression') throw new Error(`the plain tfjs worker answered a ${reply.kind} task`);
  if (reply.backend !== backend) throw new Error(`the line fit ran on ${reply.backend}, not ${backend}`);
  return reply;
}

async function chooseAuto(panel: PanelPage, samples: number): Promise<AutoReply> {
  const { reply } = await panel.runPlainWorker({ kind: 'auto', samples });
  if (reply.kind === 'failed') throw new Error(`auto on the line fit failed: ${reply.error}`);
  if (reply.kind !== 'auto') throw new Error(`the plain tfjs worker answered a ${reply.kind} task`);
  if (reply.timings.length !== BACKENDS.length) throw new Error(`auto timed only ${reply.reason}`);
  return reply;
}
