// The lesson's bare loop in a fresh Node process on the CPU backend: the floor for the CLI, which
// also trains in a fresh process (so both pay for V8 warming up on the first epochs).
import { startQuietCpu } from './quietCpu';
import { runLessonLoop } from './worker/lessonLoops';

async function main(epochs: number): Promise<void> {
  await startQuietCpu();
  process.stdout.write(`${JSON.stringify(runLessonLoop({ kind: 'bare', backend: 'cpu', epochs }))}\n`);
}

void main(Number(process.argv[2]));
