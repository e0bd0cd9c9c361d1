// A machine with VS Code and no Node: code-server in a mount namespace where every `node` on
// PATH is hidden. The extension compiles in its own process, so the lesson still runs, helper
// files and syntax errors included.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { LESSON_FINAL_X, LESSON_START_X } from '../support/lesson';
import { LESSON_TEXT } from '../support/lessonFiles';
import { workbenchSuite } from './suite';
import { finishedRunCell, linesOfLastRun, openFile, runCommand, waitForOutput, webviewFrameShowing, WITHOUT_TYPESCRIPT_CHECKS } from './workbench';


describe('Descent without Node on the machine (code-server, every node on PATH hidden)', { timeout: 10 * 60_000 }, () => {
  const { step } = workbenchSuite({
    name: 'without-node',
    files: {
      'start.ts': `export const start = ${LESSON_START_X};\n`,
      'scratch.ts': LESSON_TEXT.replace("import * as tf from '@tensorflow/tfjs';", "import * as tf from '@tensorflow/tfjs';\nimport { start } from './start';").replace(`x: ${LESSON_START_X}`, 'x: start'),
      'broken.ts': 'export default {\n  epochs: 200\n  loss: () => 0,\n};\n',
    },
    settings: WITHOUT_TYPESCRIPT_CHECKS,
    withoutNode: true,
    stepTimeoutMs: 180_000,
  });

  step('compiles and runs a scratch that imports a helper file, to x ≈ 0.0034543', 'without-node-run', async (page) => {
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrameShowing(page, '.toolbar-title:text-matches("scratch\\\\.ts$")');
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
    const shown = await frame.locator('.run-cell').last().locator('.result-variable[data-name="x"]').innerText();
    const x = Number(/x\s*=\s*(\S+)/.exec(shown)?.[1]);
    assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x "${shown}", expected ≈ ${LESSON_FINAL_X}`);
    const output = await waitForOutput(page, 'the end of the scratch.ts run', (text) => linesOfLastRun(text, 'scratch.ts').some((l) => l.includes('tensors leaked')));
    assert.doesNotMatch(output, /spawn node/, 'the compiler tried to start node');
  });

  step('points a syntax error at its line', 'without-node-syntax', async (page) => {
    await openFile(page, 'broken.ts');
    await runCommand(page, 'Descent: Run Optimization');
    await waitForOutput(page, '"✗ compile error: broken.ts:3:3: …"', (text) => /✗ compile error: broken\.ts:3:3: Expected "}" but found "loss"/.test(text));
  });
});
