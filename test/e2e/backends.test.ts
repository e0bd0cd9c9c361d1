// Every tfjs backend in a real VS Code (code-server): the lesson's scratch on webgl, cpu, wasm and
// auto, and descent.defaultBackend "auto" for a scratch that names none, each ending at the
// lesson's x. Then the faults: a wasm binary that never arrives, and a trainer script that never
// loads, each ending within its bound with a message that says what to try.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { Page } from 'playwright-core';
import { START_STAGE_MS, WASM_FILE_MS, WASM_FILE_NAMES } from '../../src/shared/protocol';
import { LESSON_FINAL_X } from '../support/lesson';
import { LESSON_TEXT } from '../support/lessonFiles';
import { waitFor } from './processes';
import { workbenchSuite } from './suite';
import { finishedRunCell, linesOfLastRun, openFile, runCommand, screenshot, statusBarItem, waitForOutput, webviewFrameShowing, WITHOUT_TYPESCRIPT_CHECKS } from './workbench';

const onBackend = (backend: string) => LESSON_TEXT.replace('logEvery: 20,', `logEvery: 20,\n  backend: '${backend}',`);

const BACKENDS = ['webgl', 'cpu', 'wasm', 'auto'] as const;
const SCRATCHES: Record<string, string> = {
  ...Object.fromEntries(BACKENDS.map((backend) => [`on-${backend}.ts`, onBackend(backend)])),
  // Names no backend: descent.defaultBackend decides.
  'by-setting.ts': LESSON_TEXT,
  'hung-wasm.ts': onBackend('wasm'),
  'hung-auto.ts': onBackend('auto'),
  'hung-trainer.ts': LESSON_TEXT,
};

/** A run cell's end, as a learner reads it: its status, the backend part of its header (with the reason) and the final x. */
async function finishedRun(page: Page, file: string): Promise<{ status: string; backend: string; x: number; text: string }> {
  const frame = await webviewFrameShowing(page, `.toolbar-title:text-matches("^(Descent — )?${file.replace('.', '\\\\.')}$")`);
  const cell = await finishedRunCell(frame);
  const last = frame.locator('.run-cell').last();
  const backend = (await last.locator('.run-backend').textContent({ timeout: 5000 }).catch(() => '')) ?? '';
  const shown = (await last.locator('.result-variable[data-name="x"]').innerText({ timeout: 5000 }).catch(() => '')) ?? '';
  return { ...cell, backend, x: Number(/x\s*=\s*(\S+)/.exec(shown)?.[1]) };
}

/** Runs `file` from the command palette; returns when (Date.now()) the command was given. */
async function run(page: Page, file: string): Promise<number> {
  await runCommand(page, 'View: Close All Editor Groups');
  await openFile(page, file);
  const commanded = Date.now();
  await runCommand(page, 'Descent: Run Optimization');
  return commanded;
}

function assertLessonResult(result: { status: string; x: number; text: string }, what: string): void {
  assert.equal(result.status, 'completed', `${what}: the run cell says:\n${result.text}`);
  assert.ok(Math.abs(result.x - LESSON_FINAL_X) < 1e-5, `${what}: final x ${result.x}, expected ≈ ${LESSON_FINAL_X}; the cell says:\n${result.text}`);
}

/**
 * From now on, every fetch for an address ending in one of `files`, in every frame of the
 * workbench that opens (the Descent panels among them), waits for ever: as when VS Code does not
 * answer a webview's request. Only an abort ends it. Panels opened before keep their fetch.
 */
async function makeHang(page: Page, files: readonly string[]): Promise<void> {
  await page.context().addInitScript((names: readonly string[]) => {
    const fetchForReal = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const address = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!names.some((name) => address.split(/[?#]/)[0].endsWith(name))) return fetchForReal(input, init);
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('The request was aborted.', 'AbortError'))));
    };
  }, files);
}

describe('Descent on every backend in code-server', { timeout: 20 * 60_000 }, () => {
  const suite = workbenchSuite({
    name: 'backends',
    files: SCRATCHES,
    settings: { ...WITHOUT_TYPESCRIPT_CHECKS, 'descent.defaultBackend': 'auto' },
    stepTimeoutMs: 180_000,
  });

  for (const backend of BACKENDS) {
    suite.step(`trains the lesson on ${backend} to x ≈ 0.0034543`, `backend-${backend}`, async (page) => {
      const commanded = await run(page, `on-${backend}.ts`);
      const result = await finishedRun(page, `on-${backend}.ts`);
      // A figure, not an assertion (the first includes opening the first panel of the window).
      console.log(`# ${backend}: command to completed ${((Date.now() - commanded) / 1000).toFixed(1)} s, new panel`);
      await screenshot(page, `backend-${backend}`);
      assertLessonResult(result, backend);
      if (backend === 'auto') {
        // Every candidate was timed: none was dropped, and the one chosen is named with the times.
        assert.match(result.backend, /^(webgl|wasm|cpu) \(auto: (webgl|wasm|cpu) [\d.e-]+ ms\/epoch, (webgl|wasm|cpu) [\d.e-]+, (webgl|wasm|cpu) [\d.e-]+\)$/, `the header's backend: ${result.backend}`);
      } else {
        assert.equal(result.backend, backend, `the run did not train on ${backend}: the cell says\n${result.text}`);
      }
    });
  }

  suite.step('trains a scratch that names no backend on the one descent.defaultBackend "auto" chooses', 'backend-setting', async (page) => {
    await run(page, 'by-setting.ts');
    const result = await finishedRun(page, 'by-setting.ts');
    assertLessonResult(result, 'descent.defaultBackend auto');
    assert.match(result.backend, /\(auto: /, `the header's backend does not say auto chose it: ${result.backend}`);
  });

  suite.step(`a wasm binary that never arrives: wasm falls back, and auto drops wasm, within ${WASM_FILE_MS / 1000} s each, saying why`, 'backend-hung-wasm', async (page) => {
    await makeHang(page, WASM_FILE_NAMES);
    const dropped = `wasm did not start: its file could not be loaded (no answer within ${WASM_FILE_MS / 1000} s)`;

    await run(page, 'hung-wasm.ts');
    const fellBack = await finishedRun(page, 'hung-wasm.ts');
    await screenshot(page, 'backend-hung-wasm');
    assertLessonResult(fellBack, 'wasm that hangs');
    assert.match(fellBack.backend, /^(webgl|cpu) \(/, `the run should say which backend it trained on instead: ${fellBack.backend}`);
    assert.ok(fellBack.backend.includes(dropped), `the header does not say why wasm was left: ${fellBack.backend}`);
    const output = await waitForOutput(page, 'the end of hung-wasm.ts', (text) => linesOfLastRun(text, 'hung-wasm.ts').some((l) => l.includes('tensors leaked')));
    assert.ok(linesOfLastRun(output, 'hung-wasm.ts')[0].includes(dropped), `the output channel's header does not say why wasm was left:\n${output}`);

    await run(page, 'hung-auto.ts');
    const raced = await finishedRun(page, 'hung-auto.ts');
    assertLessonResult(raced, 'auto with a wasm that hangs');
    assert.match(raced.backend, /^(webgl|cpu) \(auto: (webgl|cpu) [\d.e-]+ ms\/epoch, (webgl|cpu) [\d.e-]+; wasm did not start: /, `auto should time the others and drop wasm: ${raced.backend}`);
  });

  const workerSeconds = START_STAGE_MS.worker / 1000;
  suite.step(`a trainer script that never loads ends within ${workerSeconds} s in an error that names the stage, in the cell, the output channel and the status bar`, 'backend-hung-trainer', async (page) => {
    await makeHang(page, ['worker.js']);
    const expected = `The trainer did not start within ${workerSeconds} s`;
    await run(page, 'hung-trainer.ts');
    const result = await finishedRun(page, 'hung-trainer.ts');
    await screenshot(page, 'backend-hung-trainer');
    assert.equal(result.status, 'error', `the run cell says:\n${result.text}`);
    assert.ok(result.text.includes(`✗ timeout error: hung-trainer.ts: ${expected}`), `the run cell does not say why:\n${result.text}`);
    await waitForOutput(page, `"${expected}"`, (text) => text.includes(`✗ timeout error: hung-trainer.ts: ${expected}`));
    const status = statusBarItem(page, 'Descent could not start hung-trainer.ts');
    await waitFor('the status bar to say the run did not start', 10_000, async () => ((await status.isVisible()) ? true : undefined));
    assert.match((await status.innerText()).trim(), /hung-trainer\.ts: the run did not start/);
  });
});
