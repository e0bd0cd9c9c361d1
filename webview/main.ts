// The notebook panel's entry point: wires the VS Code channel, the theme and the notebook, then
// tells the host it is ready for its first message.
import { BACKENDS, validateToWebview } from '../src/shared/protocol';
import { Host } from './ui/base/host';
import { Notebook } from './ui/cells/notebook';
import { onThemeChange } from './ui/base/theme';
import { WorkerScript } from './ui/workers/trainerWorker';
import { WasmFiles } from './ui/workers/wasmFiles';

// When the page's script began to run, for DevTools and the bench (after its download and parse).
performance.mark('descent script');
const root = document.getElementById('notebook');
const { workerUri, wasmUri, backend, figures } = root?.dataset ?? {};
if (!root || !workerUri || !wasmUri) throw new Error('The Descent panel page lacks its #notebook element or the addresses of its trainer.');

const host = new Host();
const notebook = new Notebook(root, host, new WorkerScript(workerUri), new WasmFiles(wasmUri), {
  backend: BACKENDS.find((known) => known === backend) ?? 'auto',
  figures: figures !== 'false',
});

window.addEventListener('message', (event: MessageEvent) => {
  const checked = validateToWebview(event.data);
  if (checked.ok) notebook.handle(checked.message);
  else host.warnOnce('host-message', `The Descent panel ignored a malformed message: ${checked.problem}`);
});
onThemeChange(() => notebook.applyTheme());
host.post({ type: 'ready' });
