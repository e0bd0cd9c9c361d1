// The integration suite that runs inside a VS Code extension host (started by electron.test.ts).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DescentApi } from '../../src/extension/extension';
import type { RunOutcome } from '../../src/extension/scratchSession';
import { LESSON_FINAL_X } from '../support/lesson';

const tests: [string, () => Promise<void>][] = [
  [
    'registers the Descent commands',
    async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['descent.run', 'descent.stop', 'descent.showOutput', 'descent.newScratch']) {
        assert.ok(commands.includes(id), `${id} is registered`);
      }
    },
  ],
  [
    'runs the lesson scratch and reports it to the output channel',
    async () => {
      const extension = vscode.extensions.all.find((e) => e.packageJSON.name === 'descent');
      assert.ok(extension, 'the extension is installed');
      const api = (await extension.activate()) as DescentApi;
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'a workspace folder is open');
      const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'scratch.ts'));
      await vscode.window.showTextDocument(document);
      const outcome = await new Promise<RunOutcome>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no run finished within 60 s')), 60_000);
        api.onDidFinishRun((o) => {
          clearTimeout(timer);
          resolve(o);
        });
        void vscode.commands.executeCommand('descent.run');
      });
      assert.equal(outcome.error, null);
      assert.ok(Math.abs((outcome.runs[0].variables.x as number) - LESSON_FINAL_X) < 1e-5);
      assert.equal(outcome.lines[0], '▶ scratch.ts · sgd lr=0.0001 · 200 epochs · backend webgl');
      assert.match(outcome.lines[outcome.lines.length - 1], /completed .* x = 0\.00345/);
    },
  ],
];

export async function run(): Promise<void> {
  const failed: string[] = [];
  for (const [name, test] of tests) {
    try {
      await test();
      console.log(`✔ ${name}`);
    } catch (error) {
      failed.push(name);
      console.error(`✖ ${name}\n${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  if (failed.length) throw new Error(`${failed.length} of ${tests.length} integration tests failed: ${failed.join('; ')}`);
}
