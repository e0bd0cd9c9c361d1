// A line fit on a million samples on WebGL and on the CPU backend, in the same page: which
// backend an 'auto' choice should pick for a problem of this size.
import type { PanelPage } from './panelPage';
import { median, round } from './stats';
import type { PlainBackend, RegressionReply } from './worker/tasks';

export interface RegressionFigures {
  samples: number;
  epochsPerBlock: number;
  blocks: number;
  webglMsPerEpoch: number;
  cpuMsPerEpoch: number;
  autoBackend: PlainBackend;
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
  for (const backend of ['webgl', 'cpu'] as const) {
    const reply = await fitLine(panel, backend, options);
    msPerEpoch[backend] = median(reply.blockMs) / reply.epochs;
    warmupMs[backend] = round(reply.warmupMs);
    options.progress(`regression ${backend}: ${round(msPerEpoch[backend])} ms/epoch`);
  }
  return {
    samples: options.samples,
    epochsPerBlock: options.epochs,
    blocks: options.blocks,
    webglMsPerEpoch: round(msPerEpoch.webgl),
    cpuMsPerEpoch: round(msPerEpoch.cpu),
    autoBackend: msPerEpoch.webgl <= msPerEpoch.cpu ? 'webgl' : 'cpu',
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
